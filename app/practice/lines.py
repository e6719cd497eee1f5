"""What one persona can say on one call: its own lines and the shared prospect lines, slots filled.

Each line is said at most once a call. When a kind of line has run out, `pick` returns None
and the engine decides what the prospect does instead (usually, end the call).
"""

import random
import re

from app.library import Library
from app.library.schema import Persona
from app.library.slots import fill, slot_values

_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def sentence_case(text: str) -> str:
    """A slot such as {team} ("the dispatch team") can open a sentence; its first letter is raised."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


class Voice:
    def __init__(self, library: Library, persona: Persona, used: list[str], rng: random.Random):
        self.library = library
        self.persona = persona
        self.used = used  # the call state's list: picking a line records it there
        self.rng = rng
        self.values = slot_values(persona, library.product)
        self._objection_lines = {entry.id: entry for entry in library.prospect_lines.objections}
        self._answers = {topic.id: topic for topic in library.prospect_lines.answers}

    def render(self, template: str) -> str:
        return sentence_case(fill(template, self.values))

    def pick(self, *pools: list[str]) -> str | None:
        """A fresh line from the first pool that still has one, chosen by the call's generator."""
        for pool in pools:
            fresh = [line for line in dict.fromkeys(self.render(t) for t in pool) if line not in self.used]
            if fresh:
                line = self.rng.choice(fresh)
                self.used.append(line)
                return line
        return None

    def own(self, kind: str) -> list[str]:
        """The persona's lines of one kind: opening, softening, pushback, closing, hangup, wrap_up."""
        return getattr(self.persona, f"{kind}_lines")

    def reaction(self, pitfall: str) -> list[str]:
        return self.persona.reactions.get(pitfall, [])

    def objection(self, objection_id: str | None, kind: str) -> list[str]:
        """Shared lines for one objection (raise, reason, again, softer).

        An objection with no prospect lines yet is raised in its canonical wording, which
        names no business; it has no other lines, so the persona's own lines carry the call.
        """
        if objection_id is None:
            return []
        entry = self._objection_lines.get(objection_id)
        if entry is not None:
            return getattr(entry, "raise_" if kind == "raise" else kind)
        objection = self.library.objections.get(objection_id)
        if kind != "raise" or objection is None:
            return []
        return [objection.canonical.replace("{", "{{").replace("}", "}}")]  # a line, not a template

    def answers(self, topic: str | None) -> tuple[list[str], ...]:
        """Pools for a question on `topic`: first answers, or the "as I said" ones once it was answered."""
        entry = self._answers.get(topic) if topic else None
        if entry is None:
            return ()
        answered = any(self.render(line) in self.used for line in entry.lines)
        return (entry.again, entry.lines) if answered else (entry.lines, entry.again)
