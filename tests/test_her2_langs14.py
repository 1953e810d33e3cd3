"""HER2 words of the languages written before their pages are met (session 9): Romanian,
Bulgarian, Ukrainian, Slovak, Slovenian, Croatian/Serbian/Bosnian (Latin and Cyrillic),
Lithuanian, Latvian, Estonian, Arabic, Catalan, Malay, each a rule file her2_lang_<code>.yaml
read by the same mechanism. Pages and criteria written for the test (a registry record, a
hospital listing, a news item); the expected rows are read from them."""
from __future__ import annotations

import unicodedata

import pytest

from extract.components.her2 import extract_her2
from extract.context import build_context
from extract.context.cues import languages, with_marks
from extract.layout import analyze
from util import criteria_layout

# each criterion's page holds one more criterion in its language, without HER2 (so the
# language's file is read, as on a real page)
_SAYS = {
    "ro": "Pacienți cu vârsta de peste 18 ani care sunt de acord să participe la acest studiu și au semnat consimțământul",
    "bg": "Пациенти на възраст над 18 години, които са съгласни да участват в това проучване и са подписали съгласие",
    "uk": "Пацієнти віком від 18 років, які погодилися взяти участь у цьому дослідженні та підписали інформовану згоду",
    "sk": "Pacienti vo veku nad 18 rokov, ktorí súhlasia s účasťou v tejto štúdii a ktoré podpísali informovaný súhlas",
    "sl": "Bolniki, ki so stari vsaj 18 let in ki so podpisali soglasje za sodelovanje v raziskavi, ter so lahko vključeni",
    "hr": "Bolesnici stariji od 18 godina koji su potpisali pristanak za sudjelovanje u ispitivanju, ili njihovi zastupnici",
    "sr": "Пацијенти старији од 18 година који су потписали пристанак за учешће у студији и њихови законски заступници",
    "lt": "Pacientai, kurie yra vyresni nei 18 metų ir kurie pasirašė sutikimą dalyvauti tyrime arba jų atstovai",
    "lv": "Pacienti vecumā no 18 gadiem, kas ir parakstījuši piekrišanu piedalīties pētījumā un kuriem nav kontrindikāciju",
    "et": "Patsiendid, kes on vähemalt 18-aastased ja kes on andnud nõusoleku uuringus osaleda, ning ravi ei ole alustatud",
    "ar": "المرضى الذين تبلغ أعمارهم ثمانية عشر عاما أو أكثر والذين وقعوا على الموافقة المستنيرة للمشاركة في هذه الدراسة",
    "ca": "Pacients amb edat igual o superior a 18 anys que han signat el consentiment per participar en aquest estudi",
    "ms": "Pesakit berumur 18 tahun ke atas yang telah memberikan persetujuan untuk menyertai kajian klinikal ini sebelum rawatan",
}
_FILE = {"hr": "sh", "sr": "sh"}

POS = [("INCLUSION", "POSITIVE", ["3+", "2+"], "POSITIVE")]
LOW = [("INCLUSION", "LOW", ["1+", "2+"], "NEGATIVE")]


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)  # the pipeline's text


def _rows(lang: str, criterion: str) -> list[tuple]:
    text, layout = criteria_layout([_nfkc(_SAYS[lang]), _nfkc(criterion)])
    assert f"her2_lang_{_FILE.get(lang, lang)}.yaml" in languages(text)
    return [(f.attrs["criterion_type"], f.label, f.attrs["ihc_scores"], f.attrs["ish"])
            for f in extract_her2(text, layout, {})]


