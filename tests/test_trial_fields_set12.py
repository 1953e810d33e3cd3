"""Trial-level fields and titles of blind set 12's kinds of page (issue 11), each on a few lines written
for the test with invented names: registry cards of Czech, Greek, Hungarian, Turkish, Polish and
Indonesian (bilingual) registers and a Colombian Spanish one; a status stated as a verb or as a badge,
enrollment in prose, and titles of news, journal and recruitment-listing pages."""
from __future__ import annotations

import pytest

from test_trial_fields import trial_row

_ALL = ("phases", "overall_status", "study_type", "enrollment", "enrollment_type", "min_age_years",
        "max_age_years", "sex", "healthy_volunteers")


@pytest.mark.parametrize("page, expected", [
    # Czech: labels above their values; the whole trial's planned count outranks the Czech share
    ("Název klinického hodnocení\nRandomizované klinické hodnocení fáze II přípravku ZB-1 u pacientů s karcinomem\n\n"
     "Fáze\nII\n\nTyp hodnocení\nintervenční, randomizované\n\nStav\nnábor ukončen\n\n"
     "Celkový plánovaný počet subjektů\n300\n\nPlánovaný počet subjektů v ČR\n12\n\n"
     "Věk subjektů\n18 až 70 let\n\nPohlaví\nženy\n\nZdraví dobrovolníci\nano\n",
     {"phases": ["PHASE2"], "overall_status": "ACTIVE_NOT_RECRUITING", "study_type": "INTERVENTIONAL",
      "enrollment": 300, "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 70.0,
      "sex": "FEMALE", "healthy_volunteers": True}),
    # Greek: a table of label | value rows; a phase in Greek capital iotas
    ("| Πεδίο | Τιμή |\n|---|---|\n| Τίτλος μελέτης | Τυχαιοποιημένη μελέτη Φάσης ΙΙ του ZB-2 σε ασθενείς |\n"
     "| Φάση | ΙΙ |\n| Είδος μελέτης | Μη παρεμβατική |\n| Κατάσταση | Ολοκληρώθηκε |\n"
     "| Ηλικία συμμετεχόντων | 21 ετών και άνω |\n| Φύλο | Άνδρες |\n| Υγιείς εθελοντές | Ναι |\n"
     "| Προβλεπόμενος αριθμός ασθενών | 90 |\n",
     {"phases": ["PHASE2"], "overall_status": "COMPLETED", "study_type": "OBSERVATIONAL", "enrollment": 90,
      "enrollment_type": "ESTIMATED", "min_age_years": 21.0, "max_age_years": None, "sex": "MALE",
      "healthy_volunteers": True}),
    # Hungarian: "Nem" is the label of sex and also the value "no" of the line below another label
    ("Vizsgálat hivatalos címe\nKettős vak, II. fázisú vizsgálat a ZB-3 hatásának értékelésére\n"
     "Fázis\nII.\nVizsgálat típusa\nbeavatkozással nem járó (megfigyeléses)\nStátusz\nbetegbevonás lezárult\n"
     "Tervezett betegszám\nMagyarország: 10; összesen: 240\nÉletkor\n18–80 év\nNem\nférfiak és nők\n"
     "Egészséges önkéntesek\nnem\nVizsgálóhelyek\nBudapest\n",
     {"phases": ["PHASE2"], "overall_status": "ACTIVE_NOT_RECRUITING", "study_type": "OBSERVATIONAL",
      "enrollment": 240, "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 80.0,
      "sex": "ALL", "healthy_volunteers": False}),
    # Turkish: "Label : value" lines; the whole trial's count after the Turkish share
    ("Araştırmanın Adı : ZB-4 ile Faz 3 Randomize Çalışma\nFaz : Faz 3\nAraştırma Türü : Gözlemsel\n"
     "Durumu : Hasta alımı tamamlandı\nTürkiye'deki Planlanan Gönüllü Sayısı : 20\n"
     "Toplam Planlanan Gönüllü Sayısı : 410\nYaş Aralığı : 18 yaş ve üzeri\nCinsiyet : Kadın\n"
     "Sağlıklı Gönüllü : Evet\n",
     {"phases": ["PHASE3"], "overall_status": "ACTIVE_NOT_RECRUITING", "study_type": "OBSERVATIONAL",
      "enrollment": 410, "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "sex": "FEMALE",
      "healthy_volunteers": True}),
    # Polish
    ("Tytuł oficjalny:\nBadanie fazy II leku ZB-5 u pacjentów z rakiem jelita grubego\n\nFaza badania: II\n"
     "Rodzaj badania: obserwacyjne\nStatus rekrutacji: Jeszcze nie rekrutuje\nPlanowana liczba uczestników: 60\n"
     "Wiek: od 18 do 65 lat\nPłeć: mężczyźni\nZdrowi ochotnicy: tak\n",
     {"phases": ["PHASE2"], "overall_status": "NOT_YET_RECRUITING", "study_type": "OBSERVATIONAL",
      "enrollment": 60, "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 65.0,
      "sex": "MALE", "healthy_volunteers": True}),
    # Indonesian / English label lines, values below
    ("Judul Ilmiah / Scientific Title\nUji Klinik Fase 2 ZB-6 pada Pasien Kanker Paru\n\n"
     "Tipe Studi / Study Type\nObservasional / Observational\n\nFase / Phase\n2\n\n"
     "Status Rekrutmen / Recruitment Status\nSedang merekrut\n\nTarget Jumlah Sampel / Target Sample Size\n75\n\n"
     "Jenis Kelamin / Sex\nLaki-laki dan Perempuan\n\nUsia / Age\n18 - 65 tahun\n\n"
     "Relawan Sehat / Healthy Volunteers\nTidak\n",
     {"phases": ["PHASE2"], "overall_status": "RECRUITING", "study_type": "OBSERVATIONAL", "enrollment": 75,
      "enrollment_type": "ESTIMATED", "min_age_years": 18.0, "max_age_years": 65.0, "sex": "ALL",
      "healthy_volunteers": False}),
    # Colombian Spanish: the world figure outranks the country's; a protocol approved but not yet recruiting
    ("Título del protocolo:\nEstudio de fase 2 de ZB-7 en pacientes con cáncer\n\nFase: II\n"
     "Estado del protocolo: Aprobado – aún no inicia reclutamiento\n"
     "Número de pacientes planeados en Colombia: 8\nNúmero de pacientes planeados a nivel mundial: 90\n",
     {"overall_status": "NOT_YET_RECRUITING", "enrollment": 90, "enrollment_type": "ESTIMATED"}),
])
def test_register_cards_of_set_12(page, expected):
    row = trial_row(page)
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize("page", [
    "Stav\naktivní, bez náboru\nSkutečný počet subjektů\n212\n",
    "Κατάσταση: Ενεργή, χωρίς στρατολόγηση\nΠραγματικός αριθμός ασθενών: 212\n",
    "Durumu : Aktif, hasta alımı yok\nGerçekleşen Gönüllü Sayısı : 212\n",
    "Status rekrutacji: Aktywne, bez rekrutacji\nRzeczywista liczba uczestników: 212\n",
    "Status Rekrutmen / Recruitment Status\nAktif, tidak merekrut\n\nJumlah Sampel Aktual\n212\n",
])
def test_active_not_recruiting_and_actual_counts_in_the_register_languages(page):
    row = trial_row(page)
    assert (row["overall_status"], row["enrollment"], row["enrollment_type"]) == ("ACTIVE_NOT_RECRUITING", 212, "ACTUAL")


