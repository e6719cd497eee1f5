"""How often the scorer ranks a good reply above a weak one, on a labelled set of pairs."""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from app.coaching.scorer import ReplyScorer
from app.library.loader import load_yaml_file
from app.library.schema import Slug, Strict, Text
from app.matching.retriever import Retriever


class ReplyPair(Strict):
    category: Slug
    objection: Text
    good: Text
    weak: Text
    weak_kind: Slug


class ReplyPairs(Strict):
    pairs: list[ReplyPair] = Field(min_length=1)


def load_pairs(path: Path) -> ReplyPairs:
    return load_yaml_file(path, ReplyPairs)


@dataclass
class PairReport:
    total: int
    good_wins: int
    by_kind: dict[str, tuple[int, int]]  # weak kind -> (wins, pairs)
    mean_good: float
    mean_weak: float
    losses: list[tuple[ReplyPair, int, int]]

    @property
    def share(self) -> float:
        return self.good_wins / self.total


def evaluate_pairs(scorer: ReplyScorer, retriever: Retriever, pairs: ReplyPairs) -> PairReport:
    wins, goods, weaks, losses = 0, [], [], []
    kinds: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for pair in pairs.pairs:
        objection = retriever.library.objections[retriever.objection_in_category(pair.objection, pair.category)]
        good = scorer.score(objection, pair.good).score
        weak = scorer.score(objection, pair.weak).score
        won = good > weak
        wins += won
        kinds[pair.weak_kind][0] += won
        kinds[pair.weak_kind][1] += 1
        goods.append(good)
        weaks.append(weak)
        if not won:
            losses.append((pair, good, weak))
    return PairReport(len(pairs.pairs), wins, {k: (v[0], v[1]) for k, v in kinds.items()},
                      sum(goods) / len(goods), sum(weaks) / len(weaks), losses)