@pytest.mark.parametrize("lang, criterion, expected", [
    ("ro", "Cancer mamar HER2-pozitiv, definit ca IHC 3+ sau IHC 2+ cu ISH pozitiv", POS),
    ("ro", "Tumoră cu expresie scăzută a HER2 (IHC 1+ sau IHC 2+ și ISH negativ)", LOW),
    ("ro", "Boală HER2-negativă", [("INCLUSION", "NEGATIVE", [], None)]),
    ("ro", "Supraexprimarea HER2 sau amplificarea genei HER2 confirmată prin FISH", [("INCLUSION", "POSITIVE", [], "POSITIVE")]),
    ("ro", "Pacientele nu au avut niciodată tumoră HER2-pozitivă", [("EXCLUSION", "POSITIVE", [], None)]),
    ("bg", "HER2-положителен рак на гърдата (ИХХ 3+ или ИХХ 2+ с положителен ISH)", POS),
    ("bg", "HER2-нисък тумор, определен като ИХХ 1+ или ИХХ 2+ и отрицателен ISH", LOW),
    ("bg", "Свръхекспресия на HER2 или амплификация на гена HER2", [("INCLUSION", "POSITIVE", [], "POSITIVE")]),
    ("uk", "HER2-позитивний рак (ІГХ 3+ або ІГХ 2+ з позитивним результатом ISH)", POS),
    ("uk", "Рак молочної залози з низькою експресією HER2 (ІГХ 1+ або ІГХ 2+ та ISH-негативний)", LOW),
    ("uk", "Гіперекспресія HER2 або ампліфікація гена HER2 за даними FISH", [("INCLUSION", "POSITIVE", [], "POSITIVE")]),
    ("sk", "HER2-pozitívny karcinóm prsníka (IHC 3+ alebo IHC 2+ s pozitívnym ISH)", POS),
    ("sk", "Nádor s nízkou expresiou HER2 (IHC 1+ alebo IHC 2+ a ISH negatívny)", LOW),
    ("sk", "HER2-negatívny nádor (IHC 0 alebo IHC 1+ alebo IHC 2+ a ISH negatívny)", [("INCLUSION", "NEGATIVE", ["0", "1+", "2+"], "NEGATIVE")]),
    ("sk", "Pacienti s HER2-pozitívnym nádorom nie sú vhodní", [("EXCLUSION", "POSITIVE", [], None)]),
    ("sl", "HER2-pozitiven rak dojke (IHK 3+ ali IHK 2+ s pozitivnim ISH)", POS),
    ("sl", "Nizko izražanje HER2 (IHK 1+ ali IHK 2+ in ISH negativen)", LOW),
    ("sl", "HER2-negativen rak dojke", [("INCLUSION", "NEGATIVE", [], None)]),
    ("hr", "HER2-pozitivan rak dojke (IHK 3+ ili IHK 2+ uz pozitivan ISH)", POS),
    ("hr", "HER2-nizak tumor definiran kao IHK 1+ ili IHK 2+ i ISH negativan", LOW),
    ("hr", "Pacijenti s HER2-pozitivnim tumorom nisu prikladni", [("EXCLUSION", "POSITIVE", [], None)]),
    # Serbian/Bosnian (ekavian Latin) and Serbian Cyrillic
    ("hr", "Prekomerna ekspresija HER2 ili amplifikacija gena HER2", [("INCLUSION", "POSITIVE", [], "POSITIVE")]),
    ("sr", "HER2-позитиван карцином дојке (ИХХ 3+ или ИХХ 2+ и ISH позитиван)", POS),
    ("sr", "HER2-негативан тумор", [("INCLUSION", "NEGATIVE", [], None)]),
    ("lt", "HER2 teigiamas krūties vėžys (IHC 3+ arba IHC 2+ ir teigiamas ISH)", POS),
    ("lt", "Maža HER2 raiška (IHC 1+ arba IHC 2+ ir neigiamas ISH)", LOW),
    ("lt", "HER2 geno amplifikacija nustatyta FISH metodu", [("INCLUSION", "AMPLIFIED", [], "POSITIVE")]),
    ("lv", "HER2 pozitīvs krūts vēzis (IHĶ 3+ vai IHĶ 2+ ar pozitīvu ISH)", POS),
    ("lv", "Zema HER2 ekspresija (IHĶ 1+ vai IHĶ 2+ un negatīvs ISH)", LOW),
    ("lv", "HER2 negatīvs audzējs", [("INCLUSION", "NEGATIVE", [], None)]),
    ("et", "HER2-positiivne rinnavähk (IHK 3+ või IHK 2+ ja positiivne ISH)", POS),
    ("et", "HER2 madal ekspressioon (IHK 1+ või IHK 2+ ja ISH negatiivne)", LOW),
    ("et", "HER2-negatiivne haigus", [("INCLUSION", "NEGATIVE", [], None)]),
    ("ar", "سرطان الثدي إيجابي HER2 (IHC 3+ أو IHC 2+ مع ISH إيجابي)", POS),
    ("ar", "ورم منخفض HER2 يعرف بأنه IHC 1+ أو IHC 2+ مع ISH سلبي", LOW),
    # with short vowels and shadda; Arabic-Indic digits
    ("ar", "وَرَم إِيجَابِيّ HER2", [("INCLUSION", "POSITIVE", [], None)]),
    ("ar", "سرطان ثدي سلبيّ HER2", [("INCLUSION", "NEGATIVE", [], None)]),
    ("ar", "سرطان الثدي إيجابي HER2 (IHC ٣+ أو IHC ٢+ مع ISH إيجابي)", POS),
    ("ar", "فرط التعبير عن HER2 أو تضخيم جين HER2", [("INCLUSION", "POSITIVE", [], "POSITIVE")]),
    ("ar", "المرضى المصابون بسرطان إيجابي HER2 غير مؤهلين", [("EXCLUSION", "POSITIVE", [], None)]),
    ("ca", "Càncer de mama HER2 positiu (IHQ 3+ o IHQ 2+ amb ISH positiva)", POS),
    ("ca", "Tumor amb expressió baixa d'HER2 (IHQ 1+ o IHQ 2+ i ISH negativa)", LOW),
    ("ca", "Tumor amb expressió baixa d'HER2", [("INCLUSION", "LOW", [], None)]),
    ("ms", "Kanser payudara HER2-positif (IHK 3+ atau IHK 2+ dengan ISH positif)", POS),
    ("ms", "Tumor HER2 rendah iaitu IHK 1+ atau IHK 2+ dengan ISH negatif", LOW),
    ("ms", "Kanser payudara HER2-negatif", [("INCLUSION", "NEGATIVE", [], None)]),
])
def test_criteria_of_the_session_9_languages(lang, criterion, expected):
    assert _rows(lang, criterion) == expected


