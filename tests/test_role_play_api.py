"""The role-play engine end to end through the API: shipped playbooks, hashing embedder, SQLite."""

import itertools
import re

import pytest
from fastapi.testclient import TestClient

from app.embedding.hashing import HashingEmbedder
from app.main import create_app
from app.settings import Settings
from app.store.calls import NewTurn
from tests.conftest import PROJECT_ROOT

MANAGER = {"X-Manager-Secret": "role-play-manager-secret"}
OPENER = "Hi, it's Sam from Relaywork. We help teams stop chasing work through spreadsheets. Have you got a minute?"
TOOL_QUESTION = "Fair enough. What are you using for this today?"
REPLIES = [
    "ok",
    TOOL_QUESTION,
    "I can knock thirty percent off if you sign this week.",
    "That's fair, and plenty of teams said the same. Can I ask what's behind it? A freight firm your size got "
    "eleven hours a week back per dispatcher. Could we take fifteen minutes on Thursday at ten?",
    "I hear you. When do budgets get set for next year?",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("role_play")
    settings = Settings(environment="test", playbooks_dir=PROJECT_ROOT / "playbooks", embeddings_dir=root / "emb",
                        data_dir=root / "data", manager_secret=MANAGER["X-Manager-Secret"], watch_playbooks=False,
                        limit_creations=10_000, limit_scoring=100_000)
    with TestClient(create_app(settings, embedder=HashingEmbedder())) as client:
        yield client


def personas(client) -> dict:
    return client.app.state.live_library.current.library.personas


def identities(persona) -> set[str]:
    facts = persona.facts
    return {n for n in [persona.name, *persona.name.split(), persona.company, facts.current_tool, facts.approver,
                        facts.colleague] if n and len(n) > 2}


def play(client, persona: str, difficulty: str, seed: int, replies: list[str]) -> dict:
    started = client.post("/api/calls", json={"persona": persona, "difficulty": difficulty, "seed": seed,
                                               "categories": ["mixed"]})
    assert started.status_code == 201, started.text
    call = started.json()
    assert [t["speaker"] for t in call["turns"]] == ["prospect"] and call["objections_raised"] == 0
    for text in [OPENER, *replies]:
        response = client.post(f"/api/calls/{call['id']}/replies", json={"text": text})
        assert response.status_code == 200, response.text
        call = response.json()
        if call["status"] != "active":
            break
    return call


def test_calls_through_the_api_stay_in_character_and_end(client):
    library_personas = personas(client)
    ended = tool_answers = 0
    for (persona_id, difficulty), seed in zip(itertools.product(sorted(library_personas), ["easy", "normal", "hard"]),
                                              itertools.count(100)):
        replies = [REPLIES[(seed + i) % len(REPLIES)] for i in range(14)]
        call = play(client, persona_id, difficulty, seed, replies)
        assert client.get(f"/api/calls/{call['id']}").json()["turns"] == call["turns"]
        lines = [t["text"] for t in call["turns"] if t["speaker"] == "prospect"]
        assert len(lines) == len(set(lines))
        others = set().union(*(identities(p) for pid, p in library_personas.items() if pid != persona_id))
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(others))) + r")\b")
        assert not [line for line in lines if pattern.search(line)]
        tool = library_personas[persona_id].facts.current_tool
        for i, turn in enumerate(call["turns"]):
            if turn["speaker"] == "rep" and turn["text"] == TOOL_QUESTION and not turn["coaching"]["pitfalls"]:
                answer = list(itertools.takewhile(lambda t: t["speaker"] == "prospect", call["turns"][i + 1:]))
                assert any(tool in t["text"] for t in answer), answer
                tool_answers += 1
        if call["status"] != "active":
            ended += 1
            summary = call["summary"]
            titles = {r["category_title"] for r in summary["objections"]}
            assert titles and not any("_" in title for title in titles)
            assert summary["practise_next"]["message"].startswith("Practise next:")
            assert call["status"] == "booked" or summary["ended_by"] == "prospect"
    assert ended >= 12 and tool_answers >= 6


