"""Pure dose normalizers (extract.normalize.doses): values, units, routes, schedules, cues."""
from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract import ruledata
from extract.normalize import doses as nd


def _reads(text: str) -> list[tuple[str, float, float, str, float | None]]:
    return [(text[d.start:d.end], d.low, d.high, d.unit, d.interval_days) for d in nd.find_doses(text)]


# ------------------------------------------------------------------ values and units

@pytest.mark.parametrize(
    "text, surface, low, high, unit, interval",
    [
        ("0.1 mg/kg", "0.1 mg/kg", 0.1, 0.1, "mg/kg", None),
        ("1.0mg/kg", "1.0mg/kg", 1.0, 1.0, "mg/kg", None),
        ("100-200mg/m2", "100-200mg/m2", 100.0, 200.0, "mg/m2", None),
        ("800 mg/m^2", "800 mg/m^2", 800.0, 800.0, "mg/m2", None),
        ("80 mg/m²", "80 mg/m²", 80.0, 80.0, "mg/m2", None),
        ("80 mg/m\\^2", "80 mg/m\\^2", 80.0, 80.0, "mg/m2", None),
        ("75 mg per square meter", "75 mg per square meter", 75.0, 75.0, "mg/m2", None),
        ("AUC 5", "AUC 5", 5.0, 5.0, "AUC", None),
        ("AUC5", "AUC5", 5.0, 5.0, "AUC", None),
        ("carboplatin AUC = 6 mg/mL/min", "AUC = 6 mg/mL/min", 6.0, 6.0, "AUC", None),
        ("600 mg flat dose", "600 mg", 600.0, 600.0, "mg", None),
        ("1 × 10^6 cells/kg", "1 × 10^6 cells/kg", 1e6, 1e6, "cells/kg", None),
        ("1×10\\^6 CAR-T cells/kg", "1×10\\^6 CAR-T cells/kg", 1e6, 1e6, "cells/kg", None),
        ("3e6 cells/kg", "3e6 cells/kg", 3e6, 3e6, "cells/kg", None),
        ("1 x 10^8 CAR-positive T cells", "1 x 10^8 CAR-positive T cells", 1e8, 1e8, "cells", None),
        ("2.5 × 10^6 CAR+ T cells per kg", "2.5 × 10^6 CAR+ T cells per kg", 2.5e6, 2.5e6, "cells/kg", None),
        ("2 × 10^6/kg", "2 × 10^6/kg", 2e6, 2e6, "cells/kg", None),
        ("1-5 × 10^6 cells/kg", "1-5 × 10^6 cells/kg", 1e6, 5e6, "cells/kg", None),
        ("1 × 10^6 to 1 × 10^7 cells/kg", "1 × 10^6 to 1 × 10^7 cells/kg", 1e6, 1e7, "cells/kg", None),
        ("15-30mg/kg", "15-30mg/kg", 15.0, 30.0, "mg/kg", None),
        ("5 µg/kg", "5 µg/kg", 5.0, 5.0, "ug/kg", None),  # U+00B5
        ("5 μg/kg", "5 μg/kg", 5.0, 5.0, "ug/kg", None),  # U+03BC (after NFKC)
        ("100 mcg", "100 mcg", 100.0, 100.0, "ug", None),
        ("1,000 mcg", "1,000 mcg", 1000.0, 1000.0, "ug", None),
        ("50 mg/kg/day", "50 mg/kg/day", 50.0, 50.0, "mg/kg", 1.0),
        ("1.0 mg/kg/week", "1.0 mg/kg/week", 1.0, 1.0, "mg/kg", 7.0),
        ("30 mg/m2/day", "30 mg/m2/day", 30.0, 30.0, "mg/m2", 1.0),
        ("600,000 IU/kg", "600,000 IU/kg", 6e5, 6e5, "IU/kg", None),
        ("3 million units", "3 million units", 3e6, 3e6, "U", None),
        ("250 mL", "250 mL", 250.0, 250.0, "mL", None),
        ("1.2 g", "1.2 g", 1.2, 1.2, "g", None),
        ("7.4 GBq", "7.4 GBq", 7.4, 7.4, "GBq", None),
    ],
)
def test_value_and_unit_spellings(text, surface, low, high, unit, interval):
    found = _reads(text)
    assert len(found) == 1, found
    got_surface, got_low, got_high, got_unit, got_interval = found[0]
    assert got_surface == surface
    assert math.isclose(got_low, low) and math.isclose(got_high, high)
    assert got_unit == unit
    assert got_interval == interval


