"""A rep plays whole calls in a real browser: on the hashing embedder, and once end to end on the real model."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import send, start_call

pytestmark = pytest.mark.browser

GOOD = ("That's fair, I appreciate you being straight with me. "
        "What would need to be true for this to be worth a look? "
        "A company about your size cut their admin time by a third within two months. "
        "Could we take fifteen minutes on Thursday at ten to see if it fits?")
OPENER = "Hi, it's Sam from Relaywork. We help teams stop chasing work through spreadsheets. Got a minute?"
WEAK = ("Well our platform has AI dashboards, forty integrations, automated workflows, custom reports, "
        "a mobile app, single sign-on and a chatbot, plus we just launched predictive analytics, so honestly "
        "it does everything you could possibly want and more.")


@pytest.mark.parametrize("server", ["live_server", pytest.param("real_model_server", marks=pytest.mark.quality)])
def test_full_call_with_pushback_coaching_and_summary(page: Page, server, request, artifacts):
    live_server = request.getfixturevalue(server)
    start_call(page, live_server, opener=OPENER)
    expect(page.locator("#round")).to_have_text("Objection 1 of 2")
    first_objection = page.locator("#chat .bubble.prospect").last.inner_text()

    send(page, WEAK)
    expect(page.locator("#coaching")).to_contain_text("Your reply scored")
    expect(page.locator("#coaching .step.missed").first).to_be_visible()
    expect(page.locator("#round")).to_have_text("Objection 1 of 2")  # pushed back on the same concern
    assert page.locator("#chat .bubble.prospect").last.inner_text() != first_objection

    send(page, GOOD)
    expect(page.locator("#round")).to_have_text("Objection 2 of 2")
    expect(page.locator("#coaching .step.hit")).to_have_count(4)
    model = page.locator("#coaching .model-rebuttal")
    expect(model).to_be_hidden()
    page.click("#reveal")
    expect(model).to_be_visible()
    expect(model).to_contain_text("Acknowledge:")
    page.screenshot(path=str(artifacts / f"practice-{server}.png"), full_page=True)

    send(page, GOOD)
    summary = page.locator("#summary")
    expect(summary).to_contain_text("Meeting booked!")
    expect(summary.locator("tr")).to_have_count(3)  # header and one row per objection
    # the verdict on the steps over the whole call (strengths are graded, so which step leads varies)
    expect(summary.locator(".steps-verdict")).to_contain_text("step")
    expect(page.locator("#reply-form")).to_be_hidden()
    page.screenshot(path=str(artifacts / f"summary-{server}.png"), full_page=True)

    page.click("#again")
    expect(page.locator("#setup")).to_be_visible()


def test_bad_input_is_explained_and_rep_text_stays_text(page: Page, live_server):
    start_call(page, live_server, opener=OPENER)
    page.fill("#reply", "   ")
    page.press("#reply", "Enter")
    expect(page.locator("#error")).to_contain_text("Type a reply first")
    expect(page.locator("#chat .bubble.rep")).to_have_count(1)  # the opener only

    hostile = '<img src=x onerror="document.body.dataset.pwned=1"><b>bold</b>'
    send(page, hostile)
    bubble = page.locator("#chat .bubble.rep p").last
    expect(bubble).to_have_text(hostile)
    assert page.locator("#chat b, #chat img").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None


def test_a_dropped_connection_resumes_the_call(page: Page, live_server, artifacts):
    start_call(page, live_server, opener=OPENER)
    send(page, WEAK)
    turns_before = page.locator("#chat .bubble").all_inner_texts()

    page.context.set_offline(True)
    page.fill("#reply", GOOD)
    page.press("#reply", "Enter")
    expect(page.locator("#error")).to_contain_text("Connection lost")
    expect(page.locator("#reply")).to_have_value(GOOD)  # nothing typed is lost
    page.context.set_offline(False)

    page.reload()
    expect(page.locator("#chat .bubble")).to_have_count(len(turns_before))
    assert page.locator("#chat .bubble").all_inner_texts() == turns_before
    send(page, GOOD)
    expect(page.locator("#round")).to_have_text("Objection 2 of 2")


def test_phone_sized_screen_keeps_the_chat_usable(browser, live_server, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    start_call(page, live_server, opener=OPENER)
    send(page, GOOD)
    box = page.locator("#reply").bounding_box()
    assert box and box["width"] > 250
    page.screenshot(path=str(artifacts / "practice-phone.png"), full_page=True)
    context.close()
