"""Milestone dates as registries spell them -> (date, precision).

"2024-07-04" -> DAY; "2024-07" / "2024/07" / "March 2016" / "03/2016" -> MONTH (first of month);
"2016" -> YEAR (January 1st); "February 1, 2023", "1 Feb 2023", "2023/02/01", "10. 3. 2023" -> DAY.
Other languages (rules/date_words.yaml): "15 de marzo de 2024", "septiembre de 2025", "12. März
2024", "2024年5月15日", "令和6年5月15日", "2024년 5월 15일", UMIN's "2024 Year 05 Month 15 Day";
Thai Buddhist-era years in dates with a day or month ("1 เมษายน 2568" -> 2025-04-01; date_words.yaml calendars).
dateutil parses what the shapes below leave over, with defaults that reveal which parts
were present.
"""
from __future__ import annotations

import re
from datetime import date

from dateutil import parser as du_parser

from .. import ruledata

# English month names (date_words.yaml months_en) -> month number
_MONTH_NUMBERS = {n.lower(): int(r["month"]) for r in ruledata.load("date_words.yaml", required=["month", "names"], key="months_en")
                  for n in r["names"]}
_MONTHS = "(?:" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
# "1st", "22nd" (date_words.yaml ordinals_en)
_ORD = "(?:" + "|".join(f"(?:{r['pattern']})" for r in ruledata.load("date_words.yaml", required=["pattern"],
                                                                      key="ordinals_en")) + ")"


def _langs_of(row: dict) -> frozenset[str]:
    tag = row.get("lang") or ()
    return frozenset(tag.split() if isinstance(tag, str) else tag)


def _words() -> tuple[dict[str, int], dict[str, tuple[tuple[frozenset[str], int], ...]], dict[str, int]]:
    """Month names -> month (the first row naming a word, when the page's languages do not
    decide); the names that rows with ``lang`` give to different months -> ((langs, month), ...);
    era names -> base year."""
    rows = ruledata.load("date_words.yaml", required=["month", "names"], key="months")
    months: dict[str, int] = {}
    by_lang: dict[str, list[tuple[frozenset[str], int]]] = {}
    for r in rows:
        for n in r["names"]:
            months.setdefault(n.lower(), int(r["month"]))
            if r.get("lang"):
                by_lang.setdefault(n.lower(), []).append((_langs_of(r), int(r["month"])))
    ambiguous = {n: tuple(c) for n, c in by_lang.items() if len({m for _, m in c}) > 1}
    eras = {n: int(r["base"]) for r in ruledata.load("date_words.yaml", required=["names", "base"], key="eras")
            for n in r["names"]}
    return months, ambiguous, eras


_FOREIGN_MONTHS, _MONTHS_BY_LANG, _ERAS = _words()


def month_of(name: str, langs: frozenset[str] = frozenset()) -> int | None:
    """The month a month name stands for on a page in ``langs`` (``context.cues.page_languages``):
    "listopad" is November on a Czech or Polish page, October on a Croatian one; where the page's
    languages do not decide (none of them, or several months), the first row naming the word."""
    name = name.lower().rstrip(".")
    rows = _MONTHS_BY_LANG.get(name)
    if rows and langs:
        months = {m for row_langs, m in rows if row_langs & langs}
        if len(months) == 1:
            return months.pop()
    return _FOREIGN_MONTHS.get(name) or _MONTH_NUMBERS.get(name)
# other calendars' year offsets (date_words.yaml calendars): (from, to, offset)
_CALENDARS = [(int(r["from"]), int(r["to"]), int(r["offset"]))
              for r in ruledata.load("date_words.yaml", required=["from", "to", "offset"], key="calendars")]


def _gregorian(y: int) -> int:
    """The Gregorian year of a year written in another calendar (2568 BE -> 2025); others as they are."""
    for lo, hi, offset in _CALENDARS:
        if lo <= y <= hi:
            return y - offset
    return y
_FMONTH = "(?:" + "|".join(sorted(map(re.escape, _FOREIGN_MONTHS), key=len, reverse=True)) + r")\.?"
_ERA = "(?:" + "|".join(sorted(map(re.escape, _ERAS), key=len, reverse=True)) + ")"
# year-month(-day) written with CJK unit words, an era year, or UMIN's English "Year Month Day"
_CJK = (rf"(?:(?P<era>{_ERA})[ \t]*(?P<ey>\d{{1,2}}|元)|(?P<y>\d{{4}}))[ \t]*(?:年|년|Year)[ \t]*"
        r"(?P<m>\d{1,2})[ \t]*(?:月|월|Month)(?:[ \t]*(?P<d>\d{1,2})[ \t]*(?:日|일|Day))?")