@pytest.mark.parametrize(
    "text",
    [
        "hemoglobin ≥ 9 g/dL",
        "a 10 mg/mL concentrate",
        "creatinine clearance ≥ 50 mL/min",
        "ZL-4821 for injection, 100 mg/vial",
        "tablets of 25 mg strength",
        "about 40% of participants",
        "adults aged 18 to 75 years",
        "receive 3 doses of CAR-T cells",
        "ANC ≥ 1.5 × 10^9/L",
        "a standard 3+3 design",
        "on day -5 and day -3",
        "the V1.2 and V2.0 regimens",
        "HBV DNA > 1000 IU/ml",
        "QTc > 470 ms",
        "2 of 6 participants",
    ],
)
def test_numbers_that_are_not_doses(text):
    assert _reads(text) == []


def test_a_list_of_bare_numbers_shares_the_unit():
    got = _reads("doses of 0.3, 1, 3 and 10 mg/kg")
    assert [(g[1], g[3]) for g in got] == [(0.3, "mg/kg"), (1.0, "mg/kg"), (3.0, "mg/kg"), (10.0, "mg/kg")]
    # each surface holds its own value and the shared unit
    assert all(g[0].endswith("mg/kg") for g in got)


def test_day_numbers_before_a_dose_are_not_a_list():
    assert [(g[1], g[3]) for g in _reads("on days 1, 8 and 15 100 mg")] == [(100.0, "mg")]


def test_a_combination_product_gives_both_amounts():
    assert [g[1] for g in _reads("160 mg/800 mg by mouth")] == [160.0, 800.0]


def test_a_fraction_is_not_a_dose():
    assert [g[1] for g in _reads("about 1/10 of the dose (20 mg/kg)")] == [20.0]


@pytest.mark.parametrize(
    "surface, low, high",
    [
        ("0.1", 0.1, 0.1),
        ("100-200", 100.0, 200.0),
        ("1-5 × 10^6", 1e6, 5e6),
        ("1 × 10^6 to 1 × 10^7", 1e6, 1e7),
        ("10^6", 1e6, 1e6),
        ("1,500", 1500.0, 1500.0),
        ("3e6", 3e6, 3e6),
    ],
)
def test_parse_dose_value(surface, low, high):
    got = nd.parse_dose_value(surface)
    assert math.isclose(got[0], low) and math.isclose(got[1], high)


def test_parse_dose_value_rejects_text():
    with pytest.raises(ValueError):
        nd.parse_dose_value("RP2D")


@pytest.mark.parametrize(
    "surface, unit, interval",
    [
        ("mg/m^2", "mg/m2", None),
        ("mg/m²", "mg/m2", None),
        (" mg / m2", "mg/m2", None),
        ("mcg/kg", "ug/kg", None),
        ("µg", "ug", None),
        ("μg/kg", "ug/kg", None),
        ("mg/kg/day", "mg/kg", 1.0),
        ("mg/kg/week", "mg/kg", 7.0),
        ("mg per day", "mg", 1.0),
        ("CAR-T cells/kg", "cells/kg", None),
        ("cells", "cells", None),
        ("IU/kg", "IU/kg", None),
        ("AUC", "AUC", None),
    ],
)
def test_normalize_unit(surface, unit, interval):
    assert nd.normalize_unit(surface) == (unit, interval)


@pytest.mark.parametrize("surface", ["years", "%", "mg/dL", "ms"])
def test_normalize_unit_rejects_non_dose_units(surface):
    with pytest.raises(ValueError):
        nd.normalize_unit(surface)


# ------------------------------------------------------------------ routes

@pytest.mark.parametrize(
    "surface, route",
    [
        ("intravenous", "IV"), ("intravenously", "IV"), ("IV", "IV"), ("i.v.", "IV"),
        ("intravenous drip", "IV"), ("infusion", "IV"), ("infused", "IV"),
        ("oral", "PO"), ("orally", "PO"), ("PO", "PO"), ("p.o.", "PO"), ("by mouth", "PO"),
        ("subcutaneous", "SC"), ("subcutaneously", "SC"), ("SC", "SC"), ("s.c.", "SC"), ("SQ", "SC"),
        ("intramuscular", "IM"), ("IM", "IM"), ("i.m.", "IM"),
        ("intrathecal", "IT"), ("intrathecally", "IT"), ("IT", "IT"),
    ],
)
def test_routes(surface, route):
    assert nd.normalize_route(surface) == route


