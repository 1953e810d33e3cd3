"""Doses of blind set 15's kinds of pages (session 10): the context of a dose named by an Estonian cue closing its
sentence, Lithuanian groups numbered before their word, a Catalan "patients of the experimental group", a Japanese
group named by its drug, a French part named by its rank with its kind in brackets, a Slovak part named by its phase
over numbered levels, an English paragraph opened by "in both groups", a registry arm line left untyped; names: Russian
dose words, Cyrillic names, an Estonian case ending; schedules: cycle lengths in Bulgarian, Croatian, Japanese,
Lithuanian; filters: a formulary's strength column and vial size, a Russian cap; a spelled-out Spanish unit.

Each page is a few lines written for the test (invented names and numbers); the expected rows are read from them.
"""
from __future__ import annotations

from test_doses_h10 import find
from test_doses_langs14 import doses


def test_an_estonian_cue_closing_its_sentence_and_a_case_ending():
    rs = doses("Uuringuravim ja annustamine\n"
               "QX-31 600 mg veeni iga 3 nädala järel koos paklitakseeliga 80 mg/m2 veeni kord nädalas (rühm A).\n"
               "Rühm B: paklitakseel 80 mg/m2 veeni kord nädalas.\n")
    find(rs, 600.0, "mg", intervention="QX-31", context="rühm A")
    find(rs, 80.0, "mg/m2", intervention="paklitakseel", context="rühm A")
    find(rs, 80.0, "mg/m2", intervention="paklitakseel", context="Rühm B")


def test_lithuanian_groups_numbered_before_their_word_and_every_n_days():
    rs = doses("Tyrimo gydymas\nI grupė: QX-31 3,2 mg/kg į veną kas 3 savaites.\n"
               "II grupė: eribulinas 1,23 mg/m2 į veną 1 ir 8 dieną kas 21 dieną.\n")
    find(rs, 3.2, "mg/kg", intervention="QX-31", interval_days=21.0, context="I grupė")
    find(rs, 1.23, "mg/m2", intervention="eribulinas", interval_days=21.0, context="II grupė")


def test_catalan_patients_of_the_experimental_group():
    rs = doses("L'assaig compara QX-31 amb la quimioteràpia. Les pacients del grup experimental reben QX-31 a una dosi "
               "de 3,2 mg/kg per via intravenosa cada tres setmanes.\n")
    find(rs, 3.2, "mg/kg", intervention="QX-31", route="IV", context="grup experimental")


def test_a_japanese_group_named_by_its_drug_and_a_course_length():
    rs = doses("治療方法\nQX-31群ではQX-31 3.2mg/kgを3週間ごとに静脈内投与する。\n"
               "対照群ではパクリタキセル 80 mg/m2を28日を1コースとして第1、8、15日に点滴静注する。\n")
    find(rs, 3.2, "mg/kg", intervention="QX-31", interval_days=21.0, context="QX-31群")
    find(rs, 80.0, "mg/m2", interval_days=28.0)


def test_a_french_part_named_by_its_rank_with_its_kind_in_brackets():
    rs = doses("L'essai comporte deux parties. La première partie (escalade de dose) vise à déterminer la dose "
               "recommandée. Les patients y recevront QX-31 par voie intraveineuse toutes les trois semaines aux niveaux "
               "suivants : niveau de dose 1 : 0,8 mg/kg ; niveau de dose 2 : 1,6 mg/kg.\n")
    find(rs, 0.8, "mg/kg", dose_level=1, context="escalade de dose")
    find(rs, 1.6, "mg/kg", dose_level=2, context="escalade de dose")


