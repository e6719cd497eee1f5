"""The whole coaching loop in a real browser: a manager creates, a rep practises, a coach reviews."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import send
from tests.browser.test_practice_page import GOOD, OPENER, WEAK

pytestmark = pytest.mark.browser


def test_manager_creates_rep_practises_coach_reviews(page: Page, browser, live_server, artifacts):
    page.goto(f"{live_server}/admin/sessions")
    page.fill("#secret", "browser-test-secret")
    page.click("button[type=submit]")
    page.goto(f"{live_server}/admin/sessions")
    page.fill("input[name=title]", "Budget week")
    page.fill("input[name=rep_name]", "Jamie")
    page.select_option("select[name=difficulty]", "easy")
    page.fill("input[name=objections]", "2")
    page.click("#session-form button[type=submit]")
    expect(page.locator("#links")).to_be_visible()
    practice_url = page.locator("#practice-link").inner_text()
    review_url = page.locator("#review-link").inner_text()

    rep = browser.new_context().new_page()  # the rep has no manager cookie
    rep.goto(practice_url)
    expect(rep.locator(".session-head")).to_contain_text("Budget week")
    expect(rep.locator("#chat .bubble.prospect")).to_have_count(1)
    send(rep, OPENER)
    send(rep, WEAK)
    rep.close()

    rep = browser.new_context().new_page()  # tab closed and the link opened again: the call resumes
    rep.goto(practice_url)
    expect(rep.locator("#chat .bubble.rep")).to_have_count(2)
    send(rep, GOOD)
    send(rep, GOOD)
    expect(rep.locator("#summary")).to_contain_text("Meeting booked!")

    coach = browser.new_context().new_page()
    coach.goto(review_url)
    expect(coach.locator("#status")).to_have_text("done")
    expect(coach.locator(".attempt .bubble.rep")).to_have_count(4)
    first_reply = coach.locator(".attempt .bubble.rep").first  # comments go on any turn; this one is the rep's
    first_reply.locator(".comment-box summary").click()
    first_reply.locator("input[name=text]").fill("Ask about the budget before pitching features.")
    first_reply.locator("button").click()
    expect(first_reply.locator(".comment")).to_contain_text("Ask about the budget before pitching features.")
    coach.reload()
    expect(coach.locator(".comment")).to_contain_text("Ask about the budget")  # saved, not just shown
    coach.screenshot(path=str(artifacts / "review.png"), full_page=True)

    page.goto(f"{live_server}/admin/sessions")
    row = page.locator("#sessions .session", has_text="Budget week")
    expect(row.locator(".status")).to_have_text("done")
    expect(row.locator("svg rect").first).to_be_visible()
    page.screenshot(path=str(artifacts / "sessions.png"), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())  # revoking asks first
    row.locator(".revoke").click()
    expect(row.locator(".status")).to_have_text("revoked")
    coach.goto(review_url)
    expect(coach.locator("h1")).to_have_text("This link no longer works")