@pytest.mark.parametrize("text", ["Phase IV study", "Stage IV disease", "NYHA class IV", "it is given", "wait"])
def test_words_that_are_not_routes(text):
    assert nd.find_routes(text) == []


# ------------------------------------------------------------------ schedules

@pytest.mark.parametrize(
    "text, days",
    [
        ("once per 28 days", 28.0),
        ("every 3 weeks", 21.0),
        ("every three weeks", 21.0),
        ("Q3W", 21.0),
        ("q21d", 21.0),
        ("21 days as a cycle", 21.0),
        ("21-day cycle", 21.0),
        ("3-week cycle", 21.0),
        ("cycles of 28 days", 28.0),
        ("3-weekly", 21.0),
        ("daily", 1.0),
        ("once daily", 1.0),
        ("QD", 1.0),
        ("twice daily", 0.5),
        ("twice a day", 0.5),
        ("BID", 0.5),
        ("b.i.d.", 0.5),
        ("TID", 1 / 3),
        ("every 8 hours", 1 / 3),
        ("q12h", 0.5),
        ("weekly", 7.0),
        ("once a week", 7.0),
        ("QW", 7.0),
        ("every other week", 14.0),
        ("every 2 weeks", 14.0),
        ("every other day", 2.0),
        ("on day -3 and day -2", 1.0),
        ("on days -5 to -3", 1.0),
        ("days 1-14", 1.0),
        ("days 1–14", 1.0),
        ("on days 1, 8 and 15", 7.0),
        ("for 5 consecutive days", 1.0),
    ],
)
def test_schedule_interval(text, days):
    got = nd.schedule_interval(text)
    assert got is not None and math.isclose(got, days, rel_tol=1e-6), got


@pytest.mark.parametrize("text", ["on day -5", "on Day 1", "single intravenous infusion", "loading dose"])
def test_schedules_without_interval(text):
    assert nd.find_schedules(text), text  # the phrase is read ...
    assert nd.schedule_interval(text) is None  # ... but gives no interval


def test_single_and_loading_phrases_are_kind_single():
    assert [s.kind for s in nd.find_schedules("a single infusion")] == ["single"]
    assert [s.kind for s in nd.find_schedules("8 mg/kg loading dose")] == ["single"]


@pytest.mark.parametrize("text", ["priming dose on Cycle 1 Day 1", "given on C1D1", "on Day 8 of Cycle 1",
                                  "on Cycle 1, Day 3", "take a single 150 mg dose", "on Day 2 of the first cycle"])
def test_one_day_of_the_first_cycle_is_a_one_off(text):
    assert [s.kind for s in nd.find_schedules(text)] == ["single"], text


@pytest.mark.parametrize("text, kinds", [
    # where a repeated schedule starts, not a one-off
    ("once weekly starting on Cycle 1 Day 8", [("freq", 7.0), ("daylist", None)]),
    # several days of cycle 1: a day list
    ("on Cycle 1 Days 1, 8 and 15", [("daylist", 7.0)]),
    # a single day of every cycle
    ("on Day 1 of each 21-day cycle", [("daylist", None), ("cycle", 21.0)]),
])
def test_first_cycle_phrases_that_are_not_one_offs(text, kinds):
    assert [(s.kind, s.value) for s in nd.find_schedules(text)] == kinds


def test_a_number_with_a_dose_unit_ends_a_day_list():
    # "Day 1 and 15 mcg/kg": 15 is the next dose, not day 15
    found = nd.find_schedules("5 mcg/kg on Day 1 and 15 mcg/kg on Day 3")
    assert [(s.kind, s.days) for s in found] == [("daylist", (1,)), ("daylist", (3,))]
    assert [s.days for s in nd.find_schedules("on Days 1 and 15 of each cycle") if s.kind == "daylist"] == [(1, 15)]


def test_an_escalation_interval_is_not_a_dosing_interval():
    assert nd.find_schedules("the dose is escalated every 4 weeks") == []
    assert nd.schedule_interval("given once weekly; escalated every 4 weeks") == 7.0


