"""Coaching sessions through their links: create, practise, resume, review, revoke, restart."""

import threading
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.main import create_app
from app.store.models import PracticeSession
from tests.test_practice_api import OPENER, STRONG, WEAK

MANAGER = {"X-Manager-Secret": "tiny-manager-secret"}


def expire_now(client, session_id: str) -> None:
    """Move a session's expiry into the past, as time passing would (the API refuses a past expiry)."""
    with client.app.state.sessions.store.sessions() as db, db.begin():
        db.get(PracticeSession, session_id).expires_at = datetime.now(UTC) - timedelta(seconds=1)


def create(client, **overrides):
    body = {"title": "Pricing drills", "rep_name": "Sam", "categories": ["mixed"], "persona": "tester",
            "difficulty": "easy", "objections": 2, **overrides}
    response = client.post("/api/sessions", json=body, headers=MANAGER)
    assert response.status_code == 201, response.text
    links = response.json()
    return links, links["practice_url"].rsplit("/", 1)[1], links["review_url"].rsplit("/", 1)[1]


def test_creating_needs_the_manager_secret_and_valid_settings(client):
    assert client.post("/api/sessions", json={"title": "x", "rep_name": "y", "persona": "tester"}).status_code == 401
    bad = client.post("/api/sessions", json={"title": "x", "rep_name": "y", "persona": "ghost"}, headers=MANAGER)
    assert bad.status_code == 422 and "persona" in bad.json()["error"]["message"]


def test_links_are_long_random_and_stored_only_hashed(client, settings):
    links, practice, review = create(client)
    assert len(practice) >= 32 and len(review) >= 32 and practice != review  # 192 random bits each
    engine = create_engine(settings.resolved_database_url)
    with engine.connect() as db:
        stored = str(db.execute(text("SELECT * FROM practice_sessions")).fetchall())
    engine.dispose()
    assert links["id"] in stored and practice not in stored and review not in stored


def test_practise_from_the_link_and_resume_where_the_rep_left_off(client):
    _, practice, _ = create(client)
    first = client.get(f"/api/practice/{practice}").json()
    assert first["attempt"] == 1 and first["objections_planned"] == 2
    client.post(f"/api/practice/{practice}/replies", json={"text": OPENER})
    client.post(f"/api/practice/{practice}/replies", json={"text": WEAK})
    resumed = client.get(f"/api/practice/{practice}").json()
    assert resumed["id"] == first["id"]
    assert [t["speaker"] for t in resumed["turns"]] == ["prospect", "rep", "prospect", "rep", "prospect"]


def test_the_practice_link_cannot_review_and_the_review_link_sees_everything(client):
    _, practice, review = create(client)
    client.post(f"/api/practice/{practice}/replies", json={"text": OPENER})
    client.post(f"/api/practice/{practice}/replies", json={"text": STRONG})
    assert client.get(f"/api/review/{practice}").status_code == 404
    assert client.get(f"/api/practice/{review}").status_code == 404
    data = client.get(f"/api/review/{review}").json()
    rep_turn = data["attempts"][0]["turns"][3]
    assert rep_turn["speaker"] == "rep" and rep_turn["score"] is not None and rep_turn["steps"]
    assert data["status"] == "in progress"


def test_coach_comments_are_saved_and_exported(client):
    _, practice, review = create(client)
    call = client.post(f"/api/practice/{practice}/replies", json={"text": "<b>cheap</b> *deal*"}).json()
    comment = {"call_id": call["id"], "position": 2, "author": "Alex", "text": "Ask first, then answer."}
    assert client.post(f"/api/review/{review}/comments", json=comment).status_code == 201
    bad = client.post(f"/api/review/{review}/comments", json={**comment, "position": 99})
    assert bad.status_code == 422 and "position" in bad.json()["error"]["message"]
    assert client.get(f"/api/review/{review}").json()["comments"][0]["text"] == "Ask first, then answer."
    markdown = client.get(f"/review/{review}/transcript.md").text
    assert "# Pricing drills" in markdown and "comment by Alex (coach): Ask first, then answer." in markdown
    assert "\\<b\\>cheap\\</b\\> \\*deal\\*" in markdown


