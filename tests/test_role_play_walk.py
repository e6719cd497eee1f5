"""Hundreds of seeded calls on the shipped playbooks, driven with scorer-like readings built here.

The prospect reacts to the scorer's contract (steps and pitfalls, 0..1, hit at 0.5), not to the
scorer itself, so these walks are deterministic and take a second; test_role_play_api.py walks
the same engine through the API with the hashing embedder.
"""

import itertools
import random
import re
from dataclasses import dataclass

import pytest

from app.library import load_library
from app.library.slots import slot_values
from app.practice.lines import sentence_case
from app.practice.prospect import Prospect
from app.practice.reading import read_reply
from app.practice.state import CallState
from tests.conftest import PROJECT_ROOT

LIBRARY = load_library(PROJECT_ROOT / "playbooks")
DIFFICULTIES = {d.key: d for d in LIBRARY.coaching.difficulties}
PITFALLS = ("feature_dump", "discount", "argue", "cave", "pressure", "off_topic")
STEPS = ("acknowledge", "ask", "reframe", "next_step")
MIXES = [["mixed"], ["price"], ["budget", "timing"], ["trust", "contract", "complexity"],
         ["authority", "send_info"], ["no_need", "status_quo", "busy", "competitor_pricing"]]
QUOTED = re.compile(r"[\"“”]|(^|\s)'[A-Za-z][^']*'(\s|[.,?!]|$)")  # 'seamless', "enterprise-grade"
OPENER = "Hi, it's Sam from Relaywork. We help teams stop chasing work through spreadsheets. Got a minute?"


@dataclass(frozen=True)
class Reply:
    kind: str
    text: str
    steps: dict
    pitfalls: dict
    score: int


def reply(kind: str, text: str, moves=(), pitfall: str | None = None, score: int = 0) -> Reply:
    steps = {k: (0.9 if k in moves else 0.1) for k in STEPS}
    pitfalls = {k: (0.9 if k == pitfall else 0.05) for k in PITFALLS}
    return Reply(kind, text, steps, pitfalls, score)


STRONG = reply("strong", "That's fair. A team your size got ten hours a week back. Could we look at it Tuesday at ten.",
               STEPS, score=90)
WEAK = reply("weak", "ok", score=5)
PARTIAL = reply("partial", "I understand, that makes sense.", ["acknowledge"], score=25)
TOOL_QUESTION = reply("tool", "Fair enough. What are you using for this today?", ["acknowledge", "ask"], score=45)
QUESTIONS = [
    reply("why", "Can I ask what's behind that?", ["ask"], score=30),
    reply("budget", "When do budgets get set for next year?", ["ask"], score=30),
    reply("decision", "Who else would be involved in a decision like this?", ["ask"], score=30),
    reply("pain", "What's the biggest headache in that process right now?", ["ask"], score=30),
]
PITFALL_REPLIES = {p: reply(p, f"scripted {p} reply.", pitfall=p) for p in PITFALLS}


def identities(persona) -> set[str]:
    """Words that point at one persona's business: its people, company and tools."""
    facts = persona.facts
    names = [persona.name, *persona.name.split(), persona.company, facts.current_tool, facts.approver,
             facts.colleague]
    return {n for n in names if n and len(n) > 2}


def rendered(persona, templates) -> set[str]:
    values = slot_values(persona, LIBRARY.product)
    return {sentence_case(t.format_map(values)) for t in templates}


@dataclass
class Walk:
    persona_id: str
    lines: list[str]
    events: list[tuple[Reply, list[str], str, int]]  # reply, the prospect's answer, outcome, concerns raised
    outcome: str
    state: CallState


def walk(persona_id: str, difficulty: str, mix: list[str], seed: int, script) -> Walk:
    """Play one call: `script(turn, rng)` gives each reply until the call ends (or 40 replies)."""
    prospect = Prospect(LIBRARY, LIBRARY.personas[persona_id], DIFFICULTIES[difficulty],
                        [c for c in mix if c != "mixed"] or ["mixed"], seed)
    state = CallState()
    lines = [*prospect.pick_up(state).lines, *prospect.hear_opener(state).lines]
    events, outcome, rng = [], "continue", random.Random(f"{persona_id}:{difficulty}:{mix}:{seed}")
    for turn in range(40):
        r = script(turn, rng)
        reading = read_reply(r.steps, r.pitfalls, r.score, r.text, LIBRARY.prospect_lines.answers)
        answer = prospect.react(state, reading)
        lines += answer.lines
        events.append((r, answer.lines, answer.outcome, len(state.raised)))
        outcome = answer.outcome
        if outcome != "continue":
            break
    return Walk(persona_id, lines, events, outcome, state)