# a registry record: the language's own criteria headings type the rows
_REGISTRY = {
    "ro": ("Studiu clinic de fază 3 pentru pacienți cu cancer mamar metastatic", "Criterii de includere", "Criterii de excludere",
           "Pacienți cu vârsta de peste 18 ani care au semnat consimțământul informat.",
           "Cancer mamar HER2-pozitiv (IHC 3+ sau IHC 2+ cu ISH pozitiv).", "Boală HER2-negativă."),
    "bg": ("Клинично изпитване фаза 3 при пациенти с рак на гърдата", "Критерии за включване", "Критерии за изключване",
           "Пациенти на възраст над 18 години, които са подписали информирано съгласие.",
           "HER2-положителен рак на гърдата (ИХХ 3+ или ИХХ 2+ с положителен ISH).", "HER2-отрицателен тумор."),
    "uk": ("Клінічне дослідження III фази у пацієнтів з раком молочної залози", "Критерії включення", "Критерії виключення",
           "Пацієнти віком від 18 років, які підписали інформовану згоду.",
           "HER2-позитивний рак (ІГХ 3+ або ІГХ 2+ з позитивним результатом ISH).", "HER2-негативна пухлина."),
    "sk": ("Klinické skúšanie fázy 3 u pacientov s karcinómom prsníka", "Kritériá zaradenia", "Kritériá vylúčenia",
           "Pacienti vo veku nad 18 rokov, ktorí podpísali informovaný súhlas.",
           "HER2-pozitívny karcinóm prsníka (IHC 3+ alebo IHC 2+ s pozitívnym ISH).", "HER2-negatívny nádor."),
    "sl": ("Klinično preskušanje faze 3 pri bolnikih z rakom dojke", "Merila za vključitev", "Merila za izključitev",
           "Bolniki, ki so stari vsaj 18 let in so podpisali soglasje.",
           "HER2-pozitiven rak dojke (IHK 3+ ali IHK 2+ s pozitivnim ISH).", "HER2-negativen rak dojke."),
    "hr": ("Kliničko ispitivanje faze 3 kod bolesnika s rakom dojke", "Kriteriji uključivanja", "Kriteriji isključivanja",
           "Bolesnici stariji od 18 godina koji su potpisali informirani pristanak.",
           "HER2-pozitivan rak dojke (IHK 3+ ili IHK 2+ uz pozitivan ISH).", "HER2-negativan tumor."),
    "sr": ("Клиничко испитивање фазе 3 код пацијената са карциномом дојке", "Критеријуми за укључивање", "Критеријуми за искључивање",
           "Пацијенти старији од 18 година који су потписали информисани пристанак.",
           "HER2-позитиван карцином дојке (ИХХ 3+ или ИХХ 2+ и ISH позитиван).", "HER2-негативан тумор."),
    "lt": ("III fazės klinikinis tyrimas pacientams, sergantiems krūties vėžiu", "Įtraukimo kriterijai", "Neįtraukimo kriterijai",
           "Pacientai, kurie yra vyresni nei 18 metų ir pasirašė sutikimą.",
           "HER2 teigiamas krūties vėžys (IHC 3+ arba IHC 2+ ir teigiamas ISH).", "HER2 neigiamas navikas."),
    "lv": ("3. fāzes klīniskais pētījums pacientiem ar krūts vēzi", "Iekļaušanas kritēriji", "Izslēgšanas kritēriji",
           "Pacienti vecumā no 18 gadiem, kas ir parakstījuši piekrišanu un kuriem nav kontrindikāciju.",
           "HER2 pozitīvs krūts vēzis (IHĶ 3+ vai IHĶ 2+ ar pozitīvu ISH).", "HER2 negatīvs audzējs."),
    "et": ("III faasi kliiniline uuring rinnavähiga patsientidel", "Kaasamiskriteeriumid", "Väljaarvamiskriteeriumid",
           "Patsiendid, kes on vähemalt 18-aastased ja kes on andnud nõusoleku.",
           "HER2-positiivne rinnavähk (IHK 3+ või IHK 2+ ja positiivne ISH).", "HER2-negatiivne kasvaja, kui ravi ei ole alustatud."),
    "ar": ("دراسة سريرية من المرحلة الثالثة لمرضى سرطان الثدي", "معايير الاشتمال", "معايير الاستبعاد",
           "المرضى الذين تبلغ أعمارهم 18 عاما أو أكثر والذين وقعوا على الموافقة المستنيرة.",
           "سرطان الثدي إيجابي HER2 (IHC 3+ أو IHC 2+ مع ISH إيجابي).", "ورم سلبي HER2."),
    "ca": ("Assaig clínic de fase 3 en pacients amb càncer de mama", "Criteris d'inclusió", "Criteris d'exclusió",
           "Pacients amb edat igual o superior a 18 anys que han signat el consentiment.",
           "Càncer de mama HER2 positiu (IHQ 3+ o IHQ 2+ amb ISH positiva).", "Tumor HER2 negatiu."),
    "ms": ("Ujian klinikal fasa 3 untuk pesakit kanser payudara", "Kriteria kemasukan", "Kriteria pengecualian",
           "Pesakit berumur 18 tahun ke atas yang telah memberikan persetujuan sebelum rawatan.",
           "Kanser payudara HER2-positif (IHK 3+ atau IHK 2+ dengan ISH positif).", "Tumor HER2-negatif."),
}


