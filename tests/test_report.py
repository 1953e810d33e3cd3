"""Run report, evidence viewer, data dictionary and the README's analyst queries."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import lxml.html
import pytest
from typer.testing import CliRunner

from extract.report import labels, progress
from extract.report.dictionary import GENERATED, dictionary_markdown
from extract.report.runreport import render_markdown, write_report
from extract.report.snapshot import open_snapshot
from extract.report.viewer import Fact, NotFound, collect_facts, render_viewer, resolve_document, segments
from extract.schema import SCHEMAS
from report_pages import HOSTILE_FILE_NAME, JSLINK, ONERROR, SCRIPT, write_hostile, write_versions

ROOT = Path(__file__).resolve().parent.parent
FACT_TABLES = list(labels.FACT_KINDS)


@pytest.fixture(scope="module")
def pages_out(tmp_path_factory) -> Path:
    """Two versions of one trial, a hostile page and a hostile file name, extracted and reported."""
    from extract.local import run_local

    raw = tmp_path_factory.mktemp("report_raw")
    write_versions(raw)
    write_hostile(raw)
    out = tmp_path_factory.mktemp("report_out")
    summary = run_local(raw, out)
    assert summary.published
    write_report(out, summary)
    return out


# ---------------------------------------------------------------------- labels and segments
def test_labels_read_like_the_normalized_value():
    assert labels.lab_label({"analyte": "anc", "comparator": ">=", "value": 1.5, "unit": "10^9/L",
                             "criterion_type": "INCLUSION"}) == "anc ≥ 1.5 10^9/L"
    assert labels.lab_label({"analyte": "hba1c", "comparator": ">=", "value": 9.0, "unit": "%",
                             "criterion_type": "EXCLUSION", "condition": None}) == "excl. hba1c ≥ 9 %"
    assert labels.lab_label({"analyte": "inr", "comparator": "<=", "value": 1.5, "unit": "1",
                             "criterion_type": "INCLUSION", "condition": "on anticoagulants"}) == "inr ≤ 1.5 if on anticoagulants"
    assert labels.her2_label({"her2_status": "LOW", "ihc_scores": ["1+", "2+"], "ish": "NEGATIVE",
                              "criterion_type": "INCLUSION"}) == "HER2 LOW (IHC 1+, 2+/ISH-)"
    assert labels.her2_label({"her2_status": "EXPRESSING", "ihc_scores": [], "expression_pct_min": 30.0,
                              "criterion_type": "POPULATION"}) == "population: HER2 EXPRESSING (≥ 30%)"
    assert labels.dose_label({"intervention": "FS-1502", "dose_low": 0.4, "dose_high": 0.4, "unit": "mg/kg",
                              "route": "IV", "interval_days": 21.0, "dose_level": 3}) == "FS-1502 0.4 mg/kg IV q21d, dose level 3"
    assert labels.dose_label({"intervention": None, "dose_low": 1e6, "dose_high": 2e6, "unit": "cells/kg"}) == "dose 1000000–2000000 cells/kg"


def test_segments_keep_the_text_and_know_every_covering_fact():
    text = "ANC >= 1.5 and HER2 3+"
    outer = Fact("f0", "lab_thresholds", "lab", 0, 10, "anc ≥ 1.5", {})
    inner = Fact("f1", "her2_criteria", "her2", 4, 6, "x", {})
    late = Fact("f2", "her2_criteria", "her2", 15, 22, "HER2 POSITIVE", {})
    segs = segments(text, [outer, inner, late])
    assert "".join(s.text for s in segs) == text
    by_text = {s.text: s for s in segs}
    assert by_text["ANC "].fids == ["f0"] and by_text["ANC "].kind == "lab"
    assert sorted(by_text[">="].fids) == ["f0", "f1"] and by_text[">="].kind == "her2"  # the innermost colors it
    assert by_text[" 1.5"].ends == ["anc ≥ 1.5"]
    assert by_text[" and "].fids == []
    assert by_text["HER2 3+"].ends == ["HER2 POSITIVE"]


# ---------------------------------------------------------------------- viewer
def _facts_by_doc(snap) -> dict[str, list[tuple[str, dict]]]:
    out = defaultdict(list)
    for t in FACT_TABLES:
        for r in snap.rows(t):
            out[r["document_id"]].append((t, r))
    return out


def test_viewer_renders_every_gold_document(curated):
    """Every page: the text is there exactly, every fact is highlighted over its own
    characters and carries its normalized value, and every fact has its table row."""
    snap = open_snapshot(curated)
    facts = _facts_by_doc(snap)
    docs = snap.rows("documents")
    assert len(docs) > 60
    n_facts = 0
    for doc in docs:
        html, shown = render_viewer(snap, doc["document_id"])
        assert shown["document_id"] == doc["document_id"]
        tree = lxml.html.fromstring(html)
        # lxml keeps the newline after <pre> that HTML parsers in browsers drop (it is there so
        # that a text starting with a newline keeps it)
        assert tree.get_element_by_id("doc-text").text_content() == "\n" + doc["text"], doc["source_path"]
        assert not tree.xpath('//*[@id="bad-offsets"]'), doc["source_path"]
        rows = tree.xpath('//tr[@data-target]')
        assert len(rows) == len(facts[doc["document_id"]]), doc["source_path"]
        spans: dict[str, str] = defaultdict(str)
        end_labels: dict[str, list[str]] = defaultdict(list)
        for span in tree.xpath('//span[@data-f]'):
            for fid in span.get("data-f").split():
                spans[fid] += span.text_content()
        for row in rows:
            fid = row.get("data-target")
            table = row.getparent().getparent().get("data-table")
            label = row.xpath("td")[1].text_content()
            match = [r for t, r in facts[doc["document_id"]] if t == table and labels.label(t, r) == label
                     and doc["text"][r["char_start"]:r["char_end"]] == spans[fid]]
            assert match, (doc["source_path"], table, label)
            end_labels[fid].append(label)
            n_facts += 1
        ended = " · ".join(s.get("data-label") for s in tree.xpath('//span[@data-label]'))
        for fid, ls in end_labels.items():
            assert all(lab in ended for lab in ls)
    assert n_facts > 500


def test_viewer_finds_pages_by_nct_id_path_name_and_id(pages_out):
    snap = open_snapshot(pages_out)
    current = resolve_document(snap, "NCT09999901")
    assert current["source_path"] == "trial_v2.txt"  # the newest last update is the current page
    assert resolve_document(snap, "nct09999901")["document_id"] == current["document_id"]
    assert resolve_document(snap, "trial_v1.txt")["source_path"] == "trial_v1.txt"
    assert resolve_document(snap, "somewhere/raw/trial_v1.txt")["source_path"] == "trial_v1.txt"
    assert resolve_document(snap, "trial_v1")["source_path"] == "trial_v1.txt"
    assert resolve_document(snap, current["document_id"][:8])["document_id"] == current["document_id"]
    with pytest.raises(NotFound):
        resolve_document(snap, "NCT00000000")
    with pytest.raises(NotFound):
        resolve_document(snap, "trial")


def _assert_inert(html: str, own_scripts: int) -> lxml.html.HtmlElement:
    tree = lxml.html.fromstring(html)
    assert len(tree.xpath("//script")) == own_scripts
    assert not tree.xpath("//img") and not tree.xpath("//iframe") and not tree.xpath("//object")
    assert not [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib if a.lower().startswith("on")]
    assert not [e for e in tree.xpath("//*[@href]") if "javascript:" in e.get("href").lower()]
    csp = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp
    assert ("script-src 'sha256-" if own_scripts else "script-src 'none'") in csp
    return tree


def test_hostile_page_text_is_escaped_everywhere(pages_out):
    snap = open_snapshot(pages_out)
    html, _doc = render_viewer(snap, "NCT09999902")
    tree = _assert_inert(html, own_scripts=1)
    text = tree.get_element_by_id("doc-text").text_content()
    for needle in (SCRIPT, ONERROR, JSLINK):
        assert needle in text
    assert tree.xpath('//span[contains(@class, "k-her2")]')  # the facts are still highlighted
    report = _assert_inert((pages_out / "report.html").read_text(encoding="utf-8"), own_scripts=0)
    assert HOSTILE_FILE_NAME in report.get_element_by_id("rejects-table").text_content()
    md = render_markdown({**_data(pages_out)}, None)
    assert "<img" not in md and "&lt;img" in md


def _data(out):
    from extract.report.report_data import build

    return build(open_snapshot(out))


# ---------------------------------------------------------------------- run report
def test_report_shows_the_published_numbers(curated):
    path, markdown = write_report(curated)
    tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
    snap = open_snapshot(curated)
    counts = {tr.xpath("td")[0].text_content(): int(tr.xpath("td")[1].text_content().replace(",", ""))
              for tr in tree.xpath('//table[@id="table-counts"]/tbody/tr')}
    assert counts == {t: snap.table(t).num_rows for t in snap.tables}
    assert {f.get("id") for f in tree.xpath('//figure[@class="chart"]')} == {
        "chart-tables", "chart-phases", "chart-analytes", "chart-her2"}
    for fig in tree.xpath('//figure[@class="chart"]'):
        assert fig.xpath(".//*[local-name()='svg']"), fig.get("id")
    assert "lab_thresholds" in "".join(tree.xpath('//figure[@id="chart-tables"]//text()'))
    no_nct = sorted(d["source_path"] for d in snap.rows("documents") if not d["nct_id"])
    assert len(no_nct) >= 3
    shown = tree.xpath('//h2[@id="no-nct"]/following-sibling::table[1]//td[@class="mono"]/text()')
    assert shown == no_nct
    labs = snap.rows("lab_thresholds")
    top = Counter(r["analyte"] for r in labs).most_common(1)[0]
    first = tree.xpath('//table[@id="analytes-table"]/tbody/tr[1]/td/text()')
    assert first[0] == top[0] and int(first[1]) == top[1]
    her2 = Counter(r["her2_status"] for r in snap.rows("her2_criteria"))
    rows = {tr.xpath("td")[0].text_content(): sum(int(td.text_content() or 0) for td in tr.xpath("td")[1:-1])
            for tr in tree.xpath('//table[@id="her2-table"]/tbody/tr')}
    assert rows == dict(her2)
    assert "## Facts per table" in markdown and f"| lab\\_thresholds | {len(labs)} |" in markdown


def test_report_of_a_run_lists_its_pages_and_rejects(pages_out):
    tree = lxml.html.fromstring((pages_out / "report.html").read_text(encoding="utf-8"))
    cards = {c.xpath('div[@class="k"]')[0].text_content(): c.xpath('div[@class="v"]')[0].text_content()
             for c in tree.xpath('//div[@class="card"]')}
    assert cards["pages in"] == "4" and cards["added"] == "4" and cards["rejected in this run"] == "1"
    rejects = tree.get_element_by_id("rejects-table").text_content()
    assert "empty" in rejects


def test_cli_run_summary_table_and_progress_events(pages_out):
    from rich.console import Console

    from extract.report.console import print_summary, progress_bar
    from extract.summary import RunSummary

    events = []
    with progress.listening(lambda e, n: events.append((e, n))), progress_bar(Console(file=open("/dev/null", "w"))):
        progress.planned(300)
        progress.done(250)
        progress.done(50)
    assert events == [("planned", 300), ("done", 250), ("done", 50)]
    progress.planned(1)  # nobody listens any more: nothing happens
    console = Console(record=True, width=120)
    summary = RunSummary(run_id="r1", published=True, out_dir=str(pages_out), added=["a", "b"], unchanged=3,
                         table_counts={"documents": 5, "lab_thresholds": 7}, seconds=1.25)
    print_summary(summary, pages_out, console)
    out = console.export_text()
    assert "lab_thresholds" in out and "7" in out and "added" in out and f"report: {(pages_out / 'report.html').resolve()}" in out


def test_cli_show_writes_the_viewer(pages_out, tmp_path):
    from extract.cli import app

    runner = CliRunner()
    target = tmp_path / "v.html"
    res = runner.invoke(app, ["show", "NCT09999901", "--out", str(pages_out), "--html", str(target)])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == str(target.resolve())
    assert "anc ≥ 1 10^9/L" in target.read_text(encoding="utf-8")
    res = runner.invoke(app, ["show", "NCT00000000", "--out", str(pages_out)])
    assert res.exit_code == 2 and "no published page" in res.output
    res = runner.invoke(app, ["show", "x", "--out", str(tmp_path / "nothing")])
    assert res.exit_code == 2


# ---------------------------------------------------------------------- data dictionary
def test_committed_data_dictionary_is_up_to_date():
    committed = (ROOT / GENERATED).read_text(encoding="utf-8")
    assert committed == dictionary_markdown(), (
        f"{GENERATED} is out of date: run `.venv/bin/trial-extract dictionary --write {GENERATED}`")


def test_data_dictionary_lists_every_column_and_vocabulary():
    from extract import ruledata

    text = dictionary_markdown()
    for table, schema in SCHEMAS.items():
        section = text.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
        for f in schema:
            assert re.search(rf"^\| `{f.name}` \| `{re.escape(str(f.type))}` \|", section, re.M), (table, f.name)
    for r in ruledata.load("analytes.tsv"):
        assert f"| `{r['id']}` |" in text
    for reason in ("empty", "binary", "too_large", "not_a_registry_page", "extract_error", "duplicate"):
        assert f"| `{reason}` |" in text
    assert "| `LOW` | IHC 1+, or IHC 2+ with ISH- |" in text
    assert "| `anc` | Absolute neutrophil count | 10^9/L | 751-8 | yes |" in text
    assert "not yet described" not in text  # every column has a home in CONTRACT or DATA_DICTIONARY.md


def test_dictionary_command_checks_drift(tmp_path):
    from extract.cli import app

    runner = CliRunner()
    stale = tmp_path / "dd.md"
    stale.write_text("old\n")
    assert runner.invoke(app, ["dictionary", "--check", str(stale)]).exit_code == 1
    assert runner.invoke(app, ["dictionary", "--write", str(stale)]).exit_code == 0
    assert runner.invoke(app, ["dictionary", "--check", str(stale)]).exit_code == 0
    res = runner.invoke(app, ["schema", "--markdown"])
    assert res.exit_code == 0 and res.output == stale.read_text()


# ---------------------------------------------------------------------- README queries
def readme_queries() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"<!-- query: (\w+) -->\n```sql\n(.*?)```", text, re.S))


def run_query(name: str, out: Path, **params):
    sql = readme_queries()[name].replace("'curated/", f"'{out}/")
    return duckdb.execute(sql, params or None).fetchall()


def test_readme_has_the_four_queries():
    assert set(readme_queries()) == {"her2_by_phase", "anc_admits", "dose_levels", "lab_changes"}


def test_query_her2_by_phase(curated):
    snap = open_snapshot(curated)
    current = {t["document_id"]: t for t in snap.rows("trials") if t["is_current"]}
    want = defaultdict(set)
    for r in snap.rows("her2_criteria"):
        if r["document_id"] in current and r["criterion_type"] == "INCLUSION":
            want[(r["her2_status"], "/".join(current[r["document_id"]]["phases"]))].add(r["document_id"])
    got = {(s, p): n for s, p, n, _ids in run_query("her2_by_phase", curated)}
    assert got == {k: len(v) for k, v in want.items()} and len(got) >= 5


def _admits(rows: list[dict], x: float) -> bool:
    """Every bound is met: an inclusion bound holds at x, an exclusion bound does not."""
    for r in rows:
        v = r["value"]
        holds = {">=": x >= v, ">": x > v, "<=": x <= v, "<": x < v, "=": x == v}[r["comparator"]]
        if holds == (r["criterion_type"] == "EXCLUSION"):
            return False
    return True


def test_query_anc_admits(curated):
    snap = open_snapshot(curated)
    current = {t["document_id"] for t in snap.rows("trials") if t["is_current"]}
    by_doc = defaultdict(list)
    for r in snap.rows("lab_thresholds"):
        if r["analyte"] == "anc" and r["unit"] == "10^9/L" and r["condition"] is None and r["document_id"] in current:
            by_doc[r["document_id"]].append(r)
    want = {d for d, rows in by_doc.items() if _admits(rows, 1.2)}
    got = {row[0] for row in run_query("anc_admits", curated)}
    assert got == want
    assert want and len(want) < len(by_doc)  # some trials admit 1.2, others do not


def test_query_dose_levels(curated):
    snap = open_snapshot(curated)
    current = {t["document_id"] for t in snap.rows("trials") if t["is_current"]}
    leveled = [r for r in snap.rows("doses") if r["dose_level"] is not None and r["document_id"] in current]
    name = Counter(r["intervention"] for r in leveled).most_common(1)[0][0]
    want = sorted((r["dose_level"], r["dose_low"]) for r in leveled if r["intervention"].lower() == name.lower())
    got = run_query("dose_levels", curated, intervention=name.upper())
    assert sorted((g[1], g[2]) for g in got) == want and len(want) >= 3


def test_query_lab_changes_between_versions(pages_out):
    got = run_query("lab_changes", pages_out)
    assert got == [("NCT09999901", "INCLUSION", "anc", ">=", "10^9/L", "", 1.0, 1.5)]


# ---------------------------------------------------------------------- the flow
def test_flow_writes_the_report_and_a_markdown_artifact(prefect_harness, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.extract_trials import run_flow

    raw, out = tmp_path / "raw", tmp_path / "out"
    write_versions(raw)
    events = []
    with progress.listening(lambda e, n: events.append((e, n))):
        summary = run_flow(raw_dir=str(raw), out_dir=str(out))
    assert summary.published and events[0] == ("planned", 2) and {e for e, _ in events[1:]} == {"done"}
    assert sum(n for _, n in events[1:]) == 2  # one "done" per batch (batches are sized to the run)
    report = out / "report.html"
    tree = lxml.html.fromstring(report.read_text(encoding="utf-8"))
    assert summary.run_id in tree.xpath("//header//div")[0].text_content()
    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["trial-extract-run-report"])))
    mine = [a for a in arts if summary.run_id.replace("_", "\\_") in (a.data or "")]
    assert len(mine) == 1 and "## Facts per table" in mine[0].data and "| lab\\_thresholds | 6 |" in mine[0].data
    mtime = report.stat().st_mtime_ns
    again = run_flow(raw_dir=str(raw), out_dir=str(out))
    assert not again.published and report.stat().st_mtime_ns == mtime  # nothing changed: the report stays