def test_a_cycle_is_not_read_as_a_frequency():
    kinds = [(s.kind, s.value) for s in nd.find_schedules("on Days 1 and 8 of each 21-day cycle")]
    assert kinds == [("daylist", 7.0), ("cycle", 21.0)]


@pytest.mark.parametrize(
    "text, days",
    [
        ("-3 and day -2", [-3, -2]),
        ("1-14", list(range(1, 15))),
        ("-5 to -3", [-5, -4, -3]),
        ("1, 8, 15", [1, 8, 15]),
        ("1 and 8", [1, 8]),
        ("-5, Day -4 and Day -3", [-5, -4, -3]),
        ("0", [0]),
    ],
)
def test_parse_day_list(text, days):
    assert nd.parse_day_list(text) == days


@pytest.mark.parametrize("days, interval", [([1], None), ([1, 8, 15], 7.0), ([-3, -2], 1.0), ([1, 2, 8], None)])
def test_day_list_interval(days, interval):
    assert nd.day_list_interval(days) == interval


# ------------------------------------------------------------------ cues and contexts

@pytest.mark.parametrize(
    "text, level",
    [
        ("Dose level 3: 0.4 mg/kg", 3),
        ("DL1: 0.5 mg/kg", 1),
        ("DL-1: 0.25 mg/kg", -1),
        ("dose level -1", -1),
        ("dose1 (1×10^6 cells/kg)", 1),
        ("dose 2 (3×10^6 cells/kg)", 2),
        ("Level 4", 4),
    ],
)
def test_dose_level_cues(text, level):
    assert [m.value for m in nd.find_levels(text)][:1] == [level]


def test_dose_repeated_n_times_is_not_a_level():
    assert nd.find_levels("the dose 3 times a day") == []


@pytest.mark.parametrize(
    "raw, context",
    [
        ("Phase Ia:", "Phase 1a"),
        ("Phase Ib", "Phase 1b"),
        ("Phase I/II", "Phase 1/2"),
        ("Dose-Escalation Phase (Phase 1a)", "Dose-Escalation Phase (Phase 1a)"),
        ("  Cohort  A : ", "Cohort A"),
        ("Arm B (placebo)", "Arm B (placebo)"),
        (None, None),
        (" : ", None),
    ],
)
def test_normalize_context(raw, context):
    assert nd.normalize_context(raw) == context


@pytest.mark.parametrize(
    "label, cue",
    [("Phase Ia", True), ("Dose escalation", True), ("Cohort A", True), ("Part 2", True), ("Step 1 (conditioning)", True),
     ("Flat doses", False), ("Supportive care", False), ("Patients", False)],
)
def test_context_cues(label, cue):
    assert (nd.has_context_cue(label) is not None) == cue


def test_inline_context_only_when_a_sentence_opens_with_it():
    t = "In dose escalation period, at least 9 patients will receive 1 × 10^6 cells/kg."
    assert nd.find_inline_context(t).value == "dose escalation period"
    assert nd.find_inline_context("based on the 3+3 dose escalation principle") is None


@pytest.mark.parametrize("sentence, context", [
    ("- Group A will receive ADX-7 at 2 mg/kg every 3 weeks", "Group A"),
    ("Cohort 2 patients receive 40 mg twice daily.", "Cohort 2"),
    ("Participants in Arm B will take 300 mg once daily.", "Arm B"),
    ("Those randomized to Group 2 get placebo.", "Group 2"),
    ("In Part 1, the dose is escalated.", "Part 1"),
])
def test_inline_context_as_the_subject_of_its_sentence(sentence, context):
    assert nd.find_inline_context(sentence).value == context


@pytest.mark.parametrize("sentence", [
    "The group A streptococcus vaccine will be given.",  # the cue must open the sentence
    "Patients receive 40 mg; cohort 2 will receive 80 mg.",
    "Arm A, Arm B and Arm C were closed early",  # no verb right after the cue
])
def test_no_inline_context_unless_the_sentence_opens_with_the_cue(sentence):
    assert nd.find_inline_context(sentence) is None


# ------------------------------------------------------------------ rule files and the trigger scan

@pytest.mark.parametrize(
    "name, required",
    [
        ("dose_units.tsv", ["pattern", "unit", "position"]),
        ("dose_routes.tsv", ["pattern", "route"]),
        ("dose_numbers.tsv", ["word", "value"]),
        ("dose_schedules.yaml", ["pattern", "kind"]),
        ("dose_unit_parts.yaml", ["pattern", "suffix"]),
    ],
)
def test_rule_files_load_with_ids(name, required):
    rows = ruledata.load(name, required=required)
    assert rows and all(r["id"] for r in rows)