def mixed_script(turn: int, rng: random.Random) -> Reply:
    """Strong, weak, partial, question and pitfall replies; the tool question at most twice a call."""
    if turn in (1, 6):
        return TOOL_QUESTION
    kinds = [STRONG, STRONG, WEAK, PARTIAL, *QUESTIONS, *PITFALL_REPLIES.values()]
    return rng.choice([k for k in kinds if k.kind != "cave"] if turn < 4 else kinds)


CALLS = [(p, d, tuple(mix), 1000 * round_ + i) for i, (p, d, mix, round_) in enumerate(itertools.product(
    sorted(LIBRARY.personas), sorted(DIFFICULTIES), MIXES, (1, 2)))]


@pytest.fixture(scope="module")
def walks() -> list[Walk]:
    assert len(CALLS) >= 200
    return [walk(p, d, list(mix), seed, mixed_script) for p, d, mix, seed in CALLS]


def test_every_line_names_only_this_personas_business_or_the_brief(walks):
    others = {pid: set().union(*(identities(q) for qid, q in LIBRARY.personas.items() if qid != pid))
              for pid in LIBRARY.personas}
    phrasings = {t for o in LIBRARY.objections.values() for t in o.phrasings}
    for w in walks:
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(others[w.persona_id]))) + r")\b")
        for line in w.lines:
            assert not pattern.search(line), (w.persona_id, line)
            assert "{" not in line and "}" not in line, line
            assert line not in phrasings, f"a matching phrasing was spoken: {line}"
            assert not QUOTED.search(line), f"the prospect quotes words the rep may not have said: {line}"
    said = " ".join(line for w in walks for line in w.lines)
    for persona in LIBRARY.personas.values():  # the persona's own facts do come up
        assert persona.facts.current_tool in said and persona.facts.approver in said


def test_no_line_repeats_within_a_call(walks):
    for w in walks:
        assert len(w.lines) == len(set(w.lines)), [line for line in w.lines if w.lines.count(line) > 1]


def test_each_pitfall_gets_its_own_reaction(walks):
    seen = dict.fromkeys(PITFALLS, 0)
    for w in walks:
        persona = LIBRARY.personas[w.persona_id]
        said_before: list[str] = []
        for r, answer, outcome, _ in w.events:
            if r.kind in PITFALLS:
                reactions = rendered(persona, persona.reactions[r.kind])
                if reactions <= set(said_before):  # the same mistake after every reaction to it: the call ends
                    assert outcome == "ended"
                else:
                    assert answer[0] in reactions, (w.persona_id, r.kind, answer)
                    seen[r.kind] += 1
                if r.kind == "cave":
                    assert outcome == "ended" and len(answer) == 1
            said_before += answer
    assert min(seen.values()) >= 20, seen


def test_a_question_about_the_current_tool_is_answered_with_the_tool(walks):
    asked = 0
    for w in walks:
        tool = LIBRARY.personas[w.persona_id].facts.current_tool
        for r, answer, _, _ in w.events:
            if r.kind == "tool":
                asked += 1
                assert any(tool in line for line in answer), (w.persona_id, answer)
    assert asked >= 200


def test_other_open_questions_are_answered_from_the_facts(walks):
    """Budget timing, the decision maker and the pain: each answer names the fact (five answers a topic a call)."""
    facts_of = {"budget": "budget_month", "decision": "approver", "pain": "pain"}
    answered = 0
    for w in walks:
        facts = LIBRARY.personas[w.persona_id].facts
        asked = dict.fromkeys(facts_of, 0)
        for r, answer, _, _ in w.events:
            if r.kind in facts_of:
                asked[r.kind] += 1
                if asked[r.kind] <= 5:
                    assert getattr(facts, facts_of[r.kind]) in answer[0], (w.persona_id, r.kind, answer)
                    answered += 1
    assert answered >= 200


def test_the_same_seed_and_replies_give_the_same_call():
    first, second = (walk("cfo_manufacturing", "normal", ["mixed"], 5, mixed_script) for _ in range(2))
    other = walk("cfo_manufacturing", "normal", ["mixed"], 6, mixed_script)
    assert first.lines == second.lines and first.lines != other.lines


