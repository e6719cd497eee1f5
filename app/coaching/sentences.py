"""Splitting a reply into the sentences that are judged one by one."""

import re

_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+|\s+[-–—]\s+")
MAX_SENTENCES = 12


def split_sentences(text: str) -> list[str]:
    """Sentences of a reply, trimmed; a long ramble is cut at MAX_SENTENCES so length buys nothing."""
    parts = [p.strip(" \t,;") for p in _BOUNDARY.split(text.strip())]
    return [p for p in parts if len(p) > 1][:MAX_SENTENCES] or [text.strip()]


def is_question(sentence: str) -> bool:
    """Ends in a question mark, before any "!" or "." typed after it ("Really?!")."""
    return sentence.rstrip().rstrip("!.").endswith("?")