def test_routes_are_contract_values():
    assert {r["route"] for r in ruledata.load("dose_routes.tsv", required=["route"])} <= {"IV", "PO", "SC", "IM", "IT"}


_PHRASES = [
    "once per 28 days", "every 3 weeks", "Q3W", "q21d", "21 days as a cycle", "3-week cycle", "daily",
    "twice daily", "BID", "weekly", "on day -5", "on day -3 and day -2", "days 1-14", "every other week",
    "single infusion", "loading dose", "q8h", "for 5 consecutive days", "cycles of 28 days", "TID",
    "once per cycle", "on day 1 of each cycle", "cycles are repeated every 21 days", "each cycle lasts 4 weeks",
    "on Cycle 1 Day 1", "C1D8", "on Day 1 of Cycle 1", "a single", "starting on Cycle 1 Day 8", "Cycle 1, Day 1 and 15",
]
_FILLER = ["patients", "receive", "IV", "drug", "X", "at", "10 mg", "the", "and", ",", ";", "then", "on", "day", "cycle",
           "1", "each", "every", "dose", "escalated"]


def _reference_schedules(text: str) -> list[tuple[int, int, str]]:
    """The schedule phrases found by trying the full pattern everywhere (no trigger scan)."""
    r = nd.rules()
    out = []
    for m in r.schedule.whole.finditer(text):
        if r.schedule_not_after.search(text, max(0, m.start() - 24), m.start()):
            continue
        out.append((m.start(), m.end(), r.schedules[int(m.lastgroup[1:])][0]))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PHRASES + _FILLER), min_size=1, max_size=14))
def test_trigger_scan_finds_what_a_full_scan_finds(words):
    text = " ".join(words)
    got = [(m.start, m.end, m.rule_id) for m in nd.find_schedules(text)]
    assert got == _reference_schedules(text)


_ROUTE_WORDS = ["IV", "i.v.", "p.o.", "PO", "orally", "intravenous infusion", "s.c.", "SC", "IM", "Phase IV", "stage IV",
                "静脉滴注", "口服", "200 mg静脉滴注", "into a vein", "subQ", "tablets", "intrathecal", "IT", "ivgtt", "x.IV"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ROUTE_WORDS + _FILLER), min_size=1, max_size=14), st.sampled_from([" ", "", "\n", "/"]))
def test_route_scan_per_first_character_finds_what_the_full_pattern_finds(words, sep):
    # the routes are tried only where a rule can start; the full alternation tried everywhere
    # gives the same matches
    text = sep.join(words)
    r = nd.rules()
    assert [(m.span(), m.lastgroup) for m in r.route.finditer(text, 0, len(text))] == [
        (m.span(), m.lastgroup) for m in r.route.whole.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["dose level 2", "DL-1", "dose2", "level 3", "Dosisstufe 1", "レベル1", "nivel de dosis 2",
                                 "at dose levels 1, 2 and 3, respectively", "Dose Level 1", "DOSE 3"] + _FILLER),
                min_size=1, max_size=10))
def test_level_triggers_skip_no_level(words):
    # a span without any trigger word holds no level cue: the cheap check never hides one
    text = " ".join(words)
    r = nd.rules()
    assert bool(nd.find_levels(text)) == bool(r.level_any.search(text))
    assert [m.value for m in nd.find_respective_levels(text)] == [
        tuple(int(x) for x in re.findall(r"\d+", m.group("list"))) for m in r.level_respectively.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=0.01, max_value=5000, allow_nan=False).map(lambda x: round(x, 2)),
    st.sampled_from(["mg", "mg/kg", "mg/m2", "ug/kg", "IU", "mL"]),
    st.sampled_from(["", " "]),
)
def test_any_amount_reads_back(value, unit, space):
    text = f"Drug X {value:g}{space}{unit} IV"
    got = _reads(text)
    assert len(got) == 1
    assert math.isclose(got[0][1], value) and got[0][3] == unit


# ------------------------------------------------------------------ held-out review follow-up