@pytest.mark.parametrize("difficulty", sorted(DIFFICULTIES))
@pytest.mark.parametrize("persona_id", sorted(LIBRARY.personas))
def test_strong_replies_book_the_meeting_and_weak_ones_end_the_call(persona_id, difficulty):
    level = DIFFICULTIES[difficulty]
    booked = walk(persona_id, difficulty, ["mixed"], 3, lambda turn, rng: STRONG)
    assert booked.outcome == "booked" and len(booked.state.raised) == level.objections
    assert len(booked.events) == level.objections  # every strong reply settles one concern
    closing = rendered(LIBRARY.personas[persona_id], LIBRARY.personas[persona_id].closing_lines)
    assert booked.lines[-1] in closing
    hung_up = walk(persona_id, difficulty, ["mixed"], 3, lambda turn, rng: WEAK)
    assert hung_up.outcome == "ended" and len(hung_up.events) == level.max_pushbacks + 1
    assert hung_up.state.ended_by == "prospect"


def replies_to_settle_the_first_concern(w: Walk) -> int:
    return next(i + 1 for i, event in enumerate(w.events) if event[3] > 1 or event[2] != "continue")


ONE_MOVE = reply("one", "I hear you.", ["acknowledge"], score=95)
TWO_MOVES = reply("two", "I hear you. A firm your size saved ten hours a week.", ["acknowledge", "reframe"], score=95)


@pytest.mark.parametrize("difficulty", sorted(DIFFICULTIES))
def test_difficulty_sets_how_many_good_moves_a_concern_needs(difficulty):
    needed = DIFFICULTIES[difficulty].good_moves
    for script, moves in ((ONE_MOVE, 1), (TWO_MOVES, 2)):
        w = walk("ops_manager_logistics", difficulty, ["mixed"], 8, lambda turn, rng, r=script: r)
        assert replies_to_settle_the_first_concern(w) == -(-needed // moves)


def test_a_concern_waits_for_a_reply_that_scores_the_pass_mark():
    """Enough moves in a reply that still scores low (off the concern) soften the prospect; they do not settle it."""
    level = DIFFICULTIES["normal"]
    low = reply("low", "I hear you. Fair. Tuesday at ten", ["acknowledge", "reframe", "next_step"],
                score=level.pass_score - 1)
    w = walk("hr_lead_professional_services", "normal", ["price"], 4, lambda turn, rng: STRONG if turn else low)
    persona = LIBRARY.personas["hr_lead_professional_services"]
    first = next(e for e in LIBRARY.prospect_lines.objections if e.id == w.state.raised[0])
    assert w.events[0][1] == [line for line in w.events[0][1] if line in rendered(persona, first.softer)] != []
    assert replies_to_settle_the_first_concern(w) == 2
    assert len(w.state.raised) == level.objections and w.outcome == "booked"


def test_arguing_cools_the_prospect_for_the_rest_of_the_call():
    """After an argument every concern takes one more good move."""
    calm = walk("head_of_sales_saas", "easy", ["mixed"], 2, lambda turn, rng: ONE_MOVE)
    cooled = walk("head_of_sales_saas", "easy", ["mixed"], 2,
                  lambda turn, rng: PITFALL_REPLIES["argue"] if turn == 0 else ONE_MOVE)
    persona = LIBRARY.personas["head_of_sales_saas"]
    assert cooled.events[0][1][0] in rendered(persona, persona.reactions["argue"])
    assert replies_to_settle_the_first_concern(calm) == 2
    assert replies_to_settle_the_first_concern(cooled) == 1 + 3
    assert cooled.state.coolness == 1


def test_off_topic_is_steered_back_to_the_concern_then_ends_the_call():
    persona = LIBRARY.personas["owner_retail_smb"]
    w = walk("owner_retail_smb", "hard", ["price"], 1, lambda turn, rng: PITFALL_REPLIES["off_topic"])
    (_, steer, outcome, _), (_, last, end, _) = w.events
    assert steer[0] in rendered(persona, persona.reactions["off_topic"]) and outcome == "continue"
    concern = next(e for e in LIBRARY.prospect_lines.objections if e.id == w.state.raised[0])
    assert steer[1] in rendered(persona, concern.again)
    assert end == "ended" and last[-1] in rendered(persona, persona.hangup_lines)
