"""Headless Chromium over a corpus bigger than one page: the lists page to their last row,
the map zooms, pans, clusters and filters offline, every incident is on the timeline.

The corpus is built here: 30 invented articles, each copied by a second outlet (60
documents, 30 reuse pairs, 30 incidents), at real gazetteer places (several around Hasakah,
so they cluster), some at a country-level place (never drawn), some undated (placed on the
timeline by their first report), some with a confidence. Screenshots go to
tests/output/screenshots/. Needs Debian's chromium and chromium-driver (skipped otherwise).
"""

from __future__ import annotations

import random
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus_helpers import event, make_doc

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "output" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1400,1000", "--lang=ar"]

PAIRS = 30
# the first six take several incidents each (stacks), the towns of Hasakah's north one each
PLACES = ["ghwayran_prison", "hasakah", "al_hol_camp", "syria", "raqqa", "mosul",
          "amuda", "al_malikiyah", "ras_al_ain", "tal_hamis", "al_darbasiyah", "rmelan",
          "qamishli", "deir_ez_zor", "baghdad"]


def place_of(k: int) -> str:
    return PLACES[k] if k < len(PLACES) else PLACES[k % 6]
TYPES = ["attack", "escape", "transfer", "killing", "arrest"]
WORDS = tuple(["قال", "أعلن", "أفاد", "مصدر", "محلي", "قوات", "الأمن", "السجن", "المخيم", "المدينة", "الريف", "الشرقي", "الغربي", "عناصر", "التنظيم", "دورية", "عسكرية", "حاجز", "طريق", "سيارة", "مدنيين", "عائلات", "نازحين", "معبر", "الحدود", "اجتماع", "وجهاء", "العشائر", "المجلس", "المحلي", "مستشفى", "مدرسة", "سوق", "شارع", "حي", "قرية", "جسر", "نهر", "سد", "محطة", "كهرباء", "مياه", "وقود", "قافلة", "مساعدات", "منظمة", "إغاثية", "تقرير", "بيان", "مؤتمر", "صحفي", "المتحدث", "الرسمي", "مراسل", "شبكة", "موقع", "صحيفة"])


def _entities() -> dict[str, dict[str, Any]]:
    from marsad.kb.gazetteer import load_kb

    kb = load_kb()
    out = {}
    for pid in set(PLACES):
        e = kb.get(pid)
        assert e is not None, pid
        out[pid] = {"type": e.type, "name": e.name, "name_en": e.name_en, "lat": e.lat,
                    "lon": e.lon, "wikidata": e.wikidata, "parent": e.parent, "subtype": e.subtype}
    return out


def corpus() -> list[dict[str, Any]]:
    rng = random.Random(17)
    entities = _entities()
    docs = []
    for k in range(PAIRS):
        body = " ".join(rng.choice(WORDS) for _ in range(70))
        trigger = f"حدث{k}"
        text = f"{body} {trigger} {' '.join(rng.choice(WORDS) for _ in range(40))}."
        copy = text + " ونقلت الشبكة الخبر عن مصدرها الأول مع تفاصيل إضافية."
        date = None if k % 6 == 5 else f"2023-{1 + k % 12:02d}-{1 + k % 27:02d}"
        for n, (body_text, outlet, published) in enumerate((
                (text, ("first", "الأولى"), f"2023-{1 + k % 12:02d}-{2 + k % 27:02d}"),
                (copy, ("second", "الثانية"), f"2023-{1 + k % 12:02d}-{3 + k % 27:02d}"))):
            ev = event(body_text, trigger, TYPES[k % len(TYPES)], date=date,
                       place=place_of(k))
            if k % 3 == 0:
                ev["confidence"] = 0.9 if k % 2 == 0 else 0.3
            docs.append(make_doc(body_text, outlet=outlet, published=published,
                                 entities=entities, events=[ev], title=f"خبر {k} نسخة {n}"))
    return docs


@pytest.fixture(scope="module")
def server_url(make_db: Callable[..., str]) -> Iterator[str]:
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("chromium/chromium-driver not installed (apt-get install chromium chromium-driver)")
    import uvicorn

    from marsad.corpus.build import rebuild
    from marsad.store import Store
    from marsad.web.app import create_app

    db = make_db("browser-lists")
    with Store(db) as store:
        store.add_documents(corpus())
        rebuild(store)
        stats = store.stats()
    assert stats["documents"] == 2 * PAIRS and stats["reuse_pairs"] >= 26 and stats["incidents"] >= 26
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
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-lists')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


