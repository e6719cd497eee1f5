"""The example lines the move classifier learns from, each labelled with the one move it makes.

Sources: the framework's step examples, every rebuttal step in the playbooks (sentence by
sentence), and the coaching file's step, pitfall and neutral examples. Reps type in a hurry, so a
share of the examples is also learnt as a noisy copy (typo, lost punctuation, filler, dropped
word), seeded so the same library always trains the same classifier.
"""

import random

from app.coaching.sentences import split_sentences
from app.embedding.augment import noisy_copy
from app.library import Library

NEUTRAL = "neutral"
NOISY_SHARE = 0.5
SEED = 15


def labelled_examples(library: Library) -> tuple[list[str], list[str], list[int]]:
    """(texts, moves, sources): each text once, a text listed under two moves keeping the later one;
    `sources[i]` is the index of the clean example text i was made from (itself if clean)."""
    coaching = library.coaching
    if coaching is None:
        raise ValueError("the move classifier learns from playbooks/coaching.yaml")
    pairs: dict[str, str] = {}
    for framework in library.frameworks.values():
        for framework_step in framework.steps:
            pairs.update((t, framework_step.key) for t in framework_step.examples)
    for objection in library.objections.values():
        for rebuttal in objection.rebuttals:
            for key, text in rebuttal.steps.items():
                pairs.update((s, key) for s in split_sentences(text))
    for step in coaching.steps:
        pairs.update((t, step.key) for t in step.examples)
    for pitfall in coaching.pitfalls:
        pairs.update((t, pitfall.key) for t in pitfall.examples)
    pairs.update((t, NEUTRAL) for t in coaching.neutral)
    texts, moves = list(pairs), list(pairs.values())
    sources = list(range(len(texts)))
    seen = set(texts)
    rng = random.Random(SEED)
    for i in range(len(sources)):
        if rng.random() < NOISY_SHARE:
            copy = noisy_copy(texts[i], rng)
            if copy not in seen:
                seen.add(copy)
                texts.append(copy)
                moves.append(moves[i])
                sources.append(i)
    return texts, moves, sources
