"""Compiled dose rules (rules/dose_*.yaml, dose_*.tsv) and the type labels of a page."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...context import langgate
from ...normalize import dose_rules


# where an attribute of a row came from (lower: closer evidence)
OWN = 0
SENTENCE = 1
# the context of a dose named as the one the study went on with (dose_cues.yaml chosen_after)
CHOSEN_CONTEXT = "RP2D"
BLOCK = 2
DEFAULT = 3
NO_SOURCE = 9


class _Rules:
    """The component's rule files, compiled once per set of page languages (as
    :class:`extract.normalize.dose_rules._DoseRules`)."""

    def __init__(self, langs: frozenset[str] | None = None) -> None:
        self.langs = langs
        self._layout()
        self._names()
        self._filters_and_cues()

    def _load(self, name: str, required: list[str] | tuple[str, ...] = (), key: str = "rules") -> list[dict]:
        return langgate.load(name, self.langs, required, key)

    def _alternation(self, name: str, key: str = "rules", flags: int = re.I) -> re.Pattern:
        """The ``pattern`` column of a rule list as one compiled alternation."""
        rows = self._load(name, required=["pattern"], key=key)
        return re.compile("|".join(f"(?:{r['pattern']})" for r in rows) or r"(?!)", flags)

    def _layout(self) -> None:
        """rules/dose_layout.yaml: type labels, line roles, headings, label splitting."""
        types = self._load("dose_layout.yaml", required=["kind", "label"])
        self.type_kind = {t["label"].casefold(): (t["kind"], t["id"]) for t in types}
        alt = "|".join(re.escape(t["label"]) for t in sorted(types, key=lambda t: -len(t["label"])))
        # "Drug: X" / "Experimental: Arm A" opening a line (inline labels: find_type_labels)
        # an export's numbered field key may come first ("Arm Group 1: EXPERIMENTAL: Arm A ...")
        keys = self._alternation("dose_layout.yaml", "type_line_keys").pattern
        self.type_line_re = re.compile(
            rf"^\s*(?:[-*•]\s*)?(?:(?:{keys})\s*)?(?P<type>{alt})\s*:\s*(?P<rest>\S.*)$", re.I)
        line_rows = self._load("dose_layout.yaml", required=["kind", "pattern"], key="lines")
        self.line_kinds = [r["kind"] for r in line_rows]
        # every role pattern anchored at the line start: a match, not a search, per line
        self.line_anchored = all(r["pattern"].startswith("^") for r in line_rows)
        # one search per line: the rows as named alternatives, first row first
        self.line_re = re.compile(
            "|".join(f"(?P<l{i}>{r['pattern'].replace('(?P<rest>', f'(?P<rest{i}>')})" for i, r in enumerate(line_rows)),
            re.I | re.M,
        )
        self.int_headings = [
            (r["id"], re.compile(r["pattern"], re.I))
            for r in self._load("dose_layout.yaml", required=["pattern"], key="interventions_headings")
        ]
        self.no_split_before = self._alternation("dose_layout.yaml", "no_split_before")
        self.fallback_arm_line = self._alternation("dose_layout.yaml", "fallback_arm_lines", re.M)
        self.fallback_heading = self._alternation("dose_layout.yaml", "fallback_arm_headings", re.I | re.M)
        split = self._load("dose_layout.yaml", required=["kind", "words"], key="label_split")

        def words_of(kind: str) -> str:
            return "|".join(re.escape(w) for r in split if r["kind"] == kind for w in str(r["words"]).split()) or r"(?!)"

        self.label_connector = re.compile(rf"(?:{words_of('connector')})", re.I)
        self.desc_opener = re.compile(rf"(?:{words_of('opener')})", re.I)
        self.label_separator = re.compile(rf"(?:{words_of('separator')})", re.I)

    def _names(self) -> None:
        """rules/dose_names.yaml: stop words, stems, salts, affixes, route links."""
        stops: set[str] = set()
        for r in self._load("dose_names.yaml", required=["words"]):
            stops.update(w.casefold() for w in str(r["words"]).split())
        self.name_stops = frozenset(stops)
        self.name_bridges = frozenset(
            w.casefold() for r in self._load("dose_names.yaml", required=["words"], key="bridges")
            for w in str(r["words"]).split())
        self.stems = self._alternation("dose_names.yaml", "stems", 0)
        self.name_particle = self._alternation("dose_names.yaml", "particles", 0)
        self.form_words = frozenset(
            w.casefold() for r in self._load("dose_names.yaml", required=["words"], key="form_words")
            for w in str(r["words"]).split())
        codes = [r for r in self._load("dose_names.yaml", required=["pattern"], key="stems") if r.get("title_name")]
        self.title_code = re.compile("|".join(f"(?:{r['pattern']})" for r in codes) or r"(?!)")
        salts = self._alternation("dose_names.yaml", "salts")
        self.salt_re = re.compile(rf"[ \t]+(?:{salts.pattern})(?![\w-])", re.I)
        self.all_groups = self._alternation("dose_cues.yaml", "all_groups")
        self.after_link = self._alternation("dose_names.yaml", "after_links")
        affixes = self._load("dose_names.yaml", required=["side", "words"], key="cjk_affixes")

        def affix_alt(side: str) -> str:
            return "|".join(re.escape(w) for r in affixes if r["side"] == side
                            for w in str(r["words"]).split()) or "(?!)"

        self.cjk_affix_start = re.compile(f"(?:{affix_alt('start')})+")
        self.cjk_affix_end = re.compile(f"(?:{affix_alt('end')})+$")
        self.pair_joiner = self._alternation("dose_names.yaml", "pair_joiners")

        def words(key: str) -> str:
            return "|".join(re.escape(w) for r in self._load("dose_names.yaml", required=["words"], key=key)
                            for w in str(r["words"]).split()) or "(?!)"

        # within two plain words after a dose, not across a joining word ("375 mg/m2 IV and doxorubicin")
        self.gap_to_name = re.compile(rf"[ \t]+(?:(?!(?:{words('gap_stops')})\b)[^\W\d]+[ \t]+){{0,2}}")
        # a name before a comma and a dose, after a colon or a conjunction ("..., or eribulin, 1.4 mg/m2 IV")
        self.label_name = re.compile(rf"(?::|(?<!\w)(?:{words('label_conjunctions')})(?=[ \t]))[ \t]*"
                                     r"([^\W\d][^,;:.()\n]{0,40}?)[ \t]*,[ \t]*$")
        self.route_links = [
            (r["id"], r["side"], re.compile(r["pattern"], re.I), int(r["max_gap"]))
            for r in self._load("dose_names.yaml", required=["side", "pattern", "max_gap"], key="route_links")
        ]

    def _filters_and_cues(self) -> None:
        """rules/dose_filters.yaml, the schedule cues and the label patterns."""
        self.reject = self._alternation("dose_filters.yaml")
        self.reject_after = self._alternation("dose_filters.yaml", "reject_after")
        sh = self._alternation("dose_filters.yaml", "strength_headers").pattern
        self.strength_header = re.compile(rf"[ \t*]*(?:{sh})[ \t*:]*", re.I)
        self.summary_study = self._alternation("dose_filters.yaml", "summary_study")
        self.people_after = self._alternation("dose_filters.yaml", "people_after")
        self.people_before = self._alternation("dose_filters.yaml", "people_before")
        self.eligibility_cue = self._alternation("dose_filters.yaml", "eligibility_cues")
        self.treatment_cue = self._alternation("dose_filters.yaml", "treatment_cues")
        self.summary_background = self._alternation("dose_filters.yaml", "summary_background")
        self.coordination = self._alternation("dose_filters.yaml", "coordination")
        self.own_route = self._alternation("dose_filters.yaml", "own_route")
        self.shared_tail = self._alternation("dose_filters.yaml", "shared_tail")
        self.combination = self._alternation("dose_filters.yaml", "combination", 0)
        self.single_breaks = self._alternation("dose_schedules.yaml", "single_breaks")
        self.sequence = self._alternation("dose_schedules.yaml", "sequence")
        self.regimen_header = self._alternation("dose_schedules.yaml", "regimen_header")
        self.header_hint = self._alternation("dose_schedules.yaml", "header_hint")
        # mechanism, not vocabulary: a short form in parentheses; a label ending in a colon at
        # a line start (after a bullet) or after a sentence/clause end or a table pipe, maybe
        # in markdown emphasis ("**Arm A:**", "__Cohort 2__:")
        self.paren_re = re.compile(r"\(\s*([^()\n]{2,20}?)\s*\)")
        # an inline context cue ending in a colon, anywhere ("Treatment Plan Arm A: ..."),
        # with its parenthesis ("Cohort 2 (prior HER2 therapy): ...")
        inline = [r["pattern"] for r in self._load("dose_cues.yaml", required=["pattern"], key="contexts")
                  if str(r.get("inline")).lower() in ("yes", "true")]
        self.cue_colon_re = re.compile(
            rf"(?<![\w-])(?P<label>(?:{'|'.join(f'(?:{p})' for p in inline) or '(?!)'})(?:[ \t]*\([^()\n]{{0,80}}\))?)"
            r"[ \t]*(?:\*\*?|__?)?[ \t]*:(?![\d/])", re.I)
        # a dose named as the one the study went on with ("6.4 mg/kg was selected as RP2D")
        self.chosen_after = self._alternation("dose_cues.yaml", "chosen_after")
        # "A phase 1 trial is ...": only these words before a cue make it a kind of trial
        self.kind_of_trial = re.compile(
            rf"[ \t]*(?:{self._alternation('dose_cues.yaml', 'kind_of_trial').pattern})[ \t]+", re.I)
        # a cue as the subject of a clause inside a sentence ("They were randomized: Arm A received
        # X 6 mg/kg and Arm B received X 7.5 mg/kg"): the context of that clause's doses
        subject = "|".join(f"(?:{r['pattern']})" for r in self._load("dose_cues.yaml", required=["pattern"],
                                                                          key="inline_subject")) or "(?!)"
        self.cue_subject_re = re.compile(
            rf"(?:[:;][ \t]+|,?[ \t]+(?:{self._alternation('dose_cues.yaml', 'clause_join').pattern})[ \t]+)(?P<label>{'|'.join(f'(?:{p})' for p in inline) or '(?!)'})"
            rf"(?=[ \t]*(?:{subject}))", re.I)
        self.context_after = re.compile(
            rf"[ \t]*[(（][ \t]*(?P<cue>{'|'.join(f'(?:{p})' for p in inline) or '(?!)'})[ \t]*[)）]", re.I)
        # a cue in parentheses that closes a sentence ("... koos dotsetakseeliga 75 mg/m2 iga 3 nädala järel (rühm A).")
        self.context_tail = re.compile(
            rf"[(（][ \t]*(?P<cue>{'|'.join(f'(?:{p})' for p in inline) or '(?!)'})[ \t]*[)）][ \t]*[.。;]?[ \t]*$", re.I)
        self.cue_label_re = re.compile(
            r"(?:(?<=^)|(?<=[.;|。；])|(?<=[.;|][ \t])|(?<=\.\.[ \t]))[ \t]*(?:(?:[-*•▪◦]|\d{1,2}[.)])[ \t]+)?"
            rf"(?:\*\*?|__?)?(?P<label>[A-Z(\u3040-\u30ff\u4e00-\u9fff][^:：\n;；.。|*]{{0,70}}?)[ \t]*(?:\*\*?|__?)?[ \t]*[:：](?![\d/])",
            re.M,
        )


GATE = langgate.Gated(_Rules, *dose_rules.DOSE_FILES)  # the rules of the page being read: rules()
rules, compiled = GATE.rules, GATE.compiled


@dataclass(frozen=True)
class TypeLabel:
    start: int  # label start ("Drug")
    end: int  # after the colon and spaces: where the name starts
    type: str


def find_type_labels(text: str, start: int = 0, end: int | None = None) -> list[TypeLabel]:
    """"Drug: ", "Experimental: " ... labels in ``text[start:end]``, followed by text: the one
    or two words before each colon, looked up in the label table."""
    end = len(text) if end is None else end
    kinds = rules().type_kind
    out = []
    i = text.find(":", start, end)
    while i != -1:
        j = i + 1
        while j < end and text[j] in " \t":
            j += 1
        if j < end and not text[j].isspace():
            words = text[max(start, i - 32):i].split()
            for n in (1, 2, 3):
                if len(words) < n:
                    break
                cand = " ".join(words[-n:])
                if cand.casefold() in kinds:
                    ls = text.rfind(cand, max(start, i - 40), i)
                    if ls == start or (ls > 0 and text[ls - 1] in " \t\n|"):
                        out.append(TypeLabel(ls, j, cand))
                    break
        i = text.find(":", i + 1, end)
    return out