# "15 de marzo de 2024", "12. März 2024", "marzo de 2024", "mars 2024"; year first, the year
# with its dot (Hungarian): "2029. június", "2024. márc. 5.", "2024. november 5."; the month in
# lower case, as Hungarian writes it (not an English sentence's "... in 2023. March ...")
# Catalan "15 d'abril de 2024"; Arabic "15 مارس، 2024"; Lithuanian year first, its "m." (metai) and the day's "d."
# ("2024 m. kovo 15 d.", "2024 m. kovo mėn."); Latvian "2024. gada 15. martā", "2024. g. martā"; Estonian "2024. aasta märtsis"
_FOREIGN = (rf"(?:(?P<fd>\d{{1,2}})(?:\.|º|er)?[ \t]+(?:de[ \t]+|d['’])?)?(?P<fm>{_FMONTH})[,،]?[ \t]+(?:de[ \t]+|del[ \t]+)?(?P<fy>\d{{4}})"
            rf"|(?P<hy>\d{{4}})\.[ \t]*(?P<hm>(?-i:{_FMONTH}|{_MONTHS}))(?:[ \t]*(?P<hd>\d{{1,2}})\.?(?!\d))?"
            rf"|(?P<by>\d{{4}})(?:[ \t]*m\.|\.?[ \t]*(?:gada|g\.|aasta))[ \t]+(?:(?P<bd1>\d{{1,2}})\.[ \t]*)?(?P<bm>{_FMONTH})"
            r"(?:[ \t]+(?P<bd>\d{1,2})[ \t]*d\.?|[ \t]+mėn\.?)?")
_CJK_RE = re.compile(_CJK, re.I)
_FOREIGN_RE = re.compile(_FOREIGN, re.I)

# the date shapes a value may carry; order: most specific first
DATE_PATTERN = (
    rf"(?:{_CJK}|{_FOREIGN}|"
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}"
    rf"|{_MONTHS}\s+\d{{1,2}}{_ORD}?,?\s+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}?\s+{_MONTHS},?\s+\d{{4}}|\d{{1,2}}-{_MONTHS}-\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{4}|\d{1,2}-\d{1,2}-\d{4}"
    rf"|{_MONTHS},?\s+\d{{4}}|\d{{4}}-\d{{1,2}}(?!\d)|\d{{4}}/(?:0?[1-9]|1[0-2])(?![\d/])|\d{{1,2}}[/.]\d{{4}}(?![.\d])|\d{{4}})"
)
DATE_RE = re.compile(rf"(?<![A-Za-z0-9_-]){DATE_PATTERN}(?![A-Za-z0-9_-])", re.I)

_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")  # "2025-03"; "2025/03" (Taiwan, Japan)
_MONTH_SLASH_YEAR = re.compile(r"(\d{1,2})[/.](\d{4})")  # "03/2025"; German "03.2025"
_YEAR = re.compile(r"(\d{4})")


# "10. 3. 2026": Czech, Slovak, Croatian, Hungarian dates with a space after each dot are day-first
_NUMERIC_DMY = re.compile(r"(\d{1,2})([/.-])(?P<sp>[ \t]?)(\d{1,2})\2[ \t]?(\d{4})")
# "February 1, 2023", "Feb 1 2023", "March 2016": the registries' own shapes, read without dateutil
_NAMED_MONTH = re.compile(r"([A-Za-z]{3,9})\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})")


def parse_date(value: str, dayfirst: bool = False, langs: frozenset[str] = frozenset()) -> tuple[date, str] | None:
    """Parse one date value. Returns (date, precision) or None when it is not a date.

    ``dayfirst`` settles numeric dates like 04/02/2019 (02 April in the UK and India); an
    unambiguous one (13/02/2019) is read as written whatever the flag says. ``langs``: the
    page's languages, which choose between month names that differ by language (:func:`month_of`).
    """
    got = _parse_one(value, dayfirst, langs)
    # a year of another calendar ("1403/07/10", Solar Hijri) is no Gregorian date
    return got if got is None or 1900 <= got[0].year <= 2100 else None