def _page_rows(page: str) -> set[tuple]:
    page = _nfkc(page)
    layout = build_context(page, analyze(page))
    return {(f.attrs["criterion_type"], f.label, tuple(f.attrs["ihc_scores"]), f.attrs["ish"])
            for f in extract_her2(page, layout, {})}


@pytest.mark.parametrize("lang", sorted(_REGISTRY))
def test_a_registry_record_is_typed_by_its_languages_headings(lang):
    title, inc, exc, age, her2_inc, her2_exc = _REGISTRY[lang]
    page = f"{title}\n\n{inc}:\n1. {age}\n2. {her2_inc}\n\n{exc}:\n1. {her2_exc}\n"
    assert _page_rows(page) == {("INCLUSION", "POSITIVE", ("3+", "2+"), "POSITIVE"),
                                ("EXCLUSION", "NEGATIVE", (), None)}


# a hospital listing: "who can take part" / "who cannot take part" lead the bullets
@pytest.mark.parametrize("page", [
    "Studii clinice deschise la Institutul Oncologic pentru pacienții noștri\n\nCine poate participa?\n"
    " • Femei cu vârsta de peste 18 ani\n • Cancer mamar HER2-scăzut\n\nCine nu poate participa?\n • Boală HER2-pozitivă\n",
    "Klinička ispitivanja u našoj bolnici za bolesnike koji su liječeni kod nas\n\nTko može sudjelovati?\n"
    " • Žene starije od 18 godina\n • Rak dojke HER2-nizak\n\nTko ne može sudjelovati?\n • HER2-pozitivna bolest\n",
    "الدراسات السريرية المتاحة في المستشفى الجامعي لمرضى السرطان في هذه المدينة\n\nمن يمكنه المشاركة؟\n"
    " • النساء فوق 18 عاما\n • سرطان الثدي منخفض HER2\n\nمن لا يمكنه المشاركة؟\n • مرض إيجابي HER2\n",
])
def test_a_hospital_listing_types_its_bullets(page):
    got = {(t, s) for t, s, _, _ in _page_rows(page)}
    assert got == {("INCLUSION", "LOW"), ("EXCLUSION", "POSITIVE")}


