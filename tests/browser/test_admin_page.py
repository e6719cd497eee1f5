"""A manager edits the playbook in the browser; the YAML keeps its comments and the change is live."""

import httpx
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_manager_adds_a_phrasing_and_a_rebuttal_in_the_page(page: Page, admin_server, artifacts):
    url, playbooks = admin_server
    page.goto(f"{url}/admin")
    expect(page).to_have_url(f"{url}/admin/login")
    page.fill("#secret", "browser-test-secret")
    page.click("button[type=submit]")
    page.goto(f"{url}/admin?category=send_info")
    block = page.locator("details.objection", has=page.locator("summary", has_text="send_info.email_me"))
    block.locator("summary").click()

    block.locator(".preview-form input[name=utterance]").fill("fax the paperwork over to reception please")
    block.locator(".add-phrasing input[name=phrasing]").fill("fax the paperwork over to reception please")
    block.locator(".preview-form input[name=with_phrasing]").check()
    block.locator(".preview-form button").click()
    expect(block.locator(".preview-result")).to_contain_text("send_info.email_me")

    block.locator(".add-phrasing button").click()
    expect(block.locator(".add-phrasing .form-message")).to_have_text("Phrasing added and live.")
    yaml_text = (playbooks / "categories" / "send_info.yaml").read_text()
    assert yaml_text.startswith("#") and "fax the paperwork over to reception please" in yaml_text

    new_rebuttal = block.locator(".new-rebuttal")
    new_rebuttal.locator("input[name=title]").fill("Two lines by email")
    for step, text in [("acknowledge", "Happy to send something."), ("ask", "What should it answer for you?"),
                       ("reframe", "Most people find two lines plus one customer result is all they read."),
                       ("next_step", "I'll send it now; can I call Thursday at ten to hear what you think?")]:
        new_rebuttal.locator(f"textarea[name={step}]").fill(text)
    new_rebuttal.locator("button").click()  # the new rebuttal's form joins the open objection, no reload
    expect(block.locator(".rebuttals .rebuttal-form").last.locator("input[name=title]")).to_have_value(
        "Two lines by email")
    match = httpx.post(f"{url}/api/match", json={"text": "fax the paperwork over to reception please"}).json()
    assert match["matches"][0]["objection_id"] == "send_info.email_me"
    titles = [r["title"] for r in match["matches"][0]["rebuttals"]]
    assert "Two lines by email" in titles
    page.screenshot(path=str(artifacts / "admin.png"), full_page=True)
