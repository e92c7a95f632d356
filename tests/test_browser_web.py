"""Headless Chromium walks the web UI over a database ingested from the demo corpus.

overview -> an incident -> the document behind one report -> search, with a screenshot of
each page under tests/output/screenshots/ (gitignored). It checks that the document view has
highlights (and a popover explaining one), that search marks its matches, and that the
browser console stays free of errors (a CSP violation or a missing asset would show there).

Needs Debian's ``chromium`` and ``chromium-driver`` (installed by .ci/run); skipped with a
reason when they are absent.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "demo"
SHOTS = ROOT / "tests" / "output" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1400,1000", "--lang=ar"]


def ingest_demo(db_path: str) -> int:
    """Analyse every demo article with the real pipeline and store it (like `marsad ingest`)."""
    from marsad.corpus.build import rebuild
    from marsad.io.readers import InputError, read_inputs
    from marsad.pipeline import analyze
    from marsad.store import Store

    docs = [analyze(d).to_dict() for d in read_inputs([str(DEMO_DIR)])
            if not isinstance(d, InputError)]
    with Store(str(db_path)) as store:
        store.add_documents(docs)
        rebuild(store)
    return len(docs)


@pytest.fixture(scope="module")
def server_url(make_db: Callable[..., str], backend: str) -> Iterator[str]:
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("chromium/chromium-driver not installed (apt-get install chromium chromium-driver)")
    if not DEMO_DIR.is_dir() or not any(DEMO_DIR.rglob("*.*")):
        pytest.skip("demo/ corpus not present")
    import uvicorn

    from marsad.web.app import create_app

    db = make_db("browser")
    assert ingest_demo(db) > 0, "no document read from demo/"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


def _console_errors(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _wait_for(driver: Any, css: str, what: str) -> list[Any]:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, css) or False)
    except TimeoutException:
        pytest.fail(f"{what} (no {css!r} on {driver.current_url})")


def _shot(driver: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_overview_incident_document_search(server_url: str, browser: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    errors: list[str] = []

    # 1. overview: counts and the incident timeline
    browser.get(server_url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    n_docs = int(browser.find_element(By.CSS_SELECTOR, "#stat-documents .num").text)
    assert n_docs > 0
    _shot(browser, "1-overview")
    errors += _console_errors(browser)
    incident_links = browser.find_elements(By.CSS_SELECTOR, "table a[href^='/incidents/']")
    assert incident_links, "the overview lists no incident for the demo corpus"
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline circle")

    # 2. the most reported incident: its reports side by side, the independence line
    incident_links[0].click()
    reports = _wait_for(browser, ".report-row", "incident page shows no report")
    assert "مصادر مستقلة" in browser.find_element(By.ID, "sources-line").text
    _shot(browser, "2-incident")
    errors += _console_errors(browser)

    # 3. the document behind the first report, at the event's words
    reports[0].find_element(By.CSS_SELECTOR, "a.trigger").click()
    highlights = _wait_for(browser, "#doctext .hl", "the document view has no highlight")
    assert "/documents/" in browser.current_url
    kinds = {h.get_attribute("data-kind") for h in highlights}
    assert "event" in kinds and len(kinds) >= 2, kinds
    target = browser.find_element(By.CSS_SELECTOR, "#doctext .hl-event")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    ActionChains(browser).move_to_element(target).perform()
    popover = _wait_for(browser, "#popover:not([hidden]) .layer",
                        "hovering a highlight shows nothing")[0]
    assert popover.text.strip()
    _shot(browser, "3-document")
    errors += _console_errors(browser)
    # clicking an event in the side panel scrolls to its trigger and flashes it
    jump = browser.find_element(By.CSS_SELECTOR, ".event-item a.jump")
    trigger_id = jump.get_attribute("data-target")
    jump.click()
    _wait_for(browser, f"#{trigger_id}.flash", "the event's trigger did not flash")
    # a word of the article body: the longest word of the highlighted event trigger
    trigger_words = [w for w in (re.sub(r"[^\w\u064b-\u0652]", "", w) for w in target.text.split())
                     if len(w) > 1]
    assert trigger_words, target.text
    word = max(trigger_words, key=len)

    # 4. search for that word from the quick-search box
    box = browser.find_element(By.CSS_SELECTOR, ".quicksearch input")
    box.send_keys(word, Keys.ENTER)
    _wait_for(browser, ".result", f"no search result for {word!r}")
    assert "/search" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, ".result mark"), "matches are not marked"
    _shot(browser, "4-search")
    errors += _console_errors(browser)

    # 5. the map and reuse pages render without console errors too
    browser.get(server_url + "/map")
    _wait_for(browser, "#map.ready path.country", "the map draws no country")
    _shot(browser, "5-map")
    errors += _console_errors(browser)
    browser.get(server_url + "/reuse")
    _shot(browser, "6-reuse")
    errors += _console_errors(browser)

    assert not errors, "browser console errors:\n" + "\n".join(errors)
