"""The evidence viewer and the run report in a real browser (headless Chromium via Selenium).

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them when missing).
Without them the tests are skipped on a developer's machine and fail in CI. Screenshots go to
``build/screenshots/``. About 10 s once the gold pages are extracted (a shared fixture).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from extract.report.runreport import write_report
from extract.report.snapshot import open_snapshot
from extract.report.viewer import write_viewer
from report_pages import HOSTILE_FILE_NAME, JSLINK, ONERROR, SCRIPT, write_hostile

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "build" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1400,900"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        msg = "headless Chromium needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def _in_view(driver, fid: str) -> bool:
    return driver.execute_script("""
        const span = document.querySelector('.hl[data-f~="' + arguments[0] + '"]');
        const box = span.closest('section').getBoundingClientRect(), r = span.getBoundingClientRect();
        return r.top >= box.top && r.bottom <= box.bottom;""", fid)


def test_viewer_highlights_labels_and_scrolls_to_evidence(browser, curated, tmp_path):
    from selenium.webdriver.common.by import By

    snap = open_snapshot(curated)
    labs = snap.rows("lab_thresholds")
    doc_id = max({r["document_id"] for r in labs}, key=lambda d: sum(r["document_id"] == d for r in labs))
    doc = snap.document(doc_id)
    page = write_viewer(snap, doc_id, tmp_path / "viewer.html")
    browser.set_window_size(1400, 900)
    browser.get(page.as_uri())
    assert browser.execute_script("return document.getElementById('doc-text').textContent") == doc["text"]
    kinds = browser.execute_script("return [...document.querySelectorAll('.hl')].map(e => e.classList[1])")
    assert "k-lab" in kinds and len(kinds) >= 10
    lab = browser.find_element(By.CSS_SELECTOR, ".hl.k-lab")
    assert lab.value_of_css_property("background-color") == "rgba(255, 224, 138, 1)"
    label = browser.execute_script("return getComputedStyle(document.querySelector('.hl.end'), '::after').content")
    first_end = browser.find_element(By.CSS_SELECTOR, ".hl.end").get_attribute("data-label")
    assert label.strip('"') == first_end and first_end
    # the last fact of the text starts below the fold; clicking its row brings it into view
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.fact")
    last = max(rows, key=lambda r: int(r.get_attribute("title").split("[")[1].split(":")[0]))
    fid = last.get_attribute("data-target")
    assert not _in_view(browser, fid)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", last)
    last.click()
    assert browser.execute_script("return document.body.getAttribute('data-shown')") == fid
    assert _in_view(browser, fid)
    flashed = browser.find_elements(By.CSS_SELECTOR, ".hl.flash")
    assert flashed and all(fid in e.get_attribute("data-f").split() for e in flashed)
    browser.save_screenshot(str(SHOTS / "viewer.png"))


def test_report_charts_render(browser, curated):
    path, _md = write_report(curated)
    browser.set_window_size(1400, 2300)
    browser.get(path.resolve().as_uri())
    sizes = browser.execute_script("""
        return [...document.querySelectorAll('figure.chart')].map(f => {
            const r = f.querySelector('svg').getBoundingClientRect(); return [f.id, r.width, r.height]; });""")
    assert {s[0] for s in sizes} == {"chart-tables", "chart-phases", "chart-analytes", "chart-her2"}
    assert all(w > 200 and h > 100 for _id, w, h in sizes), sizes
    words = browser.execute_script("return document.querySelector('#chart-tables svg').textContent")
    assert "lab_thresholds" in words and "her2_criteria" in words
    assert browser.execute_script("return document.scripts.length") == 0
    browser.save_screenshot(str(SHOTS / "report.png"))


def test_hostile_page_runs_nothing(browser, tmp_path):
    from extract.local import run_local

    raw, out = tmp_path / "raw", tmp_path / "out"
    write_hostile(raw)
    summary = run_local(raw, out)
    write_report(out, summary)
    viewer = write_viewer(open_snapshot(out), "NCT09999902", tmp_path / "hostile.html")
    browser.set_window_size(1400, 900)
    for page, own_scripts in ((viewer, 1), (out / "report.html", 0)):
        browser.get(page.resolve().as_uri())
        state = browser.execute_script("""
            return {pwned: window.__pwned === undefined ? null : window.__pwned,
                    scripts: document.scripts.length, imgs: document.images.length,
                    handlers: [...document.querySelectorAll('*')].filter(
                        e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
                    jslinks: document.querySelectorAll('a[href^="javascript:" i]').length,
                    text: document.body.innerText};""")
        assert state["pwned"] is None and state["imgs"] == 0 and state["handlers"] == 0 and state["jslinks"] == 0
        assert state["scripts"] == own_scripts
        if own_scripts:
            for needle in (SCRIPT, ONERROR, JSLINK):
                assert needle in state["text"]
            browser.save_screenshot(str(SHOTS / "viewer_hostile.png"))
            row = browser.execute_script("return document.querySelector('tr.fact')")
            row.click()  # the page's own script still runs under its policy
            assert browser.execute_script("return document.body.getAttribute('data-shown')")
        else:
            assert HOSTILE_FILE_NAME in state["text"]
    assert browser.execute_script("return window.__pwned === undefined")
