"""The holes a probe of the running service found, each closed: secrets, share links, lost edits,
rate limits, control characters, cross-site requests, bad input and response headers."""

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.api.auth import COOKIE, manager_cookie_value
from app.main import create_app
from app.settings import Settings
from app.store.models import Call
from tests.test_sessions import MANAGER, create, expire_now

SECRET = "tiny-manager-secret"


def start_call(client) -> dict:
    response = client.post("/api/calls", json={"persona": "tester", "difficulty": "easy", "seed": 3})
    assert response.status_code == 201, response.text
    return response.json()


# 1. secrets

@pytest.mark.parametrize("environment", ["production", "test", "development"])
def test_an_empty_secret_is_refused_at_start_up(environment):
    for empty in ("", "   "):
        with pytest.raises(ValidationError, match="OC_MANAGER_SECRET is empty"):
            Settings(environment=environment, manager_secret=empty)


def test_a_short_secret_is_refused_outside_development():
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(environment="production", manager_secret="fifteen-chars-x")
    assert Settings(environment="production", manager_secret="sixteen-chars-xx").manager_secret


def test_empty_credentials_open_nothing(tiny_client):
    assert tiny_client.get("/api/sessions", headers={"X-Manager-Secret": ""}).status_code == 401
    tiny_client.cookies.set(COOKIE, manager_cookie_value(""))
    assert tiny_client.get("/api/admin/export/price").status_code == 401
    assert tiny_client.get("/admin", follow_redirects=False).status_code == 303  # to the login page


def test_the_manager_cookie_expires_and_logout_clears_it(tiny_client):
    login = tiny_client.post("/admin/login", data={"secret": SECRET}, follow_redirects=False)
    assert login.status_code == 303
    cookie_header = login.headers["set-cookie"]
    assert "Max-Age=43200" in cookie_header and "HttpOnly" in cookie_header and "Secure" not in cookie_header
    assert tiny_client.get("/api/admin/export/price").status_code == 200
    out = tiny_client.post("/admin/logout", follow_redirects=False)
    assert out.status_code == 303 and COOKIE not in tiny_client.cookies
    assert tiny_client.get("/api/admin/export/price").status_code == 401
    tiny_client.cookies.set(COOKIE, manager_cookie_value(SECRET, now=time.time() - 13 * 3600))
    assert tiny_client.get("/api/admin/export/price").status_code == 401


def test_the_cookie_is_secure_in_production(tiny_settings, hashing_embedder):
    settings = tiny_settings.model_copy(update={"environment": "production", "watch_playbooks": False})
    with TestClient(create_app(settings, embedder=hashing_embedder), base_url="https://testserver") as client:
        login = client.post("/admin/login", data={"secret": SECRET}, follow_redirects=False)
        assert "Secure" in login.headers["set-cookie"]
        assert client.get("/docs").status_code == 404 and client.get("/openapi.json").status_code == 404


# 2. share links and the free-practice routes

def test_a_sessions_calls_are_closed_to_the_free_practice_routes(client):
    links, practice, review = create(client)
    call_id = client.get(f"/api/practice/{practice}").json()["id"]
    exposed = client.get(f"/api/review/{review}").json()["attempts"][0]["id"]
    assert exposed == call_id
    for _ in ("while open", "after revoking"):
        assert client.get(f"/api/calls/{call_id}").status_code == 404
        sneaked = client.post(f"/api/calls/{call_id}/replies", json={"text": "written by the reviewer"})
        assert sneaked.status_code == 404
        client.post(f"/api/sessions/{links['id']}/revoke", headers=MANAGER)
    turns = client.get(f"/api/sessions/{links['id']}/review", headers=MANAGER).json()["attempts"][0]["turns"]
    assert not any("written by the reviewer" in t["text"] for t in turns)


