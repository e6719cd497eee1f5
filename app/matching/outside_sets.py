"""Scoring the matcher on outside JSONL sets: lines with one or more acceptable categories, or none.

A line counts right when the confident category is any of `expected`; a line with `expected: []`
counts right when no category is confident. Figures are given overall and per group: the kind
of line when the set says (`kind`), else where the line came from (a web page or a repository).
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:  # the command line reads this module before deciding to load the model
    from app.matching.retriever import Retriever

NO_MATCH = "(no match)"
NOT_AN_OBJECTION = "(none)"


class OutsideLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    expected: list[str]
    source: str | None = None
    source_category: str | None = None
    kind: str | None = None

    @property
    def group(self) -> str | None:
        """The line's kind, else the sort of source it came from, else nothing."""
        if self.kind:
            return self.kind
        if self.source:
            return "web page" if self.source.startswith(("http://", "https://")) else "repository"
        return None


class OutsideSetError(ValueError):
    """A line of an outside set that cannot be read, with its file and line number."""


def load_outside_set(path: Path, categories: set[str] | None = None) -> list[OutsideLine]:
    """Read a JSONL set; with `categories`, every expected slug must be one of them."""
    lines = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = OutsideLine.model_validate(json.loads(raw))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise OutsideSetError(f"{path}:{number}: {exc}") from None
        unknown = [slug for slug in line.expected if categories is not None and slug not in categories]
        if unknown:
            raise OutsideSetError(f"{path}:{number}: unknown category {', '.join(unknown)}")
        lines.append(line)
    if not lines:
        raise OutsideSetError(f"{path}: no lines")
    return lines


@dataclass
class Figures:
    """Counts for one slice of a set; rates are None when the slice has no line of that sort."""

    name: str
    objections: int = 0
    right: int = 0  # objections answered confidently with an expected category
    best_right: int = 0  # objections whose best category is an expected one, confident or not
    non_objections: int = 0
    rejected: int = 0  # non-objections given no confident answer

    def add(self, line: OutsideLine, given: str | None, best: str) -> None:
        if line.expected:
            self.objections += 1
            self.right += given in line.expected
            self.best_right += best in line.expected
        else:
            self.non_objections += 1
            self.rejected += given is None

    @property
    def accuracy(self) -> float | None:
        return self.right / self.objections if self.objections else None

    @property
    def category_accuracy(self) -> float | None:
        return self.best_right / self.objections if self.objections else None

    @property
    def rejection(self) -> float | None:
        return self.rejected / self.non_objections if self.non_objections else None


@dataclass
class OutsideReport:
    overall: Figures
    groups: list[Figures]
    categories: list[Figures]  # one per expected category (its first, stricter slug), plus NOT_AN_OBJECTION
    confusions: dict[str, Counter] = field(default_factory=dict)  # per category: wrong answers given


def evaluate_outside(retriever: "Retriever", lines: list[OutsideLine]) -> OutsideReport:
    results = retriever.match_many([line.text for line in lines], k=1)
    overall = Figures("all lines")
    groups: dict[str, Figures] = {}
    categories: dict[str, Figures] = {}
    confusions: dict[str, Counter] = {}
    for line, result in zip(lines, results, strict=True):
        best = result.matches[0].category
        slices = [overall, categories.setdefault(_category_of(line), Figures(_category_of(line)))]
        if line.group is not None:
            slices.append(groups.setdefault(line.group, Figures(line.group)))
        for figures in slices:
            figures.add(line, result.category, best)
        right = result.category in line.expected if line.expected else result.category is None
        if not right:
            confusions.setdefault(_category_of(line), Counter())[result.category or NO_MATCH] += 1
    order = sorted(categories, key=lambda name: (name == NOT_AN_OBJECTION, name))
    return OutsideReport(overall, [groups[name] for name in sorted(groups)],
                         [categories[name] for name in order], confusions)


def _category_of(line: OutsideLine) -> str:
    return line.expected[0] if line.expected else NOT_AN_OBJECTION
