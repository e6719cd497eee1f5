"""What a rep is told about a reply: quotes of their own words, points that add up, one tip, never a 500.

Plumbing on the tiny library with the hashing embedder; how well moves are recognised is
measured on the real model in test_quality.py.
"""

import pytest
from sqlalchemy import update

from app.coaching.clauses import split_clauses
from app.coaching.cues import find_cues
from app.coaching.recogniser import ClauseJudgement, acknowledging_openers
from app.coaching.vocatives import without_names
from app.store.models import Turn
from tests.test_practice_api import OPENER, STRONG, WEAK, open_call, reply
from tests.test_sessions import MANAGER

OLD_COACHING = {  # a turn's coaching as stored before quotes and points
    "feedback": ["Acknowledge: Nice acknowledgement.", "Missing ask: Ask one open question."],
    "tip": "Ask one open question before you pitch.", "pitfalls": {}, "on_concern": 0.4,
    "model_rebuttal": {"id": "price.too_expensive.r1", "title": "Pattern 1", "steps": []},
}


def score(client, text, objection_id="price.too_expensive"):
    response = client.post("/api/score", json={"objection_id": objection_id, "reply": text})
    assert response.status_code == 200, response.text
    return response.json()


def test_clauses_split_two_moves_in_one_sentence_and_keep_their_place():
    text = "I hear you, Marisol, can I ask what's behind that? If you send it over, could we talk Friday?"
    clauses = split_clauses(text)
    assert [c.text for c in clauses] == ["I hear you, Marisol", "can I ask what's behind that?",
                                         "If you send it over, could we talk Friday?"]
    assert all(text[c.start:c.end] == c.text for c in clauses)
    assert [c.sentence for c in clauses] == [0, 0, 1]


def test_a_lone_interjection_stays_with_the_clause_it_opens():
    assert [c.text for c in split_clauses("Sorry, can you hear me okay?")] == ["Sorry, can you hear me okay?"]
    assert [c.text for c in split_clauses("Hey, sorry, you cut out, what was that?")] == [
        "Hey, sorry, you cut out", "what was that?"]
    assert [c.text for c in split_clauses("Totally, what's behind that?")] == ["Totally", "what's behind that?"]


def test_a_closing_turn_word_stays_with_the_clause_it_colours():
    assert [c.text for c in split_clauses("Good to hear, honestly. Who looks after it?")] == [
        "Good to hear, honestly.", "Who looks after it?"]
    assert [c.text for c in split_clauses("Fair point, though, what would change it?")] == [
        "Fair point, though", "what would change it?"]
    assert [c.text for c in split_clauses("Sure, honestly, it saves most teams an hour a day.")] == [
        "Sure", "honestly, it saves most teams an hour a day."]


def test_cues_for_a_dismissed_reason_line_trouble_and_heard():
    for text in ["Being busy isn't really a reason to wait.", "That's not a reason to stay stuck.",
                 "A freeze isnt an excuse."]:
        assert "contradiction" in {c.name for c in find_cues(text)}, text
    assert "contradiction" not in {c.name for c in find_cues("That's a fair reason.")}
    assert {c.name: c.words for c in find_cues("A freeze isnt an excuse.")}["contradiction"] == "isnt an excuse"
    assert "line_trouble" in {c.name for c in find_cues("Sorry, you broke up there")}
    assert "acknowledging" in {c.name for c in find_cues("Heard, Marcus.")}
    assert "acknowledging" not in {c.name for c in find_cues("You must have heard of us.")}


def judged(text: str, moves: list[str]) -> list[ClauseJudgement]:
    """The reply's clauses, each judged as the given move and clearly so."""
    everything = ("acknowledge", "ask", "reframe", "next_step", "cave", "neutral")
    return [ClauseJudgement(clause, move, {m: 0.9 if m == move else 0.1 for m in everything}, find_cues(clause.text))
            for clause, move in zip(split_clauses(text), moves, strict=True)]


def test_a_short_opener_before_a_step_acknowledges_but_a_retreat_alone_still_caves():
    opened = acknowledging_openers(judged("No worries at all, Jess. What's behind the freeze?", ["cave", "ask"]))
    assert [j.move for j in opened] == ["acknowledge", "ask"]
    assert opened[0].strengths["acknowledge"] >= 0.5 > opened[0].strengths["cave"]
    assert [j.move for j in acknowledging_openers(judged("No worries, I'll let you go.", ["cave", "cave"]))] == [
        "cave", "cave"]
    not_receipts = {"Sorry, you cut out there. What's behind the freeze?": ["neutral", "ask"],
                    "Is that a dog I hear? What's behind the freeze?": ["neutral", "ask"],
                    "No worries, I hear the freeze has hit every team in your sector this year. "
                    "What's behind it?": ["neutral", "ask"]}
    for text, moves in not_receipts.items():
        assert acknowledging_openers(judged(text, moves))[0].move == "neutral", text


def test_cues_name_the_words_behind_them():
    cues = {c.name: c.words for c in find_cues("No problem, I can knock 30% off right now if you sign today.")}
    assert cues["discount_words"] == "30% off" and cues["urgency"] == "right now" and cues["number"] == "30%"
    times = {c.name: c.words for c in find_cues("Could we take 15 minutes on Thursday at 10?")}
    assert times["day_or_time"] == "Thursday" and "question_mark" in times


