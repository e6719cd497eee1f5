"""The simulated prospect. No language model: playbook phrasings and persona lines, chosen by a seeded
random generator, so the same seed and the same replies always give the same call.
"""

import random
from dataclasses import dataclass, field

from app.library import Library
from app.library.schema import Difficulty, Persona

MIXED = "mixed"


@dataclass
class CallState:
    """Where a call stands; stored as JSON with the call."""

    current: str | None = None  # objection id the prospect is pressing
    raised: list[str] = field(default_factory=list)  # objection ids raised so far, in order
    used_lines: list[str] = field(default_factory=list)  # prospect lines said, never repeated
    pushbacks: int = 0  # weak replies on the current objection
    passed: list[str] = field(default_factory=list)
    step: int = 0  # advances the random generator

    def to_json(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def from_json(cls, data: dict) -> "CallState":
        return cls(**data)

    def follow_moves(self, library: Library) -> None:
        """Objection ids stored before the library moved them to another category become their ids now."""
        def now(objection_id: str) -> str:
            return library.moved.get(objection_id, objection_id)

        self.current = now(self.current) if self.current else None
        self.raised = [now(o) for o in self.raised]
        self.passed = [now(o) for o in self.passed]


@dataclass(frozen=True)
class ProspectTurn:
    lines: list[str]  # what the prospect says, in order
    objection_id: str | None  # the objection now on the table, if any
    outcome: str  # continue, booked or ended


class Prospect:
    """Plays one persona through one call at one difficulty."""

    def __init__(self, library: Library, persona: Persona, difficulty: Difficulty,
                 categories: list[str], seed: int):
        self.library = library
        self.persona = persona
        self.difficulty = difficulty
        self.categories = sorted(library.categories) if categories in ([], [MIXED]) else categories
        self.seed = seed

    def _rng(self, state: CallState) -> random.Random:
        state.step += 1
        return random.Random(f"{self.seed}:{state.step}")

    def _say(self, rng: random.Random, state: CallState, options: list[str]) -> str:
        fresh = [line for line in options if line not in state.used_lines] or options
        line = rng.choice(fresh)
        state.used_lines.append(line)
        return line

    def _next_objection(self, rng: random.Random, state: CallState) -> str | None:
        allowed = {oid for oid, slug in self.library.category_of.items() if slug in self.categories}
        unraised = allowed - set(state.raised)
        if state.current:
            follow = [f for f in self.library.objections[state.current].follow_ups if f in unraised]
            if follow:
                return rng.choice(sorted(follow))
        used_categories = {self.library.category_of.get(o) for o in state.raised}  # a removed id has none
        new_category = sorted(o for o in unraised if self.library.category_of[o] not in used_categories)
        pool = new_category or sorted(unraised)
        return rng.choice(pool) if pool else None

    def _raise(self, rng: random.Random, state: CallState, objection_id: str) -> str:
        state.current = objection_id
        state.raised.append(objection_id)
        state.pushbacks = 0
        return self._say(rng, state, self.library.objections[objection_id].phrasings)

    def open(self, state: CallState) -> ProspectTurn:
        rng = self._rng(state)
        opening = self._say(rng, state, self.persona.opening_lines)
        first = self._next_objection(rng, state)
        return ProspectTurn([opening, self._raise(rng, state, first)], first, "continue")

    def react(self, state: CallState, score: int, proposed_next_step: bool) -> ProspectTurn:
        """React to the rep's reply on the current objection, given its score."""
        rng = self._rng(state)
        if score >= self.difficulty.pass_score:
            state.passed.append(state.current)
            last = len(state.raised) >= self.difficulty.objections
            following = None if last else self._next_objection(rng, state)
            if following is None:
                if proposed_next_step:
                    return ProspectTurn([self._say(rng, state, self.persona.closing_lines)], None, "booked")
                return ProspectTurn([self._say(rng, state, self.persona.softening_lines),
                                     self._say(rng, state, self.persona.hangup_lines)], None, "ended")
            soften = self._say(rng, state, self.persona.softening_lines)
            return ProspectTurn([soften, self._raise(rng, state, following)], following, "continue")
        state.pushbacks += 1
        if state.pushbacks > self.difficulty.max_pushbacks:
            return ProspectTurn([self._say(rng, state, self.persona.hangup_lines)], None, "ended")
        again = self._say(rng, state, self.library.objections[state.current].phrasings)
        return ProspectTurn([self._say(rng, state, self.persona.pushback_lines), again], state.current, "continue")