def _errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _wait(driver: Any, condition: Any, what: str, timeout: float = 10) -> Any:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout).until(lambda d: condition(d) or False)
    except TimeoutException:
        pytest.fail(f"{what} (on {driver.current_url})")


def _shot(driver: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize("path,row_link", [
    ("/documents", "td > a[href^='/documents/']"),
    ("/incidents", "td > a[href^='/incidents/']"),
    ("/reuse", "td > a[href^='/reuse/']"),
])
def test_lists_page_to_the_last_row(server_url: str, browser: Any, path: str, row_link: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server_url + path)
    pager = browser.find_element(By.CSS_SELECTOR, "nav.pager")
    total = int(re.search(r"من (\d+)", pager.text).group(1))
    assert total > 25, pager.text
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        seen += [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, row_link)]
        nxt = browser.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=next]")
        if not nxt:
            break
        nxt[0].click()
        _wait(browser, lambda d, n=pages: f"offset={25 * n}" in d.current_url, "next page did not load")
        assert pages < 10, "the pager does not end"
    last = browser.find_element(By.CSS_SELECTOR, "nav.pager").text
    assert f"{total - (total - 1) % 25}–{total} من {total}" in last, last
    assert browser.find_elements(By.CSS_SELECTOR, "nav.pager a[rel=prev]")
    assert len(seen) == total and len(set(seen)) == total       # every row once, none skipped
    assert pages == (total + 24) // 25
    _shot(browser, f"pager-{path.strip('/')}-last")
    assert not _errors(browser)


