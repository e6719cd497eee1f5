"""The objection lookup box in a real browser, on the tiny library and the hashing embedder.

The hashing embedder gives real, deterministic matches for texts that share words with the
tiny library's phrasings, so both a confident answer and the no-match answer can be asserted.
"""


import pytest
from playwright.sync_api import Page, expect

from tests.servers import tiny_library_server

pytestmark = pytest.mark.browser

CONFIDENT = "we have no budget left this year"
NO_MATCH = "nice to meet you, how is the weather"


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    """The hashing-embedder server on a fresh copy of the tiny library."""
    with tiny_library_server(tmp_path_factory.mktemp("lookup"), "lookup-test-secret") as (url, _):
        yield url


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Script errors, scripts or styles the CSP refused, and failed requests (the absent favicon aside)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    return errors


def match_requests(page: Page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.post_data or "")
            if request.url.endswith("/api/match") else None)
    return sent


def test_typing_on_the_practice_page_answers_with_the_objection_and_its_rebuttals(
        page: Page, tiny_server, artifacts, console_errors):
    page.goto(tiny_server)
    sent = match_requests(page)
    box = page.get_by_label("What did the prospect say?")
    box.press_sequentially(CONFIDENT, delay=20)  # faster than the debounce: one lookup, not one a key
    answer = page.locator("#lookup-answer")
    expect(answer.locator(".lookup-category")).to_have_text("Budget")
    expect(answer.locator(".lookup-verdict strong")).to_have_text("we have no budget")
    rebuttals = answer.locator("article.model-rebuttal")
    expect(rebuttals).to_have_count(2)
    first_steps = rebuttals.first.locator("ol.rebuttal-steps li")
    expect(first_steps).to_have_count(4)
    expect(first_steps.nth(0)).to_contain_text("Acknowledge Fair enough, plenty of teams say that.")
    expect(first_steps.nth(3)).to_contain_text("Next step Could we take fifteen minutes on Thursday at ten?")
    assert 1 <= len(sent) <= 3, sent
    page.screenshot(path=str(artifacts / "lookup-confident.png"), full_page=True)

    box.press("Escape")
    expect(box).to_have_value("")
    expect(answer).to_be_empty()
    box.press_sequentially(NO_MATCH, delay=20)
    expect(answer.locator(".lookup-verdict")).to_contain_text("No confident match")
    links = answer.locator(".lookup-nearest a")
    expect(links.first).to_be_visible()
    assert 1 <= links.count() <= 3
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert all(href.startswith("/library#") for href in hrefs)
    expect(answer.locator("article.model-rebuttal")).to_have_count(0)
    page.screenshot(path=str(artifacts / "lookup-no-match.png"), full_page=True)
    assert console_errors == []


def test_the_library_page_lookup_works_from_the_keyboard_alone(page: Page, tiny_server, artifacts, console_errors):
    page.goto(f"{tiny_server}/library")
    for _ in range(12):  # the brand and navigation links come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "lookup-text":
            break
    assert page.evaluate("document.activeElement.id") == "lookup-text"
    page.keyboard.type(NO_MATCH)
    page.keyboard.press("Enter")
    answer = page.locator("#lookup-answer")
    expect(answer.locator(".lookup-verdict")).to_contain_text("No confident match")
    first_link = answer.locator(".lookup-nearest a").first
    slug = first_link.get_attribute("href").removeprefix("#")
    page.keyboard.press("Tab")
    expect(first_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{tiny_server}/library#{slug}")
    expect(page.locator(f"section#{slug} h2")).to_be_in_viewport()
    page.screenshot(path=str(artifacts / "lookup-library-keyboard.png"))

    page.keyboard.press("Shift+Tab")
    page.locator("#lookup-text").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("the price is too expensive for us")
    page.keyboard.press("Enter")
    expect(answer.locator(".lookup-category")).to_have_text("Price")
    assert console_errors == []


def test_a_failed_lookup_says_so_and_enter_tries_again(page: Page, tiny_server):
    page.goto(tiny_server)
    page.route("**/api/match", lambda route: route.abort())
    box = page.get_by_label("What did the prospect say?")
    box.fill(CONFIDENT)
    box.press("Enter")
    expect(page.locator("#lookup-answer .error")).to_contain_text("Lookup failed")
    page.unroute("**/api/match")
    box.press("Enter")
    expect(page.locator("#lookup-answer .lookup-category")).to_have_text("Budget")
