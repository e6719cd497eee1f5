"""What the prospect hears in a reply: the moves the scorer recognised, the pitfalls it flagged,
and the topic of an open question, so the prospect can answer it from the persona's facts.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from app.coaching.sentences import is_question, split_sentences
from app.library.role_play import AnswerTopic

HIT = 0.5  # the scorer's contract: a step or pitfall at or above this counts
PITFALL_ORDER = ("cave", "off_topic", "discount", "pressure", "argue", "feature_dump")  # ties: first wins
_WORD = re.compile(r"[a-z0-9]+")  # "what's" reads as "what" and "s"


@dataclass(frozen=True)
class ReplyReading:
    moves: frozenset[str]  # framework steps the reply hit
    pitfall: str | None  # the strongest pitfall flagged, if any
    score: int
    topic: str | None  # topic id of the rep's open question, when one was recognised

    @property
    def asked(self) -> bool:
        return "ask" in self.moves or self.topic is not None


def read_reply(steps: dict[str, float], pitfalls: dict[str, float], score: int, text: str,
               topics: list[AnswerTopic]) -> ReplyReading:
    flagged = [k for k, v in pitfalls.items() if v >= HIT]
    rank = {k: i for i, k in enumerate(PITFALL_ORDER)}
    strongest = min(flagged, key=lambda k: (-pitfalls[k], rank.get(k, len(rank)))) if flagged else None
    moves = frozenset(k for k, v in steps.items() if v >= HIT)
    return ReplyReading(moves, strongest, score, question_topic(text, topics, asked="ask" in moves))


def question_topic(text: str, topics: list[AnswerTopic], *, asked: bool = False) -> str | None:
    """The first topic whose cue fits one of the rep's questions.

    Questions are the sentences ending in "?"; when the scorer heard an open question
    without a question mark ("tell me what you use today"), every sentence is tried.
    """
    sentences = split_sentences(text)
    questions = [s for s in sentences if is_question(s)] or (sentences if asked else [])
    for question in questions:
        words = " ".join(_WORD.findall(question.lower()))
        for topic in topics:
            if any(all(part.search(words) for part in _cue_parts(cue)) for cue in topic.cues):
                return topic.id
    return None


@lru_cache(maxsize=4096)
def _cue_parts(cue: str) -> tuple[re.Pattern, ...]:
    """A cue's parts (joined by "+"), each a phrase whose words stand in a row; "budget*" fits any word it starts."""
    def word(w: str) -> str:
        return re.escape(w[:-1]) + "[a-z0-9]*" if w.endswith("*") else re.escape(w)

    phrases = [part.split() for part in cue.lower().split("+") if part.strip()]
    return tuple(re.compile(r"\b" + " ".join(word(w) for w in phrase) + r"\b") for phrase in phrases)
