"""Noisy copies of library phrasings, so tuning also sees the sloppy way people type and talk.

Reps paste what prospects said with typos, no punctuation, a filler word in front or a word
missing. A library written in clean sentences teaches the model none of that; noisy copies of
the texts in the tuning run do (measured on the dev set: docs/decisions.md).
"""

import random
import re

FILLERS = ("um, ", "look, ", "honestly ", "yeah so ", "well, ", "")
_PUNCTUATION = re.compile(r"[^\w\s']")


def noisy_copy(text: str, rng: random.Random) -> str:
    """`text` with one random slip: a word dropped, punctuation and case lost, a filler, or a typo."""
    slip = rng.choice((_drop_word, _flatten, _add_filler, _swap_letters))
    return slip(text, rng)


def _drop_word(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) <= 4:  # a short line can lose its meaning with one word
        return _swap_letters(text, rng)
    del words[rng.randrange(len(words))]
    return " ".join(words)


def _flatten(text: str, rng: random.Random) -> str:
    return _PUNCTUATION.sub("", text).lower()


def _add_filler(text: str, rng: random.Random) -> str:
    return rng.choice(FILLERS) + text[:1].lower() + text[1:]


def _swap_letters(text: str, rng: random.Random) -> str:
    """Two neighbouring letters swapped inside one longer word, the commonest typing slip."""
    words = text.split()
    long_words = [i for i, word in enumerate(words) if len(word) > 4]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 1)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
    return " ".join(words)
