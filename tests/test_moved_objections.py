"""Objections that move category get new ids; stored calls naming the old id keep working."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.library import LibraryError, load_library
from app.main import create_app
from app.practice.prospect import CallState, Prospect
from app.practice.reading import read_reply
from tests.test_practice_api import STRONG, WEAK, open_call, reply

MANAGER = {"X-Manager-Secret": "tiny-manager-secret"}


def rename_busy_objection(playbooks: Path, *, keep_former_id: bool) -> None:
    """busy.bad_time becomes busy.bad_moment, remembering its old id or not."""
    busy = playbooks / "categories" / "busy.yaml"
    text = busy.read_text().replace("busy.bad_time", "busy.bad_moment")
    if keep_former_id:
        text = text.replace("  - id: busy.bad_moment\n", "  - id: busy.bad_moment\n    former_ids: [busy.bad_time]\n")
    busy.write_text(text)


@pytest.fixture
def client(tiny_settings, hashing_embedder):
    settings = tiny_settings.model_copy(update={"watch_playbooks": False})
    with TestClient(create_app(settings, embedder=hashing_embedder)) as client:
        yield client


def reload(client) -> None:
    assert client.app.state.live_library.reload(), client.app.state.live_library.last_error


def test_the_library_follows_a_former_id(tiny_playbooks):
    rename_busy_objection(tiny_playbooks, keep_former_id=True)
    library = load_library(tiny_playbooks)
    assert library.objection("busy.bad_time").id == "busy.bad_moment"
    assert library.objection("busy.bad_moment").id == "busy.bad_moment"
    assert library.objection("busy.never_was") is None and library.objection(None) is None


def test_a_former_id_may_not_name_a_current_objection_or_be_claimed_twice(tiny_playbooks):
    price = tiny_playbooks / "categories" / "price.yaml"
    price.write_text(price.read_text().replace(
        "  - id: price.too_expensive\n", "  - id: price.too_expensive\n    former_ids: [budget.no_budget, busy.old]\n"))
    busy = tiny_playbooks / "categories" / "busy.yaml"
    busy.write_text(busy.read_text().replace(
        "  - id: busy.bad_time\n", "  - id: busy.bad_time\n    former_ids: [busy.old]\n"))
    with pytest.raises(LibraryError) as caught:
        load_library(tiny_playbooks)
    problems = sorted(str(p) for p in caught.value.problems)
    assert any("former id 'budget.no_budget' is still the id of an objection" in p for p in problems)
    assert any("former id 'busy.old' is already claimed by" in p for p in problems)


def test_a_call_started_before_a_move_carries_on_and_sums_up_under_the_new_id(client, tiny_playbooks):
    call = open_call(client, categories=["busy"])
    assert call["turns"][-1]["objection_id"] == "busy.bad_time"
    reply(client, call["id"], WEAK)
    rename_busy_objection(tiny_playbooks, keep_former_id=True)
    reload(client)
    assert client.get(f"/api/calls/{call['id']}").status_code == 200
    done = reply(client, call["id"], STRONG)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "booked"
    [result] = done.json()["summary"]["objections"]
    assert (result["objection_id"], result["category"], result["replies"]) == ("busy.bad_moment", "busy", 2)
    assert result["canonical"] == "I am busy right now"


def test_an_old_call_whose_objection_is_gone_still_renders_and_refuses_a_reply_cleanly(client, tiny_playbooks):
    finished = open_call(client, categories=["busy"])
    for _ in range(3):
        reply(client, finished["id"], WEAK)
    active = open_call(client, categories=["busy"])
    rename_busy_objection(tiny_playbooks, keep_former_id=False)
    reload(client)
    shown = client.get(f"/api/calls/{finished['id']}")
    assert shown.status_code == 200
    [result] = shown.json()["summary"]["objections"]
    assert (result["objection_id"], result["category"]) == ("busy.bad_time", "unknown")
    assert client.get(f"/api/calls/{active['id']}").status_code == 200
    refused = reply(client, active["id"], STRONG)
    assert refused.status_code == 409 and "no longer has this call's objection" in refused.json()["error"]["message"]


def test_a_review_of_calls_with_a_vanished_objection_still_renders(client, tiny_playbooks):
    body = {"title": "Busy drills", "rep_name": "Sam", "categories": ["busy"], "persona": "tester",
            "difficulty": "easy", "objections": 1}
    links = client.post("/api/sessions", json=body, headers=MANAGER).json()
    practice, review = (links[key].rsplit("/", 1)[1] for key in ("practice_url", "review_url"))
    for _ in range(3):
        client.post(f"/api/practice/{practice}/replies", json={"text": WEAK})
    rename_busy_objection(tiny_playbooks, keep_former_id=False)
    reload(client)
    assert client.get(f"/api/review/{review}").status_code == 200
    page = client.get(f"/review/{review}")
    assert page.status_code == 200 and "Busy drills" in page.text
    assert client.get(f"/review/{review}/transcript.md").status_code == 200


def test_the_prospect_moves_on_when_an_earlier_objection_is_gone(tiny_playbooks):
    library = load_library(tiny_playbooks)
    difficulty = library.coaching.difficulties[0].model_copy(update={"objections": 3})
    prospect = Prospect(library, next(iter(library.personas.values())), difficulty, ["mixed"], seed=3)
    state = CallState(current="budget.no_budget", raised=["busy.removed_long_ago", "budget.no_budget"])
    strong = read_reply(dict.fromkeys(("acknowledge", "ask", "reframe", "next_step"), 1.0), {}, 100,
                        "Fair enough. A team like yours saved ten hours a week. Does Tuesday at ten work?", [])
    turn = prospect.react(state, strong)  # budget.no_budget has no follow-ups
    assert turn.outcome == "continue" and turn.objection_id in {"price.too_expensive", "busy.bad_time"}
