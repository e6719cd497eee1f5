"""The manager pages as a manager finds them: session status and links, the review's comparison,
phrasings that span lines, plain errors, the library report and the Log out button."""

import re

from app.library.editing import PlaybookEditor
from tests.test_practice_api import OPENER, STRONG, WEAK
from tests.test_sessions import MANAGER, create


def status_of(client, session_id: str) -> str:
    return next(s for s in client.get("/api/sessions", headers=MANAGER).json() if s["id"] == session_id)["status"]


def comparison_rows(page: str) -> dict[str, list[str]]:
    """The review page's attempt comparison: attempt number -> the row's cells, as text."""
    table = re.search(r'<table class="list" id="attempts-compare">(.*?)</table>', page, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        if cells:
            rows[cells[0]] = cells
    return rows


def test_the_status_follows_the_latest_attempt_and_its_scores_show_while_it_runs(client):
    links, practice, review = create(client)
    client.get(f"/api/practice/{practice}")
    assert status_of(client, links["id"]) == "not started"
    client.post(f"/api/practice/{practice}/replies", json={"text": OPENER})
    assert status_of(client, links["id"]) == "in progress"
    client.post(f"/api/practice/{practice}/replies", json={"text": STRONG})
    assert client.post(f"/api/practice/{practice}/replies", json={"text": STRONG}).json()["status"] == "booked"
    assert status_of(client, links["id"]) == "done"

    client.post(f"/api/practice/{practice}/attempts")
    assert status_of(client, links["id"]) == "done"  # a second attempt opened but not yet answered
    client.post(f"/api/practice/{practice}/replies", json={"text": OPENER})
    client.post(f"/api/practice/{practice}/replies", json={"text": WEAK})
    assert status_of(client, links["id"]) == "in progress"

    page = client.get(f"/review/{review}").text
    assert re.search(r'id="status">in progress<', page)
    rows = comparison_rows(page)
    second = rows["2"]
    assert second[1].startswith("active") and "so far" in second[1]
    assert second[2].isdigit() and int(second[2]) < int(rows["1"][2])  # the weak reply's score, not a dash
    assert all(cell.endswith("%") for cell in second[3:]), second
    manager_page = client.get(f"/admin/sessions/{links['id']}", headers=MANAGER).text
    assert comparison_rows(manager_page)["2"] == second


def test_every_session_lists_its_links_and_its_review_page(client):
    first, first_practice, first_review = create(client, title="Week one")
    second, _, _ = create(client, title="Week two")
    client.post(f"/api/sessions/{second['id']}/revoke", headers=MANAGER)
    page = client.get("/admin/sessions", headers=MANAGER).text
    assert f'value="/practice/{first_practice}"' in page and f'value="/review/{first_review}"' in page
    assert f'href="/admin/sessions/{first["id"]}"' in page and f'href="/admin/sessions/{second["id"]}"' in page
    revoked = page[page.index(f'data-session="{second["id"]}"'):]
    revoked = revoked[:revoked.index("</li>")]
    assert "The links are revoked" in revoked and "link-text" not in revoked and "revoke" not in revoked.split(
        "session-actions")[1]
    assert page.count('class="secondary copy"') == 2  # the live session's two links, none for the revoked one


def test_a_past_expiry_is_refused_at_its_field(client):
    body = {"title": "t", "rep_name": "r", "persona": "tester", "expires_at": "2001-01-01T09:00:00Z"}
    refused = client.post("/api/sessions", json=body, headers=MANAGER)
    assert refused.status_code == 422
    assert refused.json()["error"]["message"].startswith("expires_at: must be in the future")


def test_manager_pages_offer_log_out_and_public_pages_do_not(client):
    links, _, review = create(client)
    for path in ("/admin", "/admin/report", "/admin/sessions", f"/admin/sessions/{links['id']}"):
        page = client.get(path, headers=MANAGER).text
        assert '<form class="logout" method="post" action="/admin/logout">' in page, path
    for path in ("/", "/library", f"/review/{review}", "/admin/login"):
        assert 'action="/admin/logout"' not in client.get(path).text, path


def add_phrasing_by_hand(playbooks, slug: str, yaml_line: str) -> None:
    path = playbooks / "categories" / f"{slug}.yaml"
    text = path.read_text()
    anchor = "    rebuttals:\n"
    path.write_text(text.replace(anchor, f"{yaml_line}\n{anchor}", 1))


def edit(client, slug: str, **change):
    """Save an edit to budget.no_budget against the file as it is now, as the page does."""
    version = PlaybookEditor(client.app.state.live_library.playbooks_dir).version(slug)
    body = {"slug": slug, "version": version, "objection_id": "budget.no_budget", **change}
    return client.post("/api/admin/edits", json=body, headers=MANAGER)


def test_a_phrasing_written_across_lines_can_be_removed_from_the_page(client, tiny_playbooks):
    add_phrasing_by_hand(tiny_playbooks, "budget", '      - "nothing left in\\n   the budget this quarter"')
    assert client.post("/api/admin/reload", headers=MANAGER).json()["reloaded"]
    page = client.get("/admin?category=budget", headers=MANAGER).text
    option = re.search(r'<option value="(nothing left in\s+the budget this quarter)">', page)
    assert option, "the select keeps the phrasing as its value"
    removed = edit(client, "budget", remove_phrasing=option.group(1))
    assert removed.status_code == 200, removed.text
    assert "nothing left in" not in (tiny_playbooks / "categories" / "budget.yaml").read_text()

    added = edit(client, "budget", phrasing="the budget\nis frozen until spring")
    assert added.status_code == 200
    assert '"the budget is frozen until spring"' in (tiny_playbooks / "categories" / "budget.yaml").read_text()
    again = edit(client, "budget", remove_phrasing="the budget is frozen   until spring")
    assert again.status_code == 200, again.text


def test_edit_errors_name_the_field_in_plain_words(client):
    too_few = edit(client, "budget", remove_phrasing="budget is gone")  # the tiny library has the minimum, 8
    assert too_few.status_code == 422
    assert too_few.json()["error"]["message"] == (
        "remove_phrasing: an objection needs at least 8 phrasings; add another one before removing this one")
    twice = edit(client, "budget", phrasing="Budget  is gone")
    assert twice.json()["error"]["message"] == 'phrasing: "Budget is gone" is already a phrasing of this objection'
    blank = edit(client, "budget", rebuttal={"title": "T", "steps": {"acknowledge": "  ", "ask": "Why?"}})
    assert blank.json()["error"]["message"] == "rebuttal.steps.acknowledge: must contain some text, not only whitespace"


def test_the_report_links_each_row_and_says_none_for_an_empty_table(client, tiny_playbooks):
    add_phrasing_by_hand(tiny_playbooks, "busy", "      - our budget is gone, no budget")
    assert client.post("/api/admin/reload", headers=MANAGER).json()["reloaded"]
    page = client.get("/admin/report", headers=MANAGER).text
    assert "None: no two phrasings are near-identical." in page
    assert '<table class="list report-table" id="near-duplicates">' not in page
    link = ('<a href="/admin?category=busy&amp;phrasing=our%20budget%20is%20gone%2C%20no%20budget'
            '#objection-busy.bad_time">our budget is gone, no budget</a>')
    assert link in page
    assert re.search(r'<td data-label="Own" class="score" data-value="[0-9.]+">\d\.\d{3}</td>', page)
    assert "style=" not in page and "<style" not in page and "<script>" not in page  # the CSP allows none


def test_the_login_and_logout_forms_work_under_our_no_referrer_policy(tiny_client):
    """Under `Referrer-Policy: no-referrer` a browser posts a form with `Origin: null`; its
    Sec-Fetch-Site header still says whether the form was on our own page."""
    own = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    login = tiny_client.post("/admin/login", data={"secret": "tiny-manager-secret"}, headers=own,
                             follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/admin"
    assert tiny_client.get("/admin/sessions", follow_redirects=False).status_code == 200
    for other in ({"Origin": "null", "Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        assert tiny_client.post("/admin/logout", headers=other, follow_redirects=False).status_code == 403
    assert tiny_client.post("/admin/logout", headers=own, follow_redirects=False).status_code == 303
    assert tiny_client.get("/admin/sessions", follow_redirects=False).status_code == 303


def test_an_unsigned_comment_is_signed_with_its_role(client):
    links, practice, review = create(client)
    call = client.get(f"/api/practice/{practice}").json()
    body = {"call_id": call["id"], "position": 0, "text": "Open warmer."}
    by_manager = client.post(f"/api/sessions/{links['id']}/comments", json=body, headers=MANAGER).json()
    by_coach = client.post(f"/api/review/{review}/comments", json=body).json()
    assert (by_manager["author"], by_coach["author"]) == ("Manager", "Coach")