def test_an_expired_sessions_calls_stay_closed(client):
    links, practice, _ = create(client, expires_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    call_id = client.get(f"/api/practice/{practice}").json()["id"]
    expire_now(client, links["id"])
    assert client.post(f"/api/practice/{practice}/replies", json={"text": "hello"}).status_code == 410
    assert client.post(f"/api/calls/{call_id}/replies", json={"text": "hello"}).status_code == 404


def test_the_manager_still_reviews_a_revoked_session(client):
    links, practice, review = create(client)
    call = client.post(f"/api/practice/{practice}/replies", json={"text": "I hear you. What is behind that?"}).json()
    client.post(f"/api/sessions/{links['id']}/revoke", headers=MANAGER)
    assert client.get(f"/api/review/{review}").status_code == 410
    data = client.get(f"/api/sessions/{links['id']}/review", headers=MANAGER).json()
    assert data["status"] == "revoked" and data["attempts"][0]["id"] == call["id"]
    page = client.get(f"/admin/sessions/{links['id']}", headers=MANAGER)
    assert page.status_code == 200 and "I hear you. What is behind that?" in page.text
    note = client.post(f"/api/sessions/{links['id']}/comments", headers=MANAGER,
                       json={"call_id": call["id"], "position": 2, "text": "Good question.", "author": "Dana"})
    assert note.status_code == 201 and note.json()["role"] == "manager"
    assert client.get(f"/api/sessions/{links['id']}/review").status_code == 401


def test_idle_free_practice_calls_expire_and_are_deleted(client, settings):
    call = start_call(client)
    store = client.app.state.practice.store
    with store.sessions() as db, db.begin():
        db.get(Call, call["id"]).updated_at = datetime.now(UTC) - timedelta(hours=settings.anonymous_call_hours + 1)
    gone = client.get(f"/api/calls/{call['id']}")
    assert gone.status_code == 410 and "expired" in gone.json()["error"]["message"]
    assert client.post(f"/api/calls/{call['id']}/replies", json={"text": "hi"}).status_code == 410
    fresh = start_call(client)
    assert store.delete_idle_free_calls(datetime.now(UTC) - timedelta(hours=settings.anonymous_call_hours)) == 1
    assert client.get(f"/api/calls/{call['id']}").status_code == 404
    assert client.get(f"/api/calls/{fresh['id']}").status_code == 200


def test_share_links_are_built_from_the_configured_address_never_the_host_header(client, settings,
                                                                                  hashing_embedder):
    links, _, _ = create(client)
    assert links["practice_url"].startswith("/practice/")  # relative: the page completes it
    configured = Settings(**{**settings.model_dump(), "public_url": "https://coach.example.com"})
    with TestClient(create_app(configured, embedder=hashing_embedder)) as other:
        body = {"title": "t", "rep_name": "r", "persona": "tester", "difficulty": "easy"}
        made = other.post("/api/sessions", json=body, headers={**MANAGER, "Host": "evil.example"}).json()
        assert made["practice_url"].startswith("https://coach.example.com/practice/")
        listed = other.get("/api/sessions", headers=MANAGER).json()
        mine = next(s for s in listed if s["id"] == made["id"])
        assert (mine["practice_url"], mine["review_url"]) == (made["practice_url"], made["review_url"])


# 4. two managers saving one playbook

def test_concurrent_saves_against_one_version_keep_exactly_one(tiny_client, tiny_playbooks):
    version = tiny_client.get("/admin", headers={"X-Manager-Secret": SECRET})
    version = tiny_client.post("/api/admin/reload", headers={"X-Manager-Secret": SECRET})  # warm up
    from app.library.editing import PlaybookEditor

    version = PlaybookEditor(tiny_playbooks).version("price")
    statuses: list[int] = []
    barrier = threading.Barrier(6)

    def save(n: int) -> None:
        barrier.wait()
        response = tiny_client.post("/api/admin/edits", headers={"X-Manager-Secret": SECRET}, json={
            "slug": "price", "version": version, "objection_id": "price.too_expensive",
            "phrasing": f"manager {n} thinks it costs a fortune"})
        statuses.append(response.status_code)
        if response.status_code == 409:
            assert "someone else saved" in response.json()["error"]["message"]

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 5
    text = (tiny_playbooks / "categories" / "price.yaml").read_text()
    assert sum(f"manager {n} thinks" in text for n in range(6)) == 1


# 5. rate limits

def limited_client(settings, embedder, **limits):
    return TestClient(create_app(settings.model_copy(update=limits), embedder=embedder))


def assert_too_many(response):
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "rate_limited" and int(response.headers["retry-after"]) >= 1


def test_guessing_the_secret_is_cut_off(settings, hashing_embedder):
    with limited_client(settings, hashing_embedder, limit_auth_failures=5) as client:
        for n in range(5):
            assert client.get("/api/sessions", headers={"X-Manager-Secret": f"guess-{n}"}).status_code == 401
        assert_too_many(client.get("/api/sessions", headers={"X-Manager-Secret": "guess-6"}))
        login = client.post("/admin/login", data={"secret": SECRET})  # even the right one, for now
        assert login.status_code == 429 and "too many" in login.text and login.headers["retry-after"]
    with limited_client(settings, hashing_embedder, limit_auth_failures=3) as client:
        for _ in range(3):
            assert client.post("/admin/login", data={"secret": "wrong"}).status_code == 401
        page = client.post("/admin/login", data={"secret": "wrong"})
        assert page.status_code == 429 and "too many" in page.text


def test_calls_sessions_and_scoring_are_limited_per_client(settings, hashing_embedder):
    with limited_client(settings, hashing_embedder, limit_creations=4, limit_scoring=3) as client:
        call = start_call(client)
        for _ in range(3):
            start_call(client)
        assert_too_many(client.post("/api/calls", json={"persona": "tester"}))
        assert_too_many(client.post("/api/sessions", headers=MANAGER,
                                    json={"title": "t", "rep_name": "r", "persona": "tester"}))
        body = {"objection_id": "price.too_expensive", "reply": "I hear you."}
        for _ in range(2):
            assert client.post("/api/score", json=body).status_code == 200
        assert client.post(f"/api/calls/{call['id']}/replies", json={"text": "fair"}).status_code == 200
        assert_too_many(client.post("/api/score", json=body))
        assert_too_many(client.post(f"/api/calls/{call['id']}/replies", json={"text": "fair"}))


# 6. control characters, on SQLite and PostgreSQL

def test_control_characters_get_422_on_both_databases(client):
    links, practice, review = create(client)
    call = client.get(f"/api/practice/{practice}").json()
    free = start_call(client)
    attempts = [
        client.post(f"/api/calls/{free['id']}/replies", json={"text": "hi\x00there"}),
        client.post(f"/api/practice/{practice}/replies", json={"text": "bell\x07"}),
        client.post("/api/sessions", headers=MANAGER, json={"title": "a\x00b", "rep_name": "r", "persona": "tester"}),
        client.post(f"/api/review/{review}/comments", json={"call_id": call["id"], "position": 0, "text": "x\x00"}),
        client.get("/api/calls/%00"),
        client.get("/api/practice/abc%00def"),
        client.get("/library?q=%00"),
        client.post("/api/match", json={"text": "no\x00budget"}),
    ]
    for response in attempts:
        assert response.status_code == 422, (response.request.url, response.text)
        assert "control character" in response.json()["error"]["message"] or "pattern" in response.text
    fine = client.post(f"/api/calls/{free['id']}/replies", json={"text": "line one\nline two\twith a tab"})
    assert fine.status_code == 200


# 7. cross-site requests

def test_state_changes_from_another_site_are_refused(tiny_client):
    tiny_client.post("/admin/login", data={"secret": SECRET})
    evil = {"Origin": "https://evil.example"}
    csv = {"file": ("rows.csv", b"objection,rebuttal\nway too pricey,I hear you.\n", "text/csv")}
    for response in [
        tiny_client.post("/api/admin/import/price", headers=evil, files=csv),
        tiny_client.post("/api/admin/reload", headers=evil),
        tiny_client.post("/api/sessions/0123abcd/revoke", headers=evil),
        tiny_client.post("/admin/logout", headers=evil),
        tiny_client.post("/api/admin/reload", headers={"Sec-Fetch-Site": "cross-site"}),
    ]:
        assert response.status_code == 403, response.text
        assert "another site" in response.text
    own = {"Origin": "http://testserver"}
    assert tiny_client.post("/api/admin/reload", headers=own).status_code == 200
    assert tiny_client.post("/api/admin/reload").status_code == 200  # scripts send no Origin


# 8. bad input that used to give 500

def test_inputs_that_used_to_crash_get_clear_4xx(tiny_client):
    manager = {"X-Manager-Secret": SECRET}
    long_slug = "a" * 251
    assert tiny_client.get(f"/api/admin/export/{long_slug}", headers=manager).status_code == 422
    csv = {"file": ("rows.csv", b"objection,rebuttal\n" + b"x" * 140_000 + b",y\n", "text/csv")}
    assert tiny_client.post(f"/api/admin/import/{long_slug}", headers=manager, files=csv).status_code == 422
    big_cell = tiny_client.post("/api/admin/import/price", headers=manager, files=csv)
    assert big_cell.status_code == 422 and "line" in big_cell.json()["error"]["message"]
    foreign = {"cookie": f"{COOKIE}=ünïcödé".encode()}
    assert tiny_client.get("/api/sessions", headers=foreign).status_code == 401
    assert tiny_client.get("/admin", headers=foreign, follow_redirects=False).status_code == 303


# 9. hygiene

def test_pages_send_protective_headers(tiny_client):
    for path in ("/", "/library", "/admin/login", "/api/categories"):
        headers = tiny_client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer" and headers["cache-control"] == "no-store"
    assert "no-store" not in tiny_client.get("/static/style.css").headers.get("cache-control", "")


def test_health_and_edit_errors_name_no_server_paths(tiny_client, tiny_playbooks):
    price = tiny_playbooks / "categories" / "price.yaml"
    price.write_text(price.read_text().replace("slug: price", "slug: 12"))
    tiny_client.post("/api/admin/reload", headers={"X-Manager-Secret": SECRET})
    health = tiny_client.get("/healthz").json()
    assert health["status"] == "degraded" and "playbooks/categories/price.yaml" in health["last_error"]
    assert str(tiny_playbooks.parent) not in health["last_error"]


def test_comment_authors_cannot_claim_a_role(client):
    _, practice, review = create(client)
    call = client.get(f"/api/practice/{practice}").json()
    spoofed = client.post(f"/api/review/{review}/comments", json={
        "call_id": call["id"], "position": 0, "text": "Approved.", "author": "Regional VP (manager)"})
    assert spoofed.status_code == 422 and "author" in spoofed.json()["error"]["message"]
    fine = client.post(f"/api/review/{review}/comments",
                       json={"call_id": call["id"], "position": 0, "text": "Nice.", "author": "Dana O'Neil"})
    assert fine.status_code == 201 and fine.json()["role"] == "coach"


def test_malformed_bodies_get_one_error_shape(tiny_client):
    for path in ("/api/match", "/api/score", "/api/calls"):
        for body in (b'{"text": ', b"\xff\xfe not utf-8"):
            response = tiny_client.post(path, content=body, headers={"content-type": "application/json"})
            assert response.status_code == 422, (path, body, response.text)
            assert "not valid JSON" in response.json()["error"]["message"]
