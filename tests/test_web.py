"""End-to-end tests of the web workbench in headless Chromium (Debian's package, driven by Playwright)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitroom.web import demo

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts" / "web"
VENDOR = ROOT / "sitroom" / "web" / "static" / "vendor"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not (VENDOR / "d3.min.js").exists():
        subprocess.run([str(ROOT / "scripts" / "build_web.sh")], check=True, capture_output=True, timeout=300)
    db = demo.build(tmp_path_factory.mktemp("web") / "web.db")
    with demo.serve(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site, request):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=site)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: errors.append("dialog: " + d.message) or d.dismiss())
    page.errors = errors
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    ctx.close()
    assert not errors, errors


def open_view(page, route: str):
    page.goto("/#/" + route)
    page.wait_for_function("document.body.dataset.ready && "
                           "document.getElementById('view').getAttribute('aria-busy') === 'false'")


def test_web_event_table_lists_events_with_facets(page):
    open_view(page, "events")
    assert page.locator("#events tbody tr").count() == 16
    assert "16 events" in page.inner_text("#count")
    assert page.locator("#facets [data-facet=type] .facet").count() >= 5


def test_web_facet_and_filter_narrow_the_table(page):
    open_view(page, "events")
    page.click("#facets [data-facet=type] .facet[data-value=ASSAULT]")
    page.wait_for_selector("#facets .facet.on[data-value=ASSAULT]")
    types = page.locator("#events tbody tr td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"ASSAULT"}
    page.fill("#filters input[name=country]", "SD")
    page.click("#filters button[type=submit]")
    page.wait_for_function("location.hash.includes('country=SD')")
    page.wait_for_function("document.querySelectorAll('#events tbody tr').length === 1")
    assert "Khartoum" in page.inner_text("#events tbody")
    assert "country=SD" in page.get_attribute("#export-csv", "href")
    assert "format=csv" in page.get_attribute("#export-csv", "href")


def test_web_event_link_lands_on_its_highlighted_sentence(page):
    open_view(page, "events?type=PROTEST")
    link = page.locator("#events a.event-link").first
    sentence = link.inner_text()
    link.click()
    page.wait_for_selector("#doc-text .ev.selected")
    marked = "".join(page.locator("#doc-text .ev.selected").all_inner_texts())
    assert marked == sentence
    assert page.locator("#doc-events li.selected").count() == 1
    box = page.locator("#doc-text .ev.selected").first.bounding_box()
    assert box and 0 <= box["y"] <= 900  # scrolled into view


def test_web_reader_highlights_quotes_places_and_dates(page):
    open_view(page, "doc/demo-khartoum")
    assert page.locator("#doc-text .quote").count() >= 1
    assert page.locator("#doc-text .place").count() >= 1
    assert page.locator("#doc-text .date").count() >= 1
    assert page.locator("#doc-text .trigger").count() == 3
    assert page.inner_text("#doc-title") == "Fighting spreads in capital"


def test_web_markup_in_a_document_shows_as_text(page):
    open_view(page, "doc/demo-markup")
    text = page.inner_text("#doc-text")
    assert "<script>alert(1)</script>" in text and "<b>bold</b>" in text and "<img src=x" in text
    assert page.locator("#doc-text script, #doc-text b, #doc-text img").count() == 0
    assert page.evaluate("window.__xss === undefined")


def test_web_unknown_document_says_so(page):
    open_view(page, "doc/no-such-document")
    assert "404" in page.inner_text("#error")


def test_web_timeline_draws_bars_by_type_and_links_to_events(page):
    open_view(page, "timeline")
    assert page.locator("#timeline-chart rect.bar").count() >= 7
    page.select_option("#bucket", "year")
    page.wait_for_function("location.hash.includes('bucket=year')")
    page.wait_for_selector("#timeline-chart rect.bar[data-period='2023']")
    page.locator("#timeline-chart rect.bar[data-period='2023'][data-type=ASSAULT]").dispatch_event("click")
    page.wait_for_function("location.hash.startsWith('#/events')")
    page.wait_for_selector("#events tbody tr")
    assert set(page.locator("#events tbody tr td:nth-child(2)").all_inner_texts()) == {"ASSAULT"}
    assert all(d.startswith("2023") for d in page.locator("#events tbody tr td:nth-child(1)").all_inner_texts())


def test_web_map_shows_country_outlines_and_located_events(page):
    open_view(page, "map")
    assert page.locator("#map-svg path.country").count() > 150
    assert page.locator("#map-svg circle.dot").count() == 7
    page.locator("#map-svg circle.dot").first.dispatch_event("click")
    link = page.locator("#map-events a.event-link").first
    link.click()
    page.wait_for_selector("#doc-text .ev.selected")


def test_web_map_follows_filters(page):
    open_view(page, "map?country=IQ")
    assert page.locator("#map-svg circle.dot").count() == 1


def test_web_network_links_actors_coloured_by_quad(page):
    open_view(page, "network")
    assert page.locator("#network-svg .node").count() >= 10
    strokes = set(page.locator("#network-svg path.link").evaluate_all("ls => ls.map(l => l.getAttribute('stroke'))"))
    assert {"#c0392b", "#f4a261"} <= strokes  # material and verbal conflict
    page.locator("#network-svg path.link[stroke='#1b7837']").first.dispatch_event("click")
    page.wait_for_selector("#network-events a.event-link")
    page.locator("#network-events a.event-link").first.click()
    page.wait_for_selector("#doc-text .ev.selected")
    assert "aid groups" in "".join(page.locator("#doc-text .ev.selected").all_inner_texts())


def test_web_documents_and_quotes_views(page):
    open_view(page, "documents")
    assert page.locator("#doc-list li a").count() == len(demo.REPORTS)
    open_view(page, "documents?q=power")
    assert page.locator("#doc-list li a").all_inner_texts() == ["Strikes hit power station"]
    open_view(page, "quotes?speaker=idris")
    assert "hospitals are full" in page.inner_text("#quote-list")
