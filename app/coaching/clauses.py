"""Cutting a reply into the clauses that are judged one by one.

One sentence often holds two moves ("I hear you, Marisol, can I ask what's behind that?"), so a
sentence is cut again where a comma is followed by a word that opens a new move: a question
opener, a proposal, a turn such as "but" or "anyway". Plain commas inside one thought ("I hear
you, it's not a small number") are left alone. Every clause keeps its place in the reply, so
feedback can quote the rep's own words and the page can mark them.
"""

import re
from dataclasses import dataclass

MAX_CLAUSES = 16  # a long ramble is cut here, so length buys nothing

# Sentence ends, line breaks, semicolons and spaced dashes always end a clause.
_HARD = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+|;\s*|\s+[-–—]+\s+|(?<=\w)[–—]+(?=\w)")
_QUESTION_OPENERS = (
    r"(?:can|could|would|will|shall|should|may|might|do|does|did|is|are|was|were|have|has|had)"
    r" (?:i|we|you|they|it|he|she|there|that|this|your|our)|"
    r"what|what's|whats|how|how's|when|where|who|whose|why|which|mind if|any chance|out of curiosity|"
    r"quick question|just curious|i'm curious|im curious|i wonder|curious|let's|lets|let me|how about|what about|"
    r"why don't|why not|shall we|tell you what"
)
_PROPOSALS = (
    r"if you|if i|if we|i'll|ill|i can|i could|we can|we could|we'll|i'd|id like|i would|i'm happy|im happy|"
    r"happy to|i'm going to|i'm gonna|im gonna|i just need|one of our|a lot of our|most of our|many of our|"
    r"we've|we have|we just|our"
)
_OPENERS = (
    # turns
    r"but|though|although|however|anyway|anyways|actually|honestly|frankly|look|listen|plus|"
    r"also|still|that said|in fact|either way|then again|otherwise|"
    rf"(?:and|so),? (?:{_QUESTION_OPENERS}|{_PROPOSALS})|{_QUESTION_OPENERS}|{_PROPOSALS}|"
    # claims about the prospect, and retreats
    r"you need|you should|you'd be|you're wrong|you are wrong|you don't|you do not|you clearly|you obviously|"
    r"no offence|no offense|with respect|with all due respect|sorry|apologies|no worries|no problem|never mind|"
    r"nevermind|by the way|btw|speaking of|random question|that reminds me"
)
_SOFT = re.compile(rf",\s+(?=(?:{_OPENERS})\b)", re.IGNORECASE)
# A clause that opens with one of these, or is only an interjection, leans on the next one ("If you
# send me their quote, can I come back Friday?"), so no cut is made after it.
_LEANING = re.compile(r"^(?:if|when|whenever|before|after|once|since|because|while|as soon as|as long as|unless|"
                      r"whether|so that|until|till)\b|"
                      # a lone interjection is no move of its own ("Sorry, can you hear me?")
                      r"^(?:sorry|hey|oh|ah+|um+|uh+|er+m?|hmm+|well|look|listen)[.!]*$", re.IGNORECASE)
# A turn word alone at the end of a sentence only colours what came before ("Good to hear, honestly.").
_TAG = re.compile(r"^(?:honestly|frankly|actually|though|however|still|also|anyway|anyways)[.!?…]*$", re.IGNORECASE)
_EDGE = " \t,;:-–—\"'"


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # character offsets into the reply, for quoting and marking
    end: int
    sentence: int  # which sentence of the reply it belongs to


def _pieces(text: str, pattern: re.Pattern, offset: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for cut in pattern.finditer(text):
        spans.append((offset + start, offset + cut.start()))
        start = cut.end()
    spans.append((offset + start, offset + len(text)))
    return spans


def _trimmed(reply: str, start: int, end: int, sentence: int) -> Clause | None:
    while start < end and reply[start] in _EDGE:
        start += 1
    while end > start and reply[end - 1] in _EDGE:
        end -= 1
    return Clause(reply[start:end], start, end, sentence) if end - start > 1 else None


def _joined(reply: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with every leaning clause joined to the clause after it, and a closing tag to the one before."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (_LEANING.match(reply[merged[-1][0]:merged[-1][1]].lstrip(_EDGE))
                       or _TAG.match(reply[start:end].strip(_EDGE))):
            start = merged.pop()[0]
        merged.append((start, end))
    return merged


def split_clauses(reply: str) -> list[Clause]:
    """The reply's clauses in order; the whole reply as one clause if nothing can be cut."""
    clauses = []
    for sentence, (start, end) in enumerate(_pieces(reply, _HARD, 0)):
        for s, e in _joined(reply, _pieces(reply[start:end], _SOFT, start)):
            clause = _trimmed(reply, s, e, sentence)
            if clause:
                clauses.append(clause)
    if not clauses:
        start = len(reply) - len(reply.lstrip())
        clauses = [Clause(reply.strip(), start, start + len(reply.strip()), 0)]
    return clauses[:MAX_CLAUSES]