@pytest.mark.parametrize("page, expected", [
    ("Acme Bio has terminated the only clinical study of its ZB-8 program after safety signals.\n",
     {"overall_status": "TERMINATED"}),
    ("The phase 2 trial was terminated in March after an interim analysis.\n", {"overall_status": "TERMINATED"}),
    ("Clinical Trials\n\n[ Enrolling ]  Lung Cancer · Phase 2\n\nStudy title: A Phase 2 Study of ZB-9\n",
     {"overall_status": "RECRUITING"}),
    ("ZORBA-4\n\nABIERTO En reclutamiento\n\nTítulo del ensayo\nEnsayo clínico fase II de ZB-10\n",
     {"overall_status": "RECRUITING"}),
    ("Die Studie rekrutiert derzeit. Insgesamt sollen 240 Patientinnen und Patienten an 30 Zentren teilnehmen.\n",
     {"overall_status": "RECRUITING", "enrollment": 240, "enrollment_type": "ESTIMATED"}),
    ("Die Studie rekrutiert nicht mehr.\n", {"overall_status": None}),
    ("Acme's HER2-targeted conjugate ZB-11 has completed enrollment of all 312 subjects in ZORBA-Lung02, "
     "its phase 3 clinical trial.\n", {"enrollment": 312, "enrollment_type": "ACTUAL"}),
    ("Geplante Patientinnenzahl: 380 (bundesweit)\n", {"enrollment": 380, "enrollment_type": "ESTIMATED"}),
    ("Qui peut participer ?\n• Les femmes et les hommes âgés de 18 ans ou plus ;\n", {"sex": "ALL"}),
])
def test_status_and_enrollment_in_prose(page, expected):
    row = trial_row(page)
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize("page, title", [
    # a news headline with an author and a dated time below: the trial's name ("dubbed") is the title
    ("ACME NEWS\n\nR&D\n\nAcme Bio pulls the plug on its bispecific after safety signals in Phase 1\n\n"
     "Jane Roe\nSenior Editor\nMarch 3, 2026 09:15 AM EST\n\nAcme Bio has stopped work on ZB-12. "
     "The Phase 1 trial, dubbed ZORBA-12 (NCT00000012), enrolled 30 patients.\n", "ZORBA-12"),
    # a wire story: a source and a numeric date and time below the headline; the name in apposition
    ("Markets News\n\nAcme Pharma (01234): Phase III trial of ZB-13 in breast cancer completes subject enrollment\n\n"
     "Acme Wire · 02/03/2026 09:30\n\nAcme Pharma said ZB-13 has completed enrollment of all 400 subjects in "
     "ZORBA-Breast05, its Phase III clinical trial (NCT00000013), comparing ZB-13 with chemotherapy.\n",
     "ZORBA-Breast05"),
    # a journal article's protocol title: the name in brackets at its end
    ("Acme Journal of Oncology\n\nStudy Protocol\n\nZB-14 plus chemotherapy for HER2-positive breast cancer: study "
     "protocol for a single-arm, multicenter phase II trial (ZORBA-HER2)\n\nJane Roe1, John Doe2\n",
     "ZORBA-HER2"),
    # a recruitment listing: the site's name first, then the study's title with its name
    ("Acme For Health — Research Studies\nFind a study | About\n\n< Back to search results\n\n"
     "Candesartan to Protect the Kidney During ZB-15 Therapy in Adults (ZORBA-K1)\n"
     "Protecting the Kidney During Treatment\n\nBrief description of study\nThe purpose of this study is to learn "
     "whether candesartan helps.\n", "Candesartan to Protect the Kidney During ZB-15 Therapy in Adults (ZORBA-K1)"),
    # a mirror page: the official title as the heading, the public title labelled below it
    ("Acme Trials\n\nTrial\nA Phase 3, Randomized, Open-label Study of ZB-16 Versus Standard Care in Advanced "
     "Gastric Cancer (ZORBA-G)\n\nPublic title: ZB-16 in Gastric Cancer\nPhase: Phase 3\n",
     "A Phase 3, Randomized, Open-label Study of ZB-16 Versus Standard Care in Advanced Gastric Cancer (ZORBA-G)"),
    # a French lay article: the official title under its label outranks the headline
    ("Accueil > Nos recherches > ZORBA\n\nL'étude ZORBA : un nouvel espoir pour les patientes\n\n"
     "Publié le 3 mars 2026\n\nTitre officiel : Étude de phase III, randomisée, comparant le ZB-17 au standard\n",
     "Étude de phase III, randomisée, comparant le ZB-17 au standard"),
    # Czech, Greek and Turkish title labels
    ("Název klinického hodnocení\nKlinické hodnocení fáze II přípravku ZB-18\n\nFáze\nII\n",
     "Klinické hodnocení fáze II přípravku ZB-18"),
    ("Τίτλος μελέτης: Μελέτη Φάσης ΙΙ του ZB-19 σε ασθενείς με καρκίνο\nΦάση: ΙΙ\n",
     "Μελέτη Φάσης ΙΙ του ZB-19 σε ασθενείς με καρκίνο"),
    ("Araştırmanın Adı : ZB-20 ile Faz 2 Çalışma\nFaz : Faz 2\n", "ZB-20 ile Faz 2 Çalışma"),
])
def test_titles_of_set_12(page, title):
    assert trial_row(page)["title"] == title
