"""Spoken replies through the API: timings kept and coached, summarised, required by a session,
shown to the reviewer; and the persona's voice validated like the rest of the playbooks."""

import pytest
from sqlalchemy import create_engine, inspect, text

from app.library import LibraryError, load_library
from app.store.database import MIGRATIONS, migrate
from tests.test_practice_api import STRONG, WEAK, open_call
from tests.test_sessions import MANAGER, create


def spoken(client, path: str, text: str, latency_ms: int, duration_ms: int):
    return client.post(path, json={"text": text, "voice": {"latency_ms": latency_ms, "duration_ms": duration_ms}})


def test_a_spoken_reply_keeps_its_timings_and_gets_timing_coaching(client):
    call = open_call(client)
    quick = spoken(client, f"/api/calls/{call['id']}/replies", WEAK, 900, 4_000)
    rep = [t for t in quick.json()["turns"] if t["speaker"] == "rep"][-1]
    assert rep["voice"] == {"latency_ms": 900, "duration_ms": 4000}
    assert rep["coaching"]["timing"]["flags"] == {}
    slow = spoken(client, f"/api/calls/{call['id']}/replies", "Um. Well. It saves a lot of time.", 7_500, 52_000)
    flags = [t for t in slow.json()["turns"] if t["speaker"] == "rep"][-1]["coaching"]["timing"]["flags"]
    assert set(flags) == {"long_silence", "monologue"}
    assert "7.5 s" in flags["long_silence"] and "52 s" in flags["monologue"]


def test_typed_replies_carry_no_timing(client):
    call = open_call(client)
    typed = client.post(f"/api/calls/{call['id']}/replies", json={"text": STRONG}).json()
    rep = [t for t in typed["turns"] if t["speaker"] == "rep"][-1]
    assert rep["voice"] is None and "timing" not in rep["coaching"]


def test_the_summary_reports_time_to_answer_and_answer_length(client):
    call = open_call(client, difficulty="easy")
    path = f"/api/calls/{call['id']}/replies"
    data = None
    for latency, duration in [(1_000, 20_000), (3_000, 40_000), (2_000, 30_000), (2_000, 30_000)]:
        data = spoken(client, path, STRONG, latency, duration).json()
        if data["status"] != "active":
            break
    assert data["status"] != "active"
    timing = data["summary"]["timing"]
    assert timing["spoken_replies"] >= 2 and timing["longest_duration_ms"] >= 40_000
    assert timing["longest_latency_ms"] == 3_000


def test_bad_timings_are_refused(client):
    call = open_call(client)
    bad_voices = ({"latency_ms": -1, "duration_ms": 10}, {"latency_ms": 5}, {"latency_ms": 1, "duration_ms": 1, "x": 1})
    for voice in bad_voices:
        response = client.post(f"/api/calls/{call['id']}/replies", json={"text": "hi", "voice": voice})
        assert response.status_code == 422 and "voice" in response.json()["error"]["message"]


def test_a_session_can_require_spoken_answers(client):
    links, practice, review = create(client, voice_required=True)
    assert client.get("/api/sessions", headers=MANAGER).json()[0]["voice_required"] is True
    typed = client.post(f"/api/practice/{practice}/replies", json={"text": STRONG})
    assert typed.status_code == 422 and "spoken answers" in typed.json()["error"]["message"]
    assert spoken(client, f"/api/practice/{practice}/replies", STRONG, 1_200, 9_000).status_code == 200
    page = client.get(f"/practice/{practice}").text
    assert '"voice_required": true' in page and "Answer out loud" in page
    review_page = client.get(f"/review/{review}").text
    assert "Spoken · 1.2 s to start · 9.0 s long" in review_page
    transcript = client.get(f"/review/{review}/transcript.md").text
    assert "spoken: 1.2 s to start, 9.0 s long" in transcript


def test_a_session_without_the_requirement_takes_typed_replies(client):
    _, practice, _ = create(client)
    assert client.post(f"/api/practice/{practice}/replies", json={"text": STRONG}).status_code == 200


def test_the_practice_page_hands_each_persona_voice_to_the_browser(client):
    page = client.get("/").text
    assert '"voice": {"accent": "en-GB", "gender": "female", "pitch": 0.9, "rate": 1.2}' in page
    assert "/static/voice.js" in page and "send the audio to Google or Microsoft" in page


def test_a_persona_voice_with_an_unknown_accent_or_gender_is_a_playbook_error(tiny_playbooks):
    personas = tiny_playbooks / "personas.yaml"
    personas.write_text(personas.read_text().replace("gender: female, accent: en-GB", "gender: robot, accent: english"))
    with pytest.raises(LibraryError) as caught:
        load_library(tiny_playbooks)
    message = str(caught.value)
    assert "personas.yaml" in message and "voice.gender" in message and "voice.accent" in message


def test_a_database_from_before_voice_mode_is_upgraded(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine)
    with engine.begin() as db:  # make it look like a database last migrated two versions ago
        db.execute(text("UPDATE schema_version SET version = :v"), {"v": len(MIGRATIONS) - 1})
        db.execute(text("ALTER TABLE turns DROP COLUMN voice"))
        db.execute(text("ALTER TABLE practice_sessions DROP COLUMN voice_required"))
    assert migrate(engine) == len(MIGRATIONS)
    columns = {c["name"] for c in inspect(engine).get_columns("turns")}
    assert "voice" in columns
    assert "voice_required" in {c["name"] for c in inspect(engine).get_columns("practice_sessions")}
    engine.dispose()
