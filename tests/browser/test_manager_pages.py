"""The manager pages in Chromium, on the tiny library and the hashing embedder (starts in seconds):
links kept and copied, a revoked session still reviewed, errors at the field, the report on a phone."""

import re
from datetime import datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.servers import tiny_library_server
from tests.test_manager_pages import add_phrasing_by_hand
from tests.test_practice_api import WEAK
from tests.tiny_library import write_tiny_library

pytestmark = pytest.mark.browser
SECRET = "tiny-manager-secret"
PHONE = {"width": 390, "height": 844}
# phrasings that sit nearer another category, so the report has rows, some of them long
CONFUSING = ["our budget is gone, no budget", "no budget and the price is too much for a team of our size this year",
             "budget budget budget, we have none whatsoever for new software subscriptions of any kind",
             "the finance people cut every budget line, so anything with a price tag waits until the next cycle"]


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    """The hashing-embedder server on a fresh copy of the tiny library; yields its address and playbooks folder."""
    root = tmp_path_factory.mktemp("manager-pages")
    playbooks = write_tiny_library(root / "playbooks")
    for text in CONFUSING:
        add_phrasing_by_hand(playbooks, "busy", f'      - "{text}"')
    with tiny_library_server(root, SECRET) as server:
        yield server


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/admin/login")
    page.fill("#secret", SECRET)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{url}/admin")


def create_session(page: Page, title: str) -> None:
    page.fill("input[name=title]", title)
    page.fill("input[name=rep_name]", "Jamie")
    page.select_option("select[name=difficulty]", "easy")
    page.fill("input[name=objections]", "2")
    page.click("#session-form button[type=submit]")


def copy_button(row, kind: str):
    return row.locator(f".share-link:has(.{kind}-url) button.copy")


def test_links_are_listed_copied_and_still_there_after_a_reload(page: Page, browser: Browser, tiny_server, artifacts):
    url, _ = tiny_server
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    log_in(page, url)
    page.goto(f"{url}/admin/sessions")
    page.evaluate("window.notReloaded = true")
    create_session(page, "Copy drill")
    row = page.locator("#sessions .session", has_text="Copy drill")
    expect(row).to_have_count(1)  # in the list at once
    assert page.evaluate("window.notReloaded") is True
    practice = row.locator(".practice-url")
    expect(practice).to_have_value(re.compile(rf"^{re.escape(url)}/practice/[A-Za-z0-9_-]{{32}}$"))  # made whole
    expect(page.locator("#practice-link")).to_have_text(practice.input_value())

    copy_button(row, "practice").click()
    expect(copy_button(row, "practice")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == practice.input_value()
    copy_button(row, "review").click()
    review_url = row.locator(".review-url").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == review_url
    page.screenshot(path=str(artifacts / "manager-sessions.png"), full_page=True)

    page.reload()
    again = page.locator("#sessions .session", has_text="Copy drill")
    expect(again.locator(".practice-url")).to_have_value(practice.input_value())
    expect(again.locator(".review-url")).to_have_value(review_url)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "manager-sessions-phone.png"), full_page=True)
    rep = browser.new_context().new_page()
    rep.goto(practice.input_value())
    expect(rep.locator(".session-head")).to_contain_text("Copy drill")
    rep.context.close()


def test_without_the_clipboard_api_copy_selects_the_link(page: Page, tiny_server):
    url, _ = tiny_server
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    log_in(page, url)
    page.goto(f"{url}/admin/sessions")
    create_session(page, "No clipboard")
    row = page.locator("#sessions .session", has_text="No clipboard")
    copy_button(row, "practice").click()
    selected = page.evaluate("""() => { const input = document.activeElement;
        return [input.classList.contains('practice-url'), input.selectionStart, input.selectionEnd,
                input.value.length]; }""")
    assert selected[0] and selected[1] == 0 and selected[2] == selected[3] > 0
    expect(page.locator("#list-message")).to_have_text(
        re.compile(r"Link copied\.|the link is selected, press Ctrl\+C"))


