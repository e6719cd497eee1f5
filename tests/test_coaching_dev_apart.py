"""The coaching dev, hold-out and fresh sets measure lines the coach never learnt from; a copy would flatter it.

The coach learns from the coaching file's examples and neutral lines, the framework's examples
and the playbooks' rebuttal steps. No dev line (or sentence of a dev reply) may equal one of them
once case and punctuation are dropped, nor share nearly all its words with one.
"""

import math
import re

import pytest

from app.coaching.move_evaluation import load_dev_set
from app.library import load_library
from tests.conftest import PROJECT_ROOT

COACHING_SETS = [PROJECT_ROOT / "tests" / "data" / name
                 for name in ("coaching_dev.yaml", "coaching_holdout.yaml", "coaching_fresh.yaml")]
NEAR = 0.8  # share of distinct words in common (Jaccard) from which two lines count as one
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s+[-–—]\s+")


_CONTRACTIONS = [(re.compile(p), full) for p, full in [
    (r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"n't\b", " not"), (r"'re\b", " are"),
    (r"'ll\b", " will"), (r"'ve\b", " have"), (r"'m\b", " am"), (r"'d\b", " would"),
    (r"\b(it|that|what|there|he|she)'s\b", r"\1 is"),
]]


def plain(text: str) -> str:
    """Lower case, contractions spelt out, punctuation dropped: "That's fair!" and "that is fair" are one line."""
    text = text.lower().replace("’", "'")
    for pattern, full in _CONTRACTIONS:
        text = pattern.sub(full, text)
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.replace("'", "")).split())


def training_texts(library) -> list[str]:
    coaching = library.coaching
    texts = [t for s in coaching.steps for t in s.examples] + [t for p in coaching.pitfalls for t in p.examples]
    texts += coaching.neutral
    texts += [t for f in library.frameworks.values() for s in f.steps for t in s.examples]
    texts += [t for o in library.objections.values() for r in o.rebuttals for t in r.steps.values()]
    return texts


def dev_texts(path) -> list[str]:
    dev = load_dev_set(path)
    texts = [line.text for line in dev.lines]
    for reply in dev.replies:
        texts.append(reply.text)
        texts += [s for s in _SENTENCE_END.split(reply.text) if len(s.split()) >= 3]
    return texts


def too_close(held_out: list[str], learnt: list[str]) -> list[tuple[str, str]]:
    """Pairs that are the same line, or nearly the same words, after case and punctuation are dropped."""
    by_plain = {plain(t): t for t in learnt}
    pairs = [(t, by_plain[plain(t)]) for t in held_out if plain(t) in by_plain]
    by_size: dict[int, list[tuple[str, set[str]]]] = {}
    for text in learnt:
        words = set(plain(text).split())
        by_size.setdefault(len(words), []).append((text, words))
    for text in held_out:
        mine = set(plain(text).split())
        sizes = range(math.ceil(len(mine) * NEAR), math.floor(len(mine) / NEAR) + 1)  # Jaccard bounds the sizes
        for other, theirs in (pair for size in sizes for pair in by_size.get(size, [])):
            union = len(mine | theirs)
            if union >= 3 and len(mine & theirs) / union >= NEAR and plain(text) != plain(other):
                pairs.append((text, other))
    return pairs


def test_the_comparison_catches_copies_and_close_rewordings():
    learnt = ["I hear you, Marisol, that's a fair point about the budget."]
    assert too_close(["i hear you marisol -- that's a fair point about the budget!"], learnt)
    assert too_close(["I hear you, Marisol, that is a fair point about the budget."], learnt)
    assert not too_close(["Marisol, could we talk on Thursday at ten?"], learnt)


@pytest.mark.parametrize("path", COACHING_SETS, ids=lambda p: p.stem)
def test_no_dev_line_is_in_what_the_coach_learns_from(path):
    library = load_library(PROJECT_ROOT / "playbooks")
    assert too_close(dev_texts(path), training_texts(library)) == []


@pytest.mark.parametrize("path", COACHING_SETS, ids=lambda p: p.stem)
def test_every_dev_line_names_an_objection_the_library_has(path):
    library = load_library(PROJECT_ROOT / "playbooks")
    dev = load_dev_set(path)
    unknown = {item.objection for item in [*dev.lines, *dev.replies] if library.objection(item.objection) is None}
    assert unknown == set()
