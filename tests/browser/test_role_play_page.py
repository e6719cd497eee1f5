"""The practice page as a rep uses it for role-play, in Chromium against a real server.

The server runs the shipped playbooks on the hashing embedder (tests/serve_hashing.py), so it starts
in seconds and the prospect speaks the real persona and prospect lines.
"""


import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.steps import send, start_call
from tests.conftest import PROJECT_ROOT
from tests.servers import HASHING_SERVER, running_server

pytestmark = pytest.mark.browser

SECRET = "role-play-browser-secret"
PERSONA = "ops_manager_logistics"
OPENER = "Hi Marisol, it's Sam from Relaywork. We help dispatch teams stop typing loads twice. Got a minute?"
GOOD = ("I hear you, that's a fair concern and plenty of teams felt the same at first. "
        "Can I ask what's behind it for you? "
        "A freight company about your size cut re-keying by eleven hours a week within two months. "
        "Could we take fifteen minutes on Thursday at ten to see if it fits?")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("role_play_server")
    env = {"OC_PLAYBOOKS_DIR": str(PROJECT_ROOT / "playbooks"), "OC_EMBEDDINGS_DIR": str(root / "emb"),
           "OC_DATA_DIR": str(root / "data"), "OC_ENVIRONMENT": "test", "OC_MANAGER_SECRET": SECRET,
           "OC_WATCH_PLAYBOOKS": "false", "OC_LIMIT_CREATIONS": "1000", "OC_LIMIT_SCORING": "10000"}
    with running_server(HASHING_SERVER, env, root / "server.log") as (_, url):
        yield url


def test_the_call_brief_opener_typing_indicator_and_end_call(page: Page, server, artifacts):
    page.goto(server)
    brief = page.locator("#call-brief")
    expect(brief).to_have_attribute("open", "")
    expect(brief).to_contain_text("Relaywork")
    expect(brief).to_contain_text("$40 per seat per month")
    expect(brief.locator(".proof li")).to_have_count(5)
    expect(brief.locator(".competitors")).to_contain_text("Sheetline, $26 a seat")
    page.select_option("#persona", "cfo_manufacturing")
    expect(page.locator("#brief-prospect")).to_have_text(
        "Calling: Gerald Whitcombe, Chief Financial Officer at Ashgrove Precision Castings "
        "(Manufacturing, 500-1000 employees).")
    page.screenshot(path=str(artifacts / "role-play-brief.png"), full_page=True)

    start_call(page, server, "normal", persona=PERSONA)
    expect(page.locator("#round")).to_have_text("Your turn: open the call")
    expect(page.locator("#brief-prospect")).to_contain_text("Marisol Okafor")
    assert brief.get_attribute("open") is None  # folded away during the call, one click from view
    brief.locator("summary").click()
    expect(brief.locator(".pitch")).to_be_visible()
    brief.locator("summary").click()

    page.fill("#reply", OPENER)
    page.press("#reply", "Enter")
    typing = page.locator("#typing")
    expect(typing).to_be_visible()
    expect(typing).to_have_attribute("aria-label", "Marisol Okafor is typing")
    expect(page.locator("#reply-form")).to_have_class("reply pending")
    expect(page.locator("#reply")).not_to_be_editable()
    expect(page.locator("#end-call")).to_be_disabled()
    page.screenshot(path=str(artifacts / "role-play-typing.png"), full_page=True)
    expect(typing).to_have_count(0)
    expect(page.locator("#chat .bubble.prospect")).to_have_count(2)
    expect(page.locator("#round")).to_have_text("Objection 1 of 3")
    expect(page.locator("#reply")).to_be_editable()
    expect(page.locator("#coaching")).to_be_hidden()  # the opener is not scored

    send(page, GOOD)
    expect(page.locator("#coaching")).to_contain_text("Your reply scored")
    page.click("#end-call")
    summary = page.locator("#summary")
    expect(summary.locator("h2")).to_have_text("You ended the call.")
    expect(page.locator("#round")).to_have_text("Call ended · you hung up")
    expect(summary.locator("td").nth(1)).not_to_contain_text("_")
    expect(summary.locator(".practise-next")).to_contain_text("Practise next:")
    expect(page.locator("#end-call")).to_be_hidden()
    expect(page.locator("#reply-form")).to_be_hidden()
    page.screenshot(path=str(artifacts / "role-play-ended.png"), full_page=True)


