"""The simulated prospect. No language model: persona lines and prospect lines chosen by a seeded
random generator from what the rep's reply did, so the same seed and replies give the same call.

A call: the prospect picks up, the rep opens, the prospect raises a concern. Each reply is read
for moves and pitfalls. A pitfall gets its reaction (see reactions.py); good moves add up until
the concern settles (difficulty.good_moves, in a reply that scores difficulty.pass_score); an
open question is answered from the persona's facts; a weak reply is a strike, and too many end
the call. Once the planned concerns are settled, a next step books the meeting.
"""

import random

from app.library import Library
from app.library.schema import Difficulty, Persona
from app.practice.lines import Voice
from app.practice.reactions import BOOKED, CONTINUE, ProspectTurn, hang_up, react_to_pitfall
from app.practice.reading import ReplyReading
from app.practice.state import OBJECTION, OPENING, WRAP_UP, CallState

MIXED = "mixed"

__all__ = ["MIXED", "CallState", "Prospect", "ProspectTurn"]


class Prospect:
    """Plays one persona through one call at one difficulty."""

    def __init__(self, library: Library, persona: Persona, difficulty: Difficulty,
                 categories: list[str], seed: int):
        self.library = library
        self.persona = persona
        self.difficulty = difficulty
        self.categories = sorted(library.categories) if categories in ([], [MIXED]) else categories
        self.seed = seed

    def _voice(self, state: CallState) -> Voice:
        state.step += 1
        return Voice(self.library, self.persona, state.used_lines, random.Random(f"{self.seed}:{state.step}"))

    def pick_up(self, state: CallState) -> ProspectTurn:
        """The phone is answered; the rep speaks next."""
        state.phase = OPENING
        voice = self._voice(state)
        return _turn([voice.pick(voice.own("opening"))], None)

    def hear_opener(self, state: CallState) -> ProspectTurn:
        """Whatever the opener, a cold prospect answers it with a first concern."""
        voice = self._voice(state)
        state.phase = OBJECTION
        first = self._next_objection(voice.rng, state)
        if first is None:  # categories without objections: nothing to object to
            return hang_up(voice, state)
        return _turn([self._raise(voice, state, first)], first)

    def react(self, state: CallState, reading: ReplyReading) -> ProspectTurn:
        """The prospect's answer to a reply on the current concern (or, in wrap-up, to the ask)."""
        voice = self._voice(state)
        if reading.pitfall:
            back_to = voice.own("wrap_up") if state.phase == WRAP_UP else voice.objection(state.current, "again")
            return react_to_pitfall(voice, state, reading.pitfall, self.difficulty, back_to)
        if state.phase == WRAP_UP:
            return self._wrap_up(voice, state, reading)
        state.progress += len(reading.moves)
        enough = state.progress >= self.difficulty.good_moves + state.coolness
        if enough and reading.score >= self.difficulty.pass_score:
            return self._settle(voice, state, reading)
        if reading.asked:
            return self._answer(voice, state, reading)
        if reading.moves:  # a good move, not enough yet: the concern comes back softer
            line = voice.pick(voice.objection(state.current, "softer"), voice.objection(state.current, "again"))
            return ProspectTurn([line], state.current, CONTINUE) if line else hang_up(voice, state)
        return self._push_back(voice, state)

    def _settle(self, voice: Voice, state: CallState, reading: ReplyReading) -> ProspectTurn:
        """The concern is put to rest: a question asked on the way is still answered, then the call moves on."""
        if state.current:
            state.passed.append(state.current)
        answer = voice.pick(*voice.answers(reading.topic))
        following = None if len(state.raised) >= self.difficulty.objections else self._next_objection(voice.rng, state)
        if following is not None:
            soften = voice.pick(voice.own("softening"))
            return _turn([answer, soften, self._raise(voice, state, following)], following)
        if "next_step" in reading.moves:
            return self._book(voice, state, answer)
        state.phase, state.pushbacks = WRAP_UP, 0
        ask = voice.pick(voice.own("wrap_up"))
        if ask is None:  # a persona without wrap-up lines lets the call end here
            return hang_up(voice, state, answer, voice.pick(voice.own("softening")))
        return _turn([answer, voice.pick(voice.own("softening")), ask], None)

    def _wrap_up(self, voice: Voice, state: CallState, reading: ReplyReading) -> ProspectTurn:
        """Waiting for a next step: a question is answered, but anything short of a proposal tries patience."""
        answer = voice.pick(*voice.answers(reading.topic))
        if "next_step" in reading.moves:
            return self._book(voice, state, answer)
        state.pushbacks += 1
        ask = voice.pick(voice.own("wrap_up"))
        if state.pushbacks > self.difficulty.max_pushbacks or ask is None:
            return hang_up(voice, state, answer)
        return _turn([answer, ask], None)

    def _book(self, voice: Voice, state: CallState, *before: str | None) -> ProspectTurn:
        state.current = None
        return ProspectTurn([line for line in (*before, voice.pick(voice.own("closing"))) if line], None, BOOKED)

    def _answer(self, voice: Voice, state: CallState, reading: ReplyReading) -> ProspectTurn:
        """An open question gets an answer from the facts, then the concern again, or softer after other good moves."""
        oid = state.current
        answer = voice.pick(*voice.answers(reading.topic), voice.objection(oid, "reason"))
        softer, again = voice.objection(oid, "softer"), voice.objection(oid, "again")
        follow = voice.pick(*((softer, again) if reading.moves - {"ask"} else (again, softer)))
        return _turn([answer, follow], oid) if answer or follow else hang_up(voice, state)

    def _push_back(self, voice: Voice, state: CallState) -> ProspectTurn:
        state.pushbacks += 1
        if state.pushbacks > self.difficulty.max_pushbacks:
            return hang_up(voice, state)
        lines = [voice.pick(voice.own("pushback")), voice.pick(voice.objection(state.current, "again"))]
        return _turn(lines, state.current) if any(lines) else hang_up(voice, state)

    def _raise(self, voice: Voice, state: CallState, objection_id: str) -> str:
        state.current = objection_id
        state.raised.append(objection_id)
        state.pushbacks = state.progress = 0
        return voice.pick(voice.objection(objection_id, "raise")) or voice.render(
            voice.objection(objection_id, "raise")[0])

    def _next_objection(self, rng: random.Random, state: CallState) -> str | None:
        allowed = {oid for oid, slug in self.library.category_of.items() if slug in self.categories}
        unraised = allowed - set(state.raised)
        if state.current:
            current = self.library.objections.get(state.current)
            follow = [f for f in (current.follow_ups if current else []) if f in unraised]
            if follow:
                return rng.choice(sorted(follow))
        used_categories = {self.library.category_of.get(o) for o in state.raised}  # a removed id has none
        new_category = sorted(o for o in unraised if self.library.category_of[o] not in used_categories)
        pool = new_category or sorted(unraised)
        return rng.choice(pool) if pool else None


def _turn(lines: list[str | None], objection_id: str | None) -> ProspectTurn:
    return ProspectTurn([line for line in lines if line], objection_id, CONTINUE)
