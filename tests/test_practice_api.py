"""Practice calls and reply scoring through the API, on the tiny library and hashing embedder."""

STRONG = ("I hear you, that makes sense. What is behind that? A team like yours saved ten hours a week. "
          "Does Tuesday at ten work?")
WEAK = "I can give you fifty percent off right now."
OPENER = "Hi, this is Sam from Testco, I help office teams cut admin time. Have you got a minute?"


def start(client, **overrides):
    body = {"categories": ["mixed"], "difficulty": "easy", "persona": "tester", "seed": 7, **overrides}
    response = client.post("/api/calls", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def reply(client, call_id, text):
    return client.post(f"/api/calls/{call_id}/replies", json={"text": text})


def open_call(client, **overrides):
    """A call after the rep's opener: the prospect's first objection is on the table."""
    call = start(client, **overrides)
    opened = reply(client, call["id"], OPENER)
    assert opened.status_code == 200, opened.text
    return opened.json()


def test_the_prospect_picks_up_and_objects_only_after_the_rep_opens(tiny_client):
    call = start(tiny_client)
    assert call["status"] == "active" and call["objections_planned"] == 2 and call["objections_raised"] == 0
    [greeting] = call["turns"]
    assert greeting["speaker"] == "prospect" and greeting["objection_id"] is None
    opened = reply(tiny_client, call["id"], OPENER).json()
    greeting, opener, objection = opened["turns"]
    assert opener["speaker"] == "rep" and opener["text"] == OPENER and opener["score"] is None
    assert objection["speaker"] == "prospect"
    assert objection["objection_id"] in {"budget.no_budget", "price.too_expensive", "busy.bad_time"}
    assert opened["objections_raised"] == 1


def test_the_same_seed_and_replies_give_the_same_call(tiny_client):
    transcripts = []
    for _ in range(2):
        call = open_call(tiny_client, seed=42)
        reply(tiny_client, call["id"], WEAK)
        final = reply(tiny_client, call["id"], STRONG).json()
        transcripts.append([t["text"] for t in final["turns"]])
    assert transcripts[0] == transcripts[1]


def test_a_weak_reply_gets_pushback_on_the_same_concern(tiny_client):
    call = open_call(tiny_client)
    first_objection = call["turns"][-1]["objection_id"]
    after = reply(tiny_client, call["id"], WEAK).json()
    rep_turn = after["turns"][3]
    assert rep_turn["speaker"] == "rep" and rep_turn["score"] < 40
    assert "discount" in rep_turn["coaching"]["pitfalls"]
    assert after["turns"][-1]["objection_id"] == first_objection
    assert after["turns"][-1]["text"] != call["turns"][-1]["text"], "pushback restates it in other words"
    assert after["objections_raised"] == 1


def test_a_strong_reply_moves_the_call_on_and_the_last_one_books_the_meeting(tiny_client):
    call = open_call(tiny_client)
    after = reply(tiny_client, call["id"], STRONG).json()
    rep_turn = after["turns"][3]
    assert rep_turn["score"] >= 40
    assert rep_turn["steps"]["next_step"] >= 0.5
    assert after["objections_raised"] == 2
    assert after["turns"][-1]["objection_id"] != call["turns"][-1]["objection_id"]
    done = reply(tiny_client, call["id"], STRONG).json()
    assert done["status"] == "booked"
    summary = done["summary"]
    assert len(summary["objections"]) == 2 and summary["overall"] >= 40
    averages = summary["step_averages"]
    assert set(averages) == {"acknowledge", "ask", "reframe", "next_step"}
    if max(averages.values()) > min(averages.values()):
        assert averages[summary["strongest_step"]] == max(averages.values())
        assert averages[summary["weakest_step"]] == min(averages.values())
    else:
        assert summary["strongest_step"] is None and summary["weakest_step"] is None
    late = reply(tiny_client, call["id"], STRONG)
    assert late.status_code == 409 and "finished" in late.json()["error"]["message"]


def test_too_many_weak_replies_end_the_call(tiny_client):
    call = open_call(tiny_client, difficulty="normal")
    reply(tiny_client, call["id"], WEAK)
    ended = reply(tiny_client, call["id"], WEAK).json()
    assert ended["status"] == "ended" and ended["summary"]["overall"] < 40


def test_resuming_returns_the_whole_call(tiny_client):
    call = open_call(tiny_client)
    after = reply(tiny_client, call["id"], "ok").json()
    resumed = tiny_client.get(f"/api/calls/{call['id']}").json()
    assert [t["speaker"] for t in resumed["turns"]][:5] == ["prospect", "rep", "prospect", "rep", "prospect"]
    assert resumed["turns"] == after["turns"]


def test_bad_replies_and_settings_get_clear_errors(tiny_client):
    call = start(tiny_client)
    for text in ["", "   ", "x" * 2001]:
        response = reply(tiny_client, call["id"], text)
        assert response.status_code == 422 and response.json()["error"]["message"].startswith("text:")
    bad_persona = tiny_client.post("/api/calls", json={"persona": "nobody"})
    assert bad_persona.status_code == 422 and "persona" in bad_persona.json()["error"]["message"]
    bad_category = tiny_client.post("/api/calls", json={"persona": "tester", "categories": ["weather"]})
    assert "unknown category weather" in bad_category.json()["error"]["message"]
    assert tiny_client.get("/api/calls/ffff").status_code == 404
    assert reply(tiny_client, "ffff", "hello").status_code == 404


def test_score_endpoint_contract(tiny_client):
    strong = tiny_client.post("/api/score", json={"objection_id": "price.too_expensive", "reply": STRONG}).json()
    weak = tiny_client.post("/api/score", json={"objection": "that price is way too high", "reply": WEAK}).json()
    assert strong["category"] == "price" and weak["category"] == "price"
    assert strong["score"] > weak["score"]
    assert set(strong["steps"]) == {"acknowledge", "ask", "reframe", "next_step"}
    assert strong["model_rebuttal"] and strong["feedback"] and strong["tip"]
    both = tiny_client.post("/api/score", json={"objection_id": "price.too_expensive", "objection": "x", "reply": "y"})
    assert both.status_code == 422 and "exactly one" in both.json()["error"]["message"]
    unknown = tiny_client.post("/api/score", json={"objection_id": "price.nope", "reply": "y"})
    assert unknown.status_code == 422 and "objection_id" in unknown.json()["error"]["message"]


def test_the_summary_names_the_strongest_and_weakest_step(tiny_client):
    call = open_call(tiny_client)
    done = reply(tiny_client, call["id"], "I hear you, that makes sense. Does Tuesday at ten work?").json()
    while done["status"] == "active":
        done = reply(tiny_client, call["id"], STRONG).json()
    summary = done["summary"]
    averages = summary["step_averages"]
    assert averages[summary["strongest_step"]] == max(averages.values())
    assert averages[summary["weakest_step"]] == min(averages.values()) < max(averages.values())