def _parse_one(value: str, dayfirst: bool, langs: frozenset[str]) -> tuple[date, str] | None:
    s = value.strip().strip(".,;|").strip()
    if not s:
        return None
    try:
        other = _other_language(s, langs)
        if other is not None:
            return other or None
        m = _NUMERIC_DMY.fullmatch(s)
        if m:
            a, b, y = int(m[1]), int(m[4]), _gregorian(int(m[5]))
            if a > 12 or ((dayfirst or m["sp"]) and b <= 12):
                return date(y, b, a), "DAY"
            return date(y, a, b), "DAY"
        m = _ISO_DAY.fullmatch(s)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])), "DAY"
        m = _ISO_MONTH.fullmatch(s)
        if m:
            return date(int(m[1]), int(m[2]), 1), "MONTH"
        m = _NAMED_MONTH.fullmatch(s)
        if m and m[1].lower() in _MONTH_NUMBERS:
            month, year = _MONTH_NUMBERS[m[1].lower()], int(m[3])
            if not 1900 <= year <= 2100:
                return None
            return (date(year, month, int(m[2])), "DAY") if m[2] else (date(year, month, 1), "MONTH")
        m = _MONTH_SLASH_YEAR.fullmatch(s)
        if m:
            return date(int(m[2]), int(m[1]), 1), "MONTH"
        m = _YEAR.fullmatch(s)
        if m:
            y = int(m[1])
            return (date(y, 1, 1), "YEAR") if 1900 <= y <= 2100 else None
    except ValueError:
        return None
    if not re.search(r"\d{4}", s):
        return None
    try:
        # two parses with different default days tell whether the day was written
        d1 = du_parser.parse(s, default=_datetime(2000, 1, 1), fuzzy=False)
        d2 = du_parser.parse(s, default=_datetime(2000, 1, 28), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if not 1900 <= d1.year <= 2100:
        return None
    if d1.day == d2.day:
        return d1.date(), "DAY"
    return d1.date().replace(day=1), "MONTH"


def _other_language(s: str, langs: frozenset[str] = frozenset()) -> tuple[date, str] | tuple[()] | None:
    """A CJK, era or foreign-month date: (date, precision); () when the shape matched but
    is no date; None when the value has another shape."""
    m = _CJK_RE.fullmatch(s)
    if m:
        if m["era"]:
            y = _ERAS[m["era"]] + (1 if m["ey"] == "元" else int(m["ey"]))
        else:
            y = int(m["y"])
    else:
        m = _FOREIGN_RE.fullmatch(s)
        if not m:
            return None
        y = _gregorian(int(m["fy"] or m["hy"] or m["by"]))
    if m.re is _CJK_RE:
        month, day = int(m["m"]), m["d"]
    else:
        month, day = month_of(m["fm"] or m["hm"] or m["bm"], langs), m["fd"] or m["hd"] or m["bd"] or m["bd1"]
    if not 1900 <= y <= 2100 or month is None:
        return ()
    return (date(y, month, int(day)), "DAY") if day else (date(y, month, 1), "MONTH")


def _datetime(y: int, m: int, d: int):
    from datetime import datetime

    return datetime(y, m, d)


def page_dayfirst(text: str, default: bool) -> bool:
    """Whether numeric dates on a page are day-first: the first unambiguous one decides."""
    if "/" not in text and "." not in text and "-" not in text:
        return default
    for m in _NUMERIC_TAIL.finditer(text):
        # the scan starts at the separator (a literal-led pattern is far faster); the first
        # number is read backwards: 1-2 digits, not preceded by another digit or separator
        j = m.start()
        while j > 0 and m.start() - j < 2 and text[j - 1].isdigit():
            j -= 1
        if j == m.start() or (j > 0 and (text[j - 1].isdigit() or text[j - 1] in "/.-")):
            continue
        if m.end() < len(text) and (text[m.end()].isdigit() or text[m.end()] in "/.-"):
            continue
        a, b = int(text[j:m.start()]), int(m.group(2))
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    return default


_NUMERIC_TAIL = re.compile(r"([/.-])(\d{1,2})\1\d{4}")


def find_date(text: str, dayfirst: bool = False) -> tuple[date, str, int, int] | None:
    """The first date in ``text``: (date, precision, start, end) or None."""
    for m in DATE_RE.finditer(text):
        parsed = parse_date(m.group(0), dayfirst)
        if parsed:
            return parsed[0], parsed[1], m.start(), m.end()
    return None
