"""A practice reply is one unit of work: one transaction, the call read once, nothing lost when two tabs reply."""

import threading

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.main import create_app
from tests.test_practice_api import OPENER, STRONG, WEAK


@pytest.fixture
def app_and_client(settings, hashing_embedder):
    app = create_app(settings, embedder=hashing_embedder)
    with TestClient(app) as client:
        yield app, client


def statements_during(engine, action):
    seen, transactions = [], []
    on_execute = lambda *args: seen.append(args[2].split()[0].upper())  # noqa: E731
    on_begin = lambda *_: transactions.append("begin")  # noqa: E731
    event.listen(engine, "before_cursor_execute", on_execute)
    event.listen(engine, "begin", on_begin)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        event.remove(engine, "begin", on_begin)
    return seen, transactions


def test_a_reply_reads_the_call_once_in_one_transaction(app_and_client):
    app, client = app_and_client
    call = client.post("/api/calls", json={"persona": "tester", "seed": 3}).json()
    assert client.post(f"/api/calls/{call['id']}/replies", json={"text": OPENER}).status_code == 200
    engine = app.state.practice.store.sessions.kw["bind"]
    response = {}
    seen, transactions = statements_during(
        engine, lambda: response.update(client.post(f"/api/calls/{call['id']}/replies", json={"text": WEAK}).json()))
    speakers = [t["speaker"] for t in response["turns"]]
    assert speakers[:4] == ["prospect", "rep", "prospect", "rep"] and speakers[4:] and "rep" not in speakers[4:]
    assert len(transactions) == 1
    assert seen.count("SELECT") == 2  # the call (locked) and its turns, once each
    assert "INSERT" in seen and "UPDATE" in seen


def test_replies_from_two_tabs_at_once_are_both_kept_in_order(app_and_client):
    _, client = app_and_client
    call = client.post("/api/calls", json={"persona": "tester", "seed": 5}).json()
    answers = []

    def reply(text):
        answers.append(client.post(f"/api/calls/{call['id']}/replies", json={"text": text}).status_code)

    tabs = [threading.Thread(target=reply, args=(text,)) for text in (WEAK, STRONG)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert answers == [200, 200]
    turns = client.get(f"/api/calls/{call['id']}").json()["turns"]
    assert [t["position"] for t in turns] == list(range(len(turns)))
    reps = [t["text"] for t in turns if t["speaker"] == "rep"]
    assert sorted(reps) == sorted([WEAK, STRONG])
    # every reply answers the prospect line just before it: rep turns never follow each other
    assert all(not (a["speaker"] == b["speaker"] == "rep") for a, b in zip(turns, turns[1:], strict=False))