def test_slovak_parts_named_by_phase_over_numbered_levels_of_one_drug():
    rs = doses("Skúšaný liek a dávkovanie\n\nFáza I (eskalácia dávky):\nÚroveň dávky 1: 1,2 mg/kg\n"
               "Úroveň dávky 2: 2,4 mg/kg\nFáza II (rozšírenie kohorty): QX-31 2,4 mg/kg i.v. každé 3 týždne.\n")
    find(rs, 1.2, "mg/kg", intervention="QX-31", route="IV", interval_days=21.0, dose_level=1,
         context="Fáza I (eskalácia dávky)")
    find(rs, 2.4, "mg/kg", intervention="QX-31", dose_level=2, context="Fáza I (eskalácia dávky)")
    find(rs, 2.4, "mg/kg", intervention="QX-31", route="IV", interval_days=21.0, context="Fáza II (rozšírenie kohorty)")


def test_a_paragraph_opened_by_in_both_groups():
    rs = doses("What happens in the trial\nGroup A (standard): docetaxel 75 mg/m2 into a vein every 3 weeks.\n"
               "Group B (shorter): paclitaxel 80 mg/m2 into a vein once a week.\n"
               "In both groups, everyone also has trastuzumab into a vein. The first dose of trastuzumab is 8 mg/kg, "
               "followed by 6 mg/kg every 3 weeks.\n")
    find(rs, 8.0, "mg/kg", intervention="trastuzumab", context="Group A (standard)")
    find(rs, 8.0, "mg/kg", intervention="trastuzumab", context="Group B (shorter)")
    find(rs, 6.0, "mg/kg", intervention="trastuzumab", interval_days=21.0, context="Group A (standard)")


def test_a_registry_arm_line_left_untyped():
    rs = doses("Arms \tAssigned Interventions\nExperimental: QX + trastuzumab\n"
               "Trastuzumab 8 mg/kg IV on day 1 of cycle 1, then 6 mg/kg IV every 3 weeks. \tDrug: Trastuzumab\n")
    find(rs, 8.0, "mg/kg", intervention="Trastuzumab", context="QX + trastuzumab")


def test_russian_dose_words_cyrillic_names_and_a_cap():
    rs = doses("Критериями невключения служили кумулятивная доза доксорубицина более 360 мг/м2.\n\n"
               "Группа А: ТЗ-999 в нагрузочной дозе 8 мг/кг внутривенно, далее 6 мг/кг внутривенно каждые 3 недели.\n"
               "Группа Б: трастузумаб в нагрузочной дозе 8 мг/кг внутривенно.\n")
    find(rs, 8.0, "mg/kg", intervention="ТЗ-999", context="Группа А")
    find(rs, 8.0, "mg/kg", intervention="трастузумаб", context="Группа Б")
    assert not any(r["dose_low"] == 360.0 for r in rs)


def test_cycle_lengths_in_bulgarian_and_croatian():
    rs = doses("Група 1: оксалиплатин 130 мг/м2 интравенозно в ден 1 на всеки 21-дневен цикъл.\n")
    find(rs, 130.0, "mg/m2", interval_days=21.0)
    rs = doses("Skupina A: oksaliplatin 130 mg/m2 i.v. 1. dan; ciklus traje 21 dan.\n")
    find(rs, 130.0, "mg/m2", interval_days=21.0)


def test_a_formularys_strength_column_and_vial_size_are_no_doses():
    rs = doses("Formulary Information\n\nexampletumab\nForm | Strength | SITE1 | Formulary Status |\n---|---|---|---|\n"
               "SOLUTION, INTRAVENOUS | 420 mg/14 mL | R | Formulary, restricted |\n\n"
               "Dosing\nExampletumab 840 mg IV on Day 1 of each 21-day cycle\n"
               "Round doses to the nearest vial size (420 mg) when within 10%.\n")
    find(rs, 840.0, "mg", route="IV")
    assert not any(r["dose_low"] in (420.0, 14.0) for r in rs), rs


def test_milligrams_spelled_out_in_spanish():
    rs = doses("Los participantes toman 160 miligramos de QX-31 por vía oral una vez al día, en ciclos de 21 días.\n")
    find(rs, 160.0, "mg", intervention="QX-31", route="PO", interval_days=1.0)