def test_new_call_ends_the_current_one_and_the_page_does_not_resume_it(page: Page, server):
    start_call(page, server, "normal", persona=PERSONA)
    send(page, OPENER)
    call_id = page.evaluate("Practice.current().id")
    page.click("#new-call")
    expect(page.locator("#setup")).to_be_visible()
    expect(page.locator("#call")).to_be_hidden()
    assert httpx.get(f"{server}/api/calls/{call_id}").json()["status"] == "ended"
    page.reload()
    expect(page.locator("#setup")).to_be_visible()
    expect(page.locator("#call")).to_be_hidden()
    expect(page.locator("#call-brief")).to_have_attribute("open", "")


def test_mixed_and_single_categories_exclude_each_other(page: Page, server):
    page.goto(server)
    mixed, price, budget = (page.locator(f'#setup-form input[value="{v}"]') for v in ("mixed", "price", "budget"))
    expect(mixed).to_be_checked()
    price.check()
    expect(mixed).not_to_be_checked()
    budget.check()
    mixed.check()
    expect(price).not_to_be_checked()
    expect(budget).not_to_be_checked()
    price.check()
    price.uncheck()
    expect(mixed).to_be_checked()  # something is always chosen
    price.check()
    with page.expect_response("**/api/calls") as created:
        page.click("#start")
    assert created.value.json()["categories"] == ["price"]

    page.goto(f"{server}/admin/sessions")
    page.fill("#secret", SECRET)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/admin")
    page.goto(f"{server}/admin/sessions")
    form = page.locator("#session-form")
    form.locator('input[name="title"]').fill("Price drills")
    form.locator('input[name="rep_name"]').fill("Sam")
    form.locator('input[value="price"]').check()
    expect(form.locator('input[value="mixed"]')).not_to_be_checked()
    form.locator('input[value="timing"]').check()
    form.locator('button[type="submit"]').click()
    link = page.locator("#practice-link")
    expect(link).to_be_visible()
    token = link.inner_text().rsplit("/", 1)[1]
    assert httpx.get(f"{server}/api/practice/{token}").json()["categories"] == ["price", "timing"]


def test_the_counter_warns_near_the_limit_and_a_long_paste_is_kept_and_refused(page: Page, server, artifacts):
    start_call(page, server, "normal", persona=PERSONA)
    counter = page.locator("#reply-count")
    page.fill("#reply", "a" * 1000)
    expect(counter).to_be_hidden()
    page.fill("#reply", "a" * 1700)
    expect(counter).to_have_text("1,700 / 2,000 characters")
    page.fill("#reply", "a" * 2000)
    expect(counter).to_have_text("2,000 / 2,000 characters: that is the limit.")
    page.fill("#reply", "b" * 5000)
    assert len(page.input_value("#reply")) == 5000  # nothing cut without a word
    expect(counter).to_contain_text("3,000 over the limit")
    page.press("#reply", "Enter")
    expect(page.locator("#error")).to_have_text(
        "That reply is 5,000 characters; the limit is 2,000. Cut it to what you would say on a call.")
    expect(page.locator("#chat .bubble.rep")).to_have_count(0)
    page.screenshot(path=str(artifacts / "role-play-limit.png"), full_page=True)


def test_an_unsent_draft_survives_a_reload(page: Page, server):
    start_call(page, server, "normal", persona=PERSONA)
    page.fill("#reply", "Hi Marisol, it's Sam from Relay")
    page.reload()
    expect(page.locator("#chat .bubble.prospect")).to_have_count(1)
    expect(page.locator("#reply")).to_have_value("Hi Marisol, it's Sam from Relay")
    send(page, OPENER)
    page.reload()
    expect(page.locator("#reply")).to_have_value("")  # a sent reply is no longer a draft


def test_on_a_phone_the_latest_prospect_line_stays_in_view(browser, server, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    start_call(page, server, "normal", persona="it_director_healthcare")
    for n, text in enumerate([OPENER, GOOD, "ok", GOOD]):
        send(page, text)
        if page.locator("#reply-form").is_hidden():
            break
        latest = page.locator("#chat .bubble.prospect").last.bounding_box()
        form = page.locator("#reply-form").bounding_box()
        assert latest["y"] >= 0 and latest["y"] + latest["height"] <= form["y"] + 1, (latest, form)
        assert form["y"] + form["height"] <= 844 + 1  # the reply box is on screen too
        page.screenshot(path=str(artifacts / f"role-play-phone-{n}.png"))
    page.screenshot(path=str(artifacts / "role-play-phone-full.png"), full_page=True)
    context.close()