@pytest.mark.parametrize(
    "text, kinds",
    [
        ("once per cycle", [("per_cycle", None)]),
        ("on day 1 of each cycle", [("daylist", None), ("per_cycle", None)]),
        ("each cycle of 21 days", [("cycle", 21.0)]),
        ("each treatment cycle lasts 21 days", [("cycle", 21.0)]),
        ("cycles are repeated every 3 weeks", [("cycle", 21.0)]),
        ("each cycle will last for 4 weeks", [("cycle", 28.0)]),
    ],
)
def test_cycle_phrasings(text, kinds):
    assert [(s.kind, s.value) for s in nd.find_schedules(text)] == kinds


def test_a_day_list_keeps_its_days():
    (s,) = nd.find_schedules("on Days 1, 8 and 15")
    assert (s.kind, s.value, s.days) == ("daylist", 7.0, (1, 8, 15))
    assert nd.find_schedules("on day -5 to day -3")[0].days == (-5, -4, -3)


def test_frequency_then_cycle_then_day_list():
    assert nd.KIND_RANK["freq"] < nd.KIND_RANK["cycle"] < nd.KIND_RANK["daylist"]


@pytest.mark.parametrize(
    "text, heads",
    [("DL2 1.0 mg/kg", True), ("Dose level 2: 10 mg/kg", True), ("dose2 (1×10^6 cells/kg)", True),
     ("DL #3 = 2 mg/kg", True), ("dose level 1, 0.2 mg/kg", False), ("level 1 and then 0.2 mg/kg", False)],
)
def test_a_level_cue_heads_the_dose_right_after_it(text, heads):
    cue = nd.find_levels(text)[0]
    dose = nd.find_doses(text)[0]
    assert nd.level_before(text, cue, dose.start) is heads


@pytest.mark.parametrize("text", ["60 Gy in 30 fractions", "a boost of 10 Gy", "180 cGy per fraction"])
def test_radiation_doses_are_not_dose_amounts(text):
    assert _reads(text) == []


@pytest.mark.parametrize(
    "surface, route",
    [("through a drip into a vein", "IV"), ("into a vein", "IV"), ("as an injection under the skin", "SC"),
     ("into the muscle", "IM"), ("as a pill", "PO")],
)
def test_plain_language_routes(surface, route):
    assert nd.normalize_route(surface) == route


@pytest.mark.parametrize("raw, name", [("'Part A: Dose Escalation'", "Part A: Dose Escalation"),
                                       ('"Arm 1"', "Arm 1"), ("Physician's Choice", "Physician's Choice")])
def test_enclosing_quotes_are_dropped(raw, name):
    assert nd.normalize_context(raw) == name and nd.clean_name(raw) == name


# (not after a letter and a hyphen either: the number of a code, "RX-2320")
_OLD_NUMBER_START = re.compile(r"(?<![\w.^\\])(?<!\d/)(?<![^\W\d_]-)\d|(?<![\w.^\\])(?<!\d/)(?<![^\W\d_]-)\.\d")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789./^\\ -xmgAB_é", max_size=30))
def test_number_starts_match_the_lookbehind_pattern(text):
    assert list(nd._number_starts(text, 0, len(text))) == [m.start() for m in _OLD_NUMBER_START.finditer(text)]


def test_a_context_drops_a_trailing_route_and_frequency_parenthesis():
    from extract.normalize.doses import normalize_context
    assert normalize_context("Part Ib, dose levels (SC, QW)") == "Part Ib, dose levels"
    assert normalize_context("Cohort 2 (IV, every 3 weeks)") == "Cohort 2"
    assert normalize_context("Arm A (experimental)") == "Arm A (experimental)"
    assert normalize_context("Cohort A (QX-1 + trastuzumab)") == "Cohort A (QX-1 + trastuzumab)"


def test_respective_level_lists():
    from extract.normalize.doses import find_respective_levels
    text = "5, 15 or 50 mg at dose levels 1, 2 and 3, respectively; 10 mg at DL 4"
    (m,) = find_respective_levels(text)
    assert m.value == (1, 2, 3) and text[m.start:m.end].startswith("dose levels 1")
    assert find_respective_levels("at dose levels 1, 2 and 3 in turn") == []


def test_per_kilogram_restated_in_words():
    from extract.normalize.doses import find_doses
    text = "6.4 milligrams for each kilogram of body weight"
    (d,) = find_doses(text)
    assert d.unit == "mg/kg" and text[d.start:d.end] == text