def test_the_rep_can_end_a_call_and_it_stays_ended(client):
    call = play(client, "owner_retail_smb", "normal", 7, [])
    turns = call["turns"]
    ended = client.post(f"/api/calls/{call['id']}/end")
    assert ended.status_code == 200
    data = ended.json()
    assert data["status"] == "ended" and data["turns"] == turns and data["summary"]["ended_by"] == "rep"
    assert client.post(f"/api/calls/{call['id']}/end").json()["status"] == "ended"
    late = client.post(f"/api/calls/{call['id']}/replies", json={"text": "hello?"})
    assert late.status_code == 409 and "finished" in late.json()["error"]["message"]
    assert client.post("/api/calls/ffff/end").status_code == 404


def test_a_session_attempt_can_be_ended_and_a_new_one_started(client):
    body = {"title": "Drills", "rep_name": "Sam", "persona": "cfo_manufacturing", "difficulty": "easy",
            "categories": ["price"], "objections": 2}
    links = client.post("/api/sessions", json=body, headers=MANAGER).json()
    token = links["practice_url"].rsplit("/", 1)[1]
    first = client.get(f"/api/practice/{token}").json()
    client.post(f"/api/practice/{token}/replies", json={"text": OPENER})
    assert client.post(f"/api/practice/{token}/attempts").status_code == 409
    ended = client.post(f"/api/practice/{token}/end").json()
    assert ended["id"] == first["id"] and ended["status"] == "ended"
    second = client.post(f"/api/practice/{token}/attempts")
    assert second.status_code == 201 and second.json()["attempt"] == 2


def test_calls_stored_before_the_role_play_engine_still_open_in_review_and_export(client):
    body = {"title": "Old calls", "rep_name": "Kim", "persona": "ops_manager_logistics", "difficulty": "normal",
            "categories": ["mixed"], "objections": 2}
    links = client.post("/api/sessions", json=body, headers=MANAGER).json()
    practice, review = (links[k].rsplit("/", 1)[1] for k in ("practice_url", "review_url"))
    old_state = {"current": "price.too_expensive", "raised": ["price.too_expensive"], "pushbacks": 0,
                 "passed": [], "step": 1, "retired_field": True,
                 "used_lines": ["Okafor. Make it quick.", "as clinic manager at Westbrook Vets it's too dear"]}
    turns = [NewTurn("prospect", "Okafor. Make it quick."),
             NewTurn("prospect", "as clinic manager at Westbrook Vets it's too dear", "price.too_expensive"),
             NewTurn("rep", "ok", "price.too_expensive", 12, {"acknowledge": 0.1, "ask": 0.0, "reframe": 0.0,
                                                              "next_step": 0.0}, {"tip": "Ask first."}),
             NewTurn("prospect", "You're not hearing me.", "price.too_expensive")]
    client.app.state.practice.store.create(
        persona_id="ops_manager_logistics", difficulty="normal", categories=["mixed"], seed=5, state=old_state,
        turns=turns, session_id=links["id"], attempt=1, objections=2)
    data = client.get(f"/api/review/{review}")
    assert data.status_code == 200 and data.json()["attempts"][0]["turns"][1]["text"].endswith("too dear")
    assert client.get(f"/review/{review}").status_code == 200
    markdown = client.get(f"/review/{review}/transcript.md")
    assert markdown.status_code == 200 and "score 12/100" in markdown.text
    resumed = client.post(f"/api/practice/{practice}/replies", json={"text": REPLIES[3]})
    assert resumed.status_code == 200 and len(resumed.json()["turns"]) > len(turns) + 1


def test_the_practice_page_shows_the_call_brief_and_the_admin_page_shows_the_brief_read_only(client):
    page = client.get("/").text
    assert 'id="call-brief"' in page and "Relaywork" in page and "$40 a seat" in page
    assert "Sheetline</strong>, $26 a seat" in page and 'data-limit="2000"' in page
    admin = client.get("/admin/product", headers=MANAGER)
    assert admin.status_code == 200 and "Relaywork" in admin.text and "DockSheet" in admin.text
    assert "Every objection has prospect lines." in admin.text
    assert client.get("/admin/product", follow_redirects=False).status_code == 303  # manager only