def test_map_zooms_pans_clusters_and_filters_offline(server_url: str, browser: Any) -> None:
    import json
    import urllib.request

    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with urllib.request.urlopen(server_url + "/api/map/incidents") as resp:
        features = json.load(resp)["features"]
    placed = [f for f in features if f["geometry"]]
    unplaced = [f for f in features if not f["geometry"]]
    assert unplaced and all(f["properties"]["place"] == "سوريا" or f["properties"]["place"] is None
                            for f in unplaced)

    browser.get(server_url + "/map")
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map.ready"), "the map did not load")
    js = browser.execute_script
    assert js("return window.marsadMap.shown()") == len(placed)
    assert browser.find_elements(By.CSS_SELECTOR, "#map path.country.focus")   # offline base map
    assert browser.find_elements(By.CSS_SELECTOR, "#map path.province")
    assert not browser.find_elements(By.CSS_SELECTOR, "img.leaflet-tile")      # no tiles
    clusters = browser.find_elements(By.CSS_SELECTOR, ".marker-cluster")
    assert clusters, "nearby incidents are not clustered at the start"
    # the country-level incidents are listed beside the map, not drawn in mid-country
    side = browser.find_element(By.CSS_SELECTOR, "section.narrow").text
    assert str(len(unplaced)) in side
    _shot(browser, "map-1-start")

    # zoom in with the control: clusters split into single markers around Hasakah
    js("window.marsadMap.map.setView([37.0, 40.8], 8, {animate: false})")
    for step in range(1, 4):
        browser.find_element(By.CSS_SELECTOR, ".leaflet-control-zoom-in").click()
        _wait(browser, lambda d, z=8 + step: d.execute_script(
            "return window.marsadMap.map.getZoom()") == z, f"zoom-in click {step} did nothing")
        time.sleep(0.3)  # let the zoom animation end before the next click
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon.mk"),
          "zooming in shows no single marker")
    # a cluster clicked zooms to its members
    js("window.marsadMap.map.setView([36.45, 40.8], 6)")
    time.sleep(0.5)
    cluster = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".marker-cluster"),
                    "no cluster at zoom 6")[0]
    before = js("return window.marsadMap.map.getZoom()")
    cluster.click()
    _wait(browser, lambda d: d.execute_script("return window.marsadMap.map.getZoom()") > before
          or d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon.mk"), "a cluster does not open")
    # pan by dragging the map
    center = js("var c = window.marsadMap.map.getCenter(); return [c.lat, c.lng]")
    ActionChains(browser).drag_and_drop_by_offset(
        browser.find_element(By.ID, "map"), 200, 120).perform()
    time.sleep(0.5)
    moved = js("var c = window.marsadMap.map.getCenter(); return [c.lat, c.lng]")
    assert moved != center, "dragging did not pan the map"
    # a marker's popup links to its incident
    js("window.marsadMap.map.setView([37.1042, 40.93], 12, {animate: false})")  # Amuda
    marker = _wait(browser, lambda d: [m for m in d.find_elements(
        By.CSS_SELECTOR, ".leaflet-marker-icon.mk") if m.is_displayed()], "no marker at Amuda")[0]
    marker.click()
    link = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".map-popup a"),
                 "a marker opens no popup")[0]
    assert "/incidents/inc_" in link.get_attribute("href")
    _shot(browser, "map-2-zoomed")

    # filters: type, dates, confidence (unknown confidence is not shown as high)
    def expect(pred: Any) -> int:
        return sum(1 for f in placed if pred(f["properties"]))

    Select(browser.find_element(By.NAME, "type")).select_by_value("escape")
    _wait(browser, lambda d: d.execute_script("return window.marsadMap.shown()")
          == expect(lambda p: p["type"] == "escape"), "the type filter")
    assert "type=escape" in browser.current_url
    Select(browser.find_element(By.NAME, "type")).select_by_value("")
    js("var f = document.querySelector('#map-filters input[name=since]');"
       "f.value = '2023-07-01'; f.dispatchEvent(new Event('change', {bubbles: true}));")
    _wait(browser, lambda d: d.execute_script("return window.marsadMap.shown()")
          == expect(lambda p: (p["date_latest"] or p["first_reported"]) >= "2023-07-01"),
          "the date filter")
    js("var f = document.querySelector('#map-filters input[name=since]');"
       "f.value = ''; f.dispatchEvent(new Event('change', {bubbles: true}));")
    conf = browser.find_element(By.NAME, "min_confidence")
    conf.send_keys("0.5")
    browser.find_element(By.CSS_SELECTOR, "#map-filters button").click()
    high = expect(lambda p: p["confidence"] is not None and p["confidence"] >= 0.5)
    assert 0 < high < len(placed)
    _wait(browser, lambda d: d.execute_script("return window.marsadMap.shown()") == high,
          "the confidence filter")
    _shot(browser, "map-3-filtered")

    # nothing was fetched from another origin
    urls = js("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server_url) for u in urls), urls
    assert not _errors(browser)


def test_every_incident_is_on_the_timeline(server_url: str, browser: Any) -> None:
    import json
    import urllib.request

    from selenium.webdriver.common.by import By

    with urllib.request.urlopen(server_url + "/api/incidents?limit=500") as resp:
        incidents = json.load(resp)
    browser.get(server_url + "/")
    dots = browser.find_elements(By.CSS_SELECTOR, "svg.timeline circle.dot")
    assert len(dots) == incidents["total"]
    undated = [i for i in incidents["items"] if not i.get("date")]
    assert undated
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.timeline circle.dot.by-report")) == len(undated)
    assert "first report" in browser.page_source
    _shot(browser, "timeline")
    assert not _errors(browser)


def test_confidence_is_shown_when_events_carry_one(server_url: str, browser: Any) -> None:
    import json
    import urllib.request

    from selenium.webdriver.common.by import By

    with urllib.request.urlopen(server_url + "/api/map/incidents") as resp:
        features = json.load(resp)["features"]
    sure = next(f["properties"] for f in features if f["properties"]["confidence"] == 0.9)
    unknown = next(f["properties"] for f in features if f["properties"]["confidence"] is None)
    browser.get(f"{server_url}/incidents/{sure['id']}")
    badges = browser.find_elements(By.CSS_SELECTOR, ".reports-table .confidence")
    assert badges and all("0.90" in b.text for b in badges)
    browser.find_element(By.CSS_SELECTOR, ".reports-table a.trigger").click()
    _wait(browser, lambda d: "/documents/" in d.current_url, "the report link did not open")
    assert "0.90" in browser.find_element(By.CSS_SELECTOR, ".event-item .confidence").text
    _shot(browser, "confidence-document")
    browser.get(f"{server_url}/incidents/{unknown['id']}")
    assert browser.find_elements(By.CSS_SELECTOR, ".report-row")
    assert not browser.find_elements(By.CSS_SELECTOR, ".confidence")  # unknown: nothing invented
    assert not _errors(browser)