def test_a_name_the_rep_addresses_is_not_embedded_but_a_day_is():
    assert without_names("I hear you, Marisol.") == "I hear you."
    assert without_names("Totally, Greg, that's normal.") == "Totally, that's normal."
    assert without_names("Could we do Thursday, Friday?") == "Could we do Thursday, Friday?"


def test_every_recognised_move_quotes_the_reply_and_the_points_add_up(tiny_client):
    body = score(tiny_client, STRONG)
    assert {k for k, v in body["steps"].items() if v >= 0.5} == {"acknowledge", "ask", "reframe", "next_step"}
    for move, quote in body["quotes"].items():
        assert STRONG[quote["start"]:quote["end"]] == quote["text"], move
    assert body["quotes"]["ask"]["text"] == "What is behind that?"
    lines = {line["key"]: line for line in body["points"]}
    keys = ("acknowledge", "ask", "reframe", "next_step", "relevance")
    assert [lines[k]["out_of"] for k in keys] == [20, 20, 25, 25, 10]
    assert sum(line["points"] for line in body["points"]) == body["score"]
    assert all(f"“{body['quotes'][k]['text']}”" in " ".join(body["feedback"]) for k in body["quotes"])


def test_a_discount_is_flagged_with_its_words_and_the_tip_is_about_it(tiny_client):
    text = "I hear you, that makes sense. I can give you fifty percent off right now."
    body = score(tiny_client, text)
    assert body["pitfalls"]["discount"] >= 0.5
    assert body["quotes"]["discount"]["text"] == "I can give you fifty percent off right now."
    assert "fifty percent off" in body["quotes"]["discount"]["words"]
    assert {"key": "discount", "label": "Instant discount", "points": -40, "out_of": 0,
            "reason": "“I can give you fifty percent off right now.”"} in body["points"]
    assert body["tip"].startswith("Instead of “I can give you fifty percent off right now.”")
    assert body["score"] == max(0, sum(line["points"] for line in body["points"]))


def test_a_missed_step_says_what_the_reply_did_and_the_tip_uses_this_objections_rebuttal(tiny_client):
    body = score(tiny_client, "Does Tuesday at ten work?")
    feedback = " ".join(body["feedback"])
    assert "your question “Does Tuesday at ten work?” asks for a meeting" in feedback
    tips = [line for line in body["feedback"] if line.startswith("Acknowledge missing")]
    assert tips and body["tip"] not in tips  # the diagnosis is not the tip repeated
    assert "For this objection, something like: “" in body["tip"]


@pytest.mark.parametrize("text", ["???", "🙂", "Marisol", "a" * 2000, "— , ; ...", "I\n\n\nhear you\n"])
def test_odd_replies_are_scored_not_crashed(tiny_client, text):
    body = score(tiny_client, text)
    assert 0 <= body["score"] <= 100 and body["tip"]


def test_practice_turns_keep_their_quotes_and_points(tiny_client):
    call = open_call(tiny_client)
    reply(tiny_client, call["id"], WEAK)
    turns = reply(tiny_client, call["id"], STRONG).json()["turns"]
    weak_turn, strong_turn = [t for t in turns if t["speaker"] == "rep" and t["score"] is not None]
    assert weak_turn["coaching"]["quotes"]["discount"]["text"] == WEAK and weak_turn["coaching"]["points"]
    assert set(strong_turn["coaching"]["quotes"]) >= {"acknowledge", "ask", "reframe", "next_step"}


def test_review_page_shows_the_breakdown_and_still_renders_turns_stored_before_it(tiny_client):
    links = tiny_client.post("/api/sessions", headers=MANAGER, json={
        "title": "Drill", "rep_name": "Sam", "persona": "tester", "difficulty": "easy", "objections": 2}).json()
    practice, review = links["practice_url"].rsplit("/", 1)[1], links["review_url"].rsplit("/", 1)[1]
    assert tiny_client.post(f"/api/practice/{practice}/replies", json={"text": OPENER}).status_code == 200
    assert tiny_client.post(f"/api/practice/{practice}/replies", json={"text": WEAK}).status_code == 200
    assert tiny_client.post(f"/api/practice/{practice}/replies", json={"text": STRONG}).status_code == 200
    page = tiny_client.get(f"/review/{review}").text
    assert '<q class="quote">What is behind that?</q>' in page and "Instant discount -40" in page
    assert "the sum of the lines above" in page or "kept within 0 to 100" in page

    with tiny_client.app.state.sessions.store.sessions() as db, db.begin():
        db.execute(update(Turn).where(Turn.speaker == "rep", Turn.score.is_not(None)).values(coaching=OLD_COACHING))
    old = tiny_client.get(f"/review/{review}")
    assert old.status_code == 200
    assert "Ask one open question before you pitch." in old.text and 'class="points"' not in old.text
    assert old.text.count('class="step hit"') + old.text.count('class="step missed"') == 8  # two replies, four steps