# a news item: a sentence saying whom the study enrolls states the population
@pytest.mark.parametrize("page", [
    "Un nou medicament pentru cancerul mamar\n\nSpitalul Universitar a anunțat că acest studiu va înrola paciente cu "
    "cancer mamar HER2-pozitiv care au primit tratament anterior. Studiul este deschis în mai multe centre din țară.\n",
    "Ново лекарство за рак на гърдата\n\nБолницата съобщи, че това проучване ще включва пациентки с HER2-положителен "
    "рак на гърдата, които вече са получили лечение. Проучването се провежда в няколко центъра в страната.\n",
    "Нові ліки від раку молочної залози\n\nЛікарня повідомила, що це дослідження включає пацієнток з HER2-позитивним "
    "раком молочної залози, які вже отримували лікування. Дослідження проводиться в кількох центрах країни.\n",
    "Naujas vaistas nuo krūties vėžio\n\nLigoninė paskelbė, kad šis tyrimas skirtas pacientėms, sergančioms HER2 "
    "teigiamu krūties vėžiu, kurios jau gavo gydymą. Tyrimas vyksta keliuose centruose ir pacientai gali sužinoti daugiau.\n",
    "دواء جديد لسرطان الثدي\n\nأعلن المستشفى الجامعي أن هذه الدراسة تشمل مريضات مصابات بسرطان الثدي الإيجابي HER2 "
    "اللواتي تلقين علاجا سابقا. وتجرى الدراسة في عدة مراكز في البلاد ويمكن للمرضى معرفة المزيد من طبيبهم.\n",
    "Ubat baharu untuk kanser payudara\n\nHospital itu mengumumkan bahawa kajian ini akan merekrut pesakit kanser "
    "payudara HER2-positif yang telah menerima rawatan sebelum ini. Kajian klinikal ini dijalankan di beberapa hospital.\n",
])
def test_a_news_item_states_the_population(page):
    assert {(t, s) for t, s, _, _ in _page_rows(page)} == {("POPULATION", "POSITIVE")}


_NEW = {f"her2_lang_{c}.yaml" for c in ("ro", "bg", "uk", "sk", "sl", "sh", "lt", "lv", "et", "ar", "ca", "ms")}


@pytest.mark.parametrize("page", [
    "A Phase 3 Study of Drug X in Participants With HER2-Positive Breast Cancer. Inclusion Criteria: adults aged 18 "
    "years or older with HER2-positive (IHC 3+ or ISH+) disease; adequate organ function; signed consent. "
    "Exclusion Criteria: prior treatment with an anti-HER2 antibody drug conjugate per the study protocol.",
    "Критерии включения: пациенты старше 18 лет с HER2-положительным раком молочной железы, получавшие ранее "
    "терапию трастузумабом, при наличии подписанного информированного согласия на участие в исследовании. "
    "Основная цель: частота объективного ответа; объём выборки и подъём дозы описаны в протоколе (объект оценки).",
    "معیارهای ورود به مطالعه: زنان 18 تا 65 ساله با سرطان پستان HER2 مثبت و رضایت کتبی برای شرکت در این طرح پژوهشی",
])
def test_pages_of_other_languages_read_none_of_the_new_files(page):
    assert not languages(_nfkc(page)) & _NEW


def test_marks_may_follow_every_letter_of_a_language_files_pattern():
    marks = "\u064b-\u0652"
    assert with_marks("سلبي[ةه]?", marks) == f"س[{marks}]*ل[{marks}]*ب[{marks}]*ي[{marks}]*[ةه]?[{marks}]*"
    assert with_marks(r"\bIHC\s*", marks) == r"\bIHC\s*"  # ASCII and escapes as written