def test_attempts_are_kept_and_a_new_one_needs_the_last_finished(client):
    _, practice, review = create(client)
    client.get(f"/api/practice/{practice}")
    unfinished = client.post(f"/api/practice/{practice}/attempts")
    assert unfinished.status_code == 409 and "finish the current attempt" in unfinished.json()["error"]["message"]
    client.post(f"/api/practice/{practice}/replies", json={"text": OPENER})
    client.post(f"/api/practice/{practice}/replies", json={"text": STRONG})
    done = client.post(f"/api/practice/{practice}/replies", json={"text": STRONG}).json()
    assert done["status"] == "booked"
    second = client.post(f"/api/practice/{practice}/attempts")
    assert second.status_code == 201 and second.json()["attempt"] == 2
    attempts = client.get(f"/api/review/{review}").json()["attempts"]
    assert [a["attempt"] for a in attempts] == [1, 2] and attempts[0]["summary"]["overall"] is not None
    overview = client.get("/api/sessions", headers=MANAGER).json()[0]
    assert overview["status"] == "done" and overview["best_score"] >= 40 and overview["attempts"] == 2
    assert overview["category_scores"]


def test_revoked_and_expired_links_stop_working_at_once(client):
    links, practice, review = create(client)
    assert client.get(f"/api/practice/{practice}").status_code == 200
    assert client.post(f"/api/sessions/{links['id']}/revoke", headers=MANAGER).status_code == 204
    gone = client.get(f"/api/practice/{practice}")
    assert gone.status_code == 410 and "revoked" in gone.json()["error"]["message"]
    assert client.get(f"/api/review/{review}").status_code == 410
    page = client.get(f"/practice/{practice}")
    assert page.status_code == 410 and "This link no longer works" in page.text

    soon = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    expiring, expired, _ = create(client, expires_at=soon)
    expire_now(client, expiring["id"])
    assert client.get(f"/api/practice/{expired}").status_code == 410
    assert client.get("/api/practice/not-a-real-token").status_code == 404
    assert client.get("/practice/not-a-real-token").status_code == 404


def test_two_tabs_replying_at_once_lose_nothing(client):
    _, practice, _ = create(client, objections=3, difficulty="easy")
    client.get(f"/api/practice/{practice}")
    results = []

    def send(text):
        results.append(client.post(f"/api/practice/{practice}/replies", json={"text": text}).status_code)

    tabs = [threading.Thread(target=send, args=(f"{WEAK} tab {n}",)) for n in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    call = client.get(f"/api/practice/{practice}").json()
    rep_texts = [t["text"] for t in call["turns"] if t["speaker"] == "rep"]
    assert results == [200, 200]
    assert sorted(rep_texts) == sorted(f"{WEAK} tab {n}" for n in range(2))
    assert [t["position"] for t in call["turns"]] == list(range(len(call["turns"])))


def test_everything_survives_a_restart(settings, hashing_embedder):
    with TestClient(create_app(settings, embedder=hashing_embedder)) as first:
        _, practice, review = create(first)
        first.get(f"/api/practice/{practice}")
        first.post(f"/api/practice/{practice}/replies", json={"text": WEAK})
        first.post(f"/api/practice/{practice}/replies", json={"text": STRONG})
    with TestClient(create_app(settings, embedder=hashing_embedder)) as second:
        resumed = second.get(f"/api/practice/{practice}").json()
        assert len([t for t in resumed["turns"] if t["speaker"] == "rep"]) == 2
        second.post(f"/api/practice/{practice}/replies", json={"text": STRONG})
        attempt = second.get(f"/api/review/{review}").json()["attempts"][0]
        assert len([t for t in attempt["turns"] if t["speaker"] == "rep"]) == 3


def test_pages_escape_what_reps_and_coaches_type(client):
    _, practice, review = create(client, title="<i>Week 2</i>")
    client.post(f"/api/practice/{practice}/replies", json={"text": OPENER})
    call = client.post(f"/api/practice/{practice}/replies", json={"text": "<script>alert(1)</script>"}).json()
    client.post(f"/api/review/{review}/comments",
                json={"call_id": call["id"], "position": 2, "text": "<img src=x onerror=alert(2)>"})
    page = client.get(f"/review/{review}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "&lt;i&gt;Week 2&lt;/i&gt;" in page
    assert "&lt;i&gt;Week 2&lt;/i&gt;" in client.get(f"/practice/{practice}").text
    overview = client.get("/admin/sessions", headers=MANAGER).text
    assert "&lt;i&gt;Week 2&lt;/i&gt;" in overview and "<svg" in overview and "in progress" in overview
