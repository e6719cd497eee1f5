"""The coaching a rep sees in a real browser: quotes per step, the points, and earlier replies' coaching.

Runs its own server on the tiny library with the hashing embedder (no model to load), so it
checks what the page shows, not how well moves are recognised.
"""


import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import send, start_call
from tests.servers import tiny_library_server
from tests.test_practice_api import OPENER, STRONG, WEAK

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    with tiny_library_server(tmp_path_factory.mktemp("tiny-browser"), "tiny-browser-secret") as (url, _):
        yield url


def test_each_reply_keeps_its_coaching_with_quotes_and_points(page: Page, tiny_server, artifacts):
    start_call(page, tiny_server, opener=OPENER)  # the rep opens; the prospect's first objection follows

    send(page, WEAK)
    latest = page.locator("#coaching")
    expect(latest.locator(".pitfall")).to_contain_text("Instant discount -40")
    expect(latest.locator(".pitfall q")).to_have_text(WEAK)
    expect(latest.locator("table.points tr.total")).to_contain_text("Score")

    send(page, STRONG)
    cards = page.locator("#chat .coach-turn details.coaching")
    expect(cards).to_have_count(2)
    earlier, latest = cards.nth(0), page.locator("#coaching")
    expect(earlier).not_to_have_attribute("open", "")  # folded once the next reply is in
    expect(latest).to_have_attribute("open", "")
    expect(latest.locator(".step.hit")).to_have_count(4)
    expect(latest.locator('.step[data-step="ask"] q')).to_have_text("What is behind that?")
    expect(latest.locator('.step[data-step="next_step"]')).to_contain_text("25/25")
    expect(latest.locator("table.points")).to_contain_text("Relevance")
    page.screenshot(path=str(artifacts / "coaching-transcript.png"), full_page=True)

    earlier.locator("summary").click()
    expect(earlier.locator(".pitfall q")).to_have_text(WEAK)
    expect(earlier.locator("table.points")).to_be_visible()
    page.screenshot(path=str(artifacts / "coaching-earlier-open.png"), full_page=True)