def test_a_past_expiry_is_flagged_at_its_field(page: Page, tiny_server, artifacts):
    url, _ = tiny_server
    log_in(page, url)
    page.goto(f"{url}/admin/sessions")
    expires = page.locator("#session-expires")
    minimum = expires.get_attribute("min")
    assert minimum and datetime.fromisoformat(minimum) > datetime.now() - timedelta(minutes=5)
    page.fill("input[name=title]", "Too late")
    page.fill("input[name=rep_name]", "Jamie")
    expires.fill((datetime.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.click("#session-form button[type=submit]")
    expect(expires).to_have_attribute("aria-invalid", "true")
    note = page.locator(f"#{expires.get_attribute('aria-describedby')}")
    expect(note).to_have_text("Pick a time in the future: links that have already expired would open nothing.")
    expect(expires).to_be_focused()
    expect(page.locator("#sessions .session", has_text="Too late")).to_have_count(0)
    page.screenshot(path=str(artifacts / "manager-expiry-error.png"))
    page.evaluate("expiryProblem = () => null")  # as if the browser's clock were behind: the server refuses
    page.click("#session-form button[type=submit]")
    expect(note).to_have_text("Must be in the future; a link that has already expired would open nothing.")
    expect(expires).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#sessions .session", has_text="Too late")).to_have_count(0)
    expires.fill((datetime.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"))
    expect(expires).not_to_have_attribute("aria-invalid", "true")
    page.click("#session-form button[type=submit]")
    expect(page.locator("#sessions .session", has_text="Too late")).to_contain_text("expires")


def test_a_revoked_session_is_still_reviewed_from_the_sessions_page(page: Page, tiny_server, artifacts):
    url, _ = tiny_server
    log_in(page, url)
    page.goto(f"{url}/admin/sessions")
    create_session(page, "Revoke me")
    row = page.locator("#sessions .session", has_text="Revoke me")
    practice_url = row.locator(".practice-url").input_value()
    review_url = row.locator(".review-url").input_value()
    token = practice_url.rsplit("/", 1)[1]
    httpx.post(f"{url}/api/practice/{token}/replies", json={"text": WEAK}).raise_for_status()

    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Revoke", exact=True).click()
    expect(row.locator(".status")).to_have_text("not started")  # dismissed: nothing happened
    assert httpx.get(practice_url).status_code == 200
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Revoke", exact=True).click()
    expect(row.locator(".status")).to_have_text("revoked")
    assert "Both its links stop working" in messages[0]
    expect(row.locator(".link-text")).to_have_count(0)
    assert httpx.get(practice_url).status_code == 410 and httpx.get(review_url).status_code == 410

    page.reload()
    row = page.locator("#sessions .session", has_text="Revoke me")
    expect(row.locator(".status")).to_have_text("revoked")
    row.get_by_role("link", name="Review turn by turn").click()
    expect(page.locator("h1")).to_have_text("Revoke me")
    expect(page.locator("#status")).to_have_text("revoked")
    expect(page.locator(".attempt .bubble.rep")).to_have_text(re.compile("fifty percent off"))
    reply = page.locator(".attempt .bubble.rep").first
    reply.locator(".comment-box summary").click()
    reply.locator("input[name=text]").fill("Ask before you discount.")
    reply.get_by_role("button", name="Save").click()
    expect(reply.locator(".comment")).to_have_text("Manager (manager): Ask before you discount.")
    page.screenshot(path=str(artifacts / "manager-revoked-review.png"), full_page=True)


def open_objection(page: Page, url: str, slug: str, objection_id: str):
    page.goto(f"{url}/admin?category={slug}")
    block = page.locator(f"details.objection[data-objection='{objection_id}']")
    block.locator("summary").click()
    return block


def test_playbook_errors_show_at_the_field_and_saves_update_in_place(page: Page, tiny_server, artifacts):
    url, playbooks = tiny_server
    log_in(page, url)
    block = open_objection(page, url, "price", "price.too_expensive")
    page.evaluate("window.notReloaded = true")
    new = block.locator(".new-rebuttal")
    new.locator("input[name=title]").fill("Value first")
    new.locator("textarea[name=acknowledge]").fill("   ")
    new.locator("textarea[name=ask]").fill("What would make it worth the money?")
    new.get_by_role("button", name="Add rebuttal").click()
    for name, message in [("acknowledge", "Write some words here; spaces alone don't count."),
                          ("reframe", "Fill this in."), ("next_step", "Fill this in.")]:
        area = new.locator(f"textarea[name={name}]")
        expect(area).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{area.get_attribute('aria-describedby')}")).to_have_text(message)
    expect(new.locator("textarea[name=acknowledge]")).to_be_focused()
    expect(new.locator("textarea[name=ask]")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#status")).to_have_text("")  # nothing at the top of the page
    new.screenshot(path=str(artifacts / "manager-field-errors.png"))

    phrasing = block.locator(".add-phrasing input[name=phrasing]")
    phrasing.fill("Your price is  too high")  # already there, in other spacing and case
    block.get_by_role("button", name="Add phrasing").click()
    expect(phrasing).to_have_attribute("aria-invalid", "true")  # once the server has answered
    expect(page.locator(f"#{phrasing.get_attribute('aria-describedby')}")).to_have_text(
        '"Your price is too high" is already a phrasing of this objection.')
    select = block.locator(".edit-phrasing select")
    select.select_option(index=0)
    block.get_by_role("button", name="Save phrasing").click()
    expect(select).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{select.get_attribute('aria-describedby')}")).to_have_text(
        "An objection needs at least 8 phrasings; add another one before removing this one.")

    counts = block.locator(".counts")
    expect(counts).to_have_text("price.too_expensive · 8 phrasings · 2 rebuttals")
    phrasing.fill("the quote is more than we pay now")
    expect(phrasing).not_to_have_attribute("aria-invalid", "true")
    block.get_by_role("button", name="Add phrasing").click()
    expect(block.locator(".add-phrasing .form-message")).to_have_text("Phrasing added and live.")
    expect(counts).to_have_text("price.too_expensive · 9 phrasings · 2 rebuttals")
    expect(select.locator("option", has_text="the quote is more than we pay now")).to_have_count(1)

    for name, text in [("acknowledge", "Fair, it is a real cost."),
                       ("reframe", "Most teams earn it back in a quarter."),
                       ("next_step", "Could we look at the numbers on Thursday at ten?")]:
        new.locator(f"textarea[name={name}]").fill(text)
    new.get_by_role("button", name="Add rebuttal").click()
    expect(block.locator(".rebuttals .rebuttal-form")).to_have_count(3)
    expect(block.locator(".rebuttals .rebuttal-form").last.locator("input[name=title]")).to_have_value("Value first")
    expect(counts).to_have_text("price.too_expensive · 9 phrasings · 3 rebuttals")
    expect(new.locator("input[name=title]")).to_have_value("")
    assert block.evaluate("b => b.open") and page.evaluate("window.notReloaded") is True
    assert "Value first" in (playbooks / "categories" / "price.yaml").read_text()
    page.screenshot(path=str(artifacts / "manager-playbooks.png"), full_page=True)


def test_the_import_says_where_rows_went_and_the_counts_follow(page: Page, tiny_server, tmp_path, artifacts):
    url, _ = tiny_server
    rebuttal = ('"I hear you, that makes sense. What is behind that? A team like yours saved ten hours a week. '
                'Does Tuesday at ten work?"')
    csv = tmp_path / "rows.csv"
    csv.write_text(f"objection,rebuttal\nthe monthly price looks expensive to me,{rebuttal}\n"
                   f"we have zero budget left for this,{rebuttal}\n")
    log_in(page, url)
    block = open_objection(page, url, "price", "price.too_expensive")
    before = block.locator(".counts").inner_text()
    page.set_input_files("#import-file", str(csv))
    page.locator("#import-form input[name=dry_run]").uncheck()
    page.get_by_role("button", name="Import").click()
    result = page.locator("#import-result")
    expect(result.locator(".import-summary")).to_contain_text("Imported 2 rows")
    expect(result.locator(".imported").first).to_have_text(re.compile(
        r"Row 2: went into “your price is too high” \(price\.too_expensive\), with the rebuttal “Imported: I hear you"))
    expect(result.locator(".warning")).to_have_text(
        re.compile(r"Row 3: warning: the library report will list .*Budget"))
    expect(block.locator(".counts")).not_to_have_text(before)
    assert block.evaluate("b => b.open")
    page.locator("#import-result").screenshot(path=str(artifacts / "manager-import.png"))
    phrasing = block.locator(".add-phrasing input[name=phrasing]")
    phrasing.fill("a new phrasing after the import")
    block.get_by_role("button", name="Add phrasing").click()  # no conflict: the page took the file's new version
    expect(block.locator(".add-phrasing .form-message")).to_have_text("Phrasing added and live.")


def assert_scores_on_one_line(page: Page) -> None:
    """Each score's text takes one line box (a wrapped "0.512 / 0.634" took three)."""
    lines = page.locator("#misplaced td.score").evaluate_all("""tds => tds.map(td => {
        const range = document.createRange(); range.selectNodeContents(td);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; })""")
    assert lines and set(lines) == {1}, lines


def test_the_report_sorts_filters_links_and_fits_a_phone(page: Page, tiny_server, artifacts):
    url, _ = tiny_server
    log_in(page, url)
    page.goto(f"{url}/admin/report")
    page.screenshot(path=str(artifacts / "manager-report-desktop.png"), full_page=True)
    assert_scores_on_one_line(page)
    rows = page.locator("#misplaced tbody tr")
    total = rows.count()
    assert total >= len(CONFUSING)
    expect(page.locator("text=None: no two phrasings are near-identical.")).to_have_count(
        1 if page.locator("#near-duplicates").count() == 0 else 0)

    page.get_by_role("button", name="Own").click()
    own = [float(v) for v in page.locator("#misplaced tbody tr:not([hidden]) td.score:nth-child(4)").all_inner_texts()]
    assert own == sorted(own)
    page.get_by_role("button", name="Own").click()
    own = [float(v) for v in page.locator("#misplaced tbody tr:not([hidden]) td.score:nth-child(4)").all_inner_texts()]
    assert own == sorted(own, reverse=True)
    expect(page.locator("#misplaced th", has_text="Own")).to_have_attribute("aria-sort", "descending")

    page.fill("#report-filter", "finance")
    expect(page.locator("#misplaced tbody tr:not([hidden])")).to_have_count(1)
    expect(page.locator(".filter-count[data-for=misplaced]")).to_have_text(f"Showing 1 of {total}.")
    page.fill("#report-filter", "")
    page.select_option("#report-category", "price")
    shown = page.locator("#misplaced tbody tr:not([hidden])")
    for categories in shown.evaluate_all("rows => rows.map(r => r.dataset.categories)"):
        assert "price" in categories.split()
    page.select_option("#report-category", "")

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "manager-report-phone.png"), full_page=True)
    assert_scores_on_one_line(page)

    link = page.locator("#misplaced a", has_text=CONFUSING[3])
    link.click()
    expect(page).to_have_url(re.compile(r"/admin\?category=busy&phrasing=.*#objection-busy\.bad_time$"))
    block = page.locator("details.objection[data-objection='busy.bad_time']")
    expect(block).to_have_attribute("open", "")
    expect(block.locator(".edit-phrasing select")).to_have_value(CONFUSING[3])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(artifacts / "manager-playbooks-phone.png"), full_page=True)


def test_log_out_from_the_navigation(page: Page, tiny_server):
    url, _ = tiny_server
    log_in(page, url)
    page.goto(f"{url}/admin/sessions")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{url}/admin/login")
    page.goto(f"{url}/admin/report")
    expect(page).to_have_url(f"{url}/admin/login")
