"""Score a rep's reply to an objection, step by step, against the playbook.

The reply is cut into clauses; each clause is given the move it makes (a framework step, a
pitfall or neutral talk) by a classifier over its embedding and word cues (see `recogniser`).
The score is the sum of the points in `points`, and the feedback quotes the clauses that earned
or cost them, so no score is a mystery.
"""

from dataclasses import dataclass

import numpy as np

from app.coaching.anchors import labelled_examples
from app.coaching.clauses import split_clauses
from app.coaching.cues import find_cues
from app.coaching.feedback import coach
from app.coaching.moves import MoveClassifier
from app.coaching.points import PointLine, point_lines, total
from app.coaching.recogniser import HIT, Finding, Recognition, recognise
from app.coaching.vocatives import without_names
from app.embedding import EmbeddingCache
from app.library import Library
from app.library.schema import CoachingFile, Objection, Rebuttal

__all__ = ["HIT", "ReplyScore", "ReplyScorer"]


@dataclass(frozen=True)
class ReplyScore:
    score: int
    category: str
    objection_id: str
    steps: dict[str, float]  # step -> strength 0..1; HIT or more is a hit
    pitfalls: dict[str, float]  # pitfall -> strength 0..1; HIT or more is flagged
    on_concern: float
    feedback: list[str]
    tip: str
    model_rebuttal: Rebuttal
    quotes: dict[str, Finding]  # each recognised move: the clause that made it and the words behind it
    points: list[PointLine]


class ReplyScorer:
    def __init__(self, library: Library, cache: EmbeddingCache, previous: "ReplyScorer | None" = None):
        """`previous`: the scorer this one replaces; its move classifier is kept when it would be
        fitted on the same examples with the same model (a phrasing edit changes neither)."""
        if library.coaching is None:
            raise ValueError("scoring replies needs playbooks/coaching.yaml")
        self.library = library
        self.coaching: CoachingFile = library.coaching
        self.cache = cache
        self.framework = next(iter(library.frameworks.values()))
        self.step_keys = self.framework.step_keys
        self.pitfall_keys = [p.key for p in self.coaching.pitfalls]
        self.titles = {s.key: s.title for s in self.framework.steps} | {p.key: p.title for p in self.coaching.pitfalls}
        texts, moves, sources = labelled_examples(library)
        self._fitted_on = (cache.embedder.name, tuple(texts), tuple(moves), tuple(sources))
        self.classifier: MoveClassifier
        if previous is not None and previous._fitted_on == self._fitted_on:
            self.classifier = previous.classifier
        else:
            self.classifier = MoveClassifier(texts, moves, cache.embed([without_names(t) for t in texts]), sources)
        self._rebuttal_texts, self._rebuttal_owner = self._rebuttal_sentences()
        self._rebuttal_vectors = cache.embed(self._rebuttal_texts)
        self._owners = np.array(self._rebuttal_owner)
        self._whole_rebuttals = self._whole_rebuttal_vectors()  # scoring a reply then embeds only the reply

    def _whole_rebuttal_vectors(self) -> dict[str, np.ndarray]:
        """Each objection's rebuttals, every one as one text, for picking the model rebuttal."""
        owners = [(o.id, " ".join(r.steps.values())) for o in self.library.objections.values() for r in o.rebuttals]
        vectors = self.cache.embed([text for _, text in owners])
        by_objection: dict[str, list[np.ndarray]] = {}
        for (objection_id, _), vector in zip(owners, vectors, strict=True):
            by_objection.setdefault(objection_id, []).append(vector)
        return {objection_id: np.stack(rows) for objection_id, rows in by_objection.items()}

    def _rebuttal_sentences(self) -> tuple[list[str], list[str]]:
        texts, owners = [], []
        for objection in self.library.objections.values():
            for text in [*objection.texts[:5], *(t for r in objection.rebuttals for t in r.steps.values())]:
                texts.append(text)
                owners.append(self.library.category_of[objection.id])
        return texts, owners

    def reply_vectors(self, reply: str) -> np.ndarray:
        """The embedded clauses of a reply, as `recognise` judges them (the slow part of scoring)."""
        return self.cache.embedder.encode([without_names(c.text) for c in split_clauses(reply)])

    def recognise(self, reply: str, vectors: np.ndarray | None = None) -> tuple[Recognition, np.ndarray]:
        """The moves in `reply`, and its clauses' vectors (embedded here unless given)."""
        clauses = split_clauses(reply)
        vectors = self.reply_vectors(reply) if vectors is None else vectors
        return recognise(clauses, vectors, self.classifier, [*self.step_keys, *self.pitfall_keys]), vectors

    def likeliest_steps(self, sentences: list[str]) -> list[str]:
        """The framework step each sentence most resembles, pitfalls and neutral talk aside."""
        vectors = self.cache.embedder.encode([without_names(s) for s in sentences])
        probabilities = self.classifier.probabilities(vectors, [find_cues(s) for s in sentences])
        columns = [self.classifier.moves.index(k) for k in self.step_keys]
        return [self.step_keys[int(row.argmax())] for row in probabilities[:, columns]]

    def score(self, objection: Objection, reply: str, *, vectors: np.ndarray | None = None) -> ReplyScore:
        recognition, vectors = self.recognise(reply, vectors)
        category = self.library.category_of[objection.id]
        on_concern = round(self._on_concern(vectors, category), 3)
        lines = point_lines(recognition, {k: self.titles[k] for k in self.step_keys},
                            {k: self.titles[k] for k in self.pitfall_keys}, on_concern)
        rebuttal = self._closest_rebuttal(objection, vectors)
        coaching = coach(recognition, lines, self.coaching, self.titles, rebuttal)
        strengths = recognition.strengths
        return ReplyScore(
            score=total(lines), category=category, objection_id=objection.id,
            steps={k: strengths[k] for k in self.step_keys}, pitfalls={k: strengths[k] for k in self.pitfall_keys},
            on_concern=on_concern, feedback=coaching.feedback, tip=coaching.tip, model_rebuttal=rebuttal,
            quotes=recognition.findings, points=lines,
        )

    def _on_concern(self, vectors: np.ndarray, category: str) -> float:
        """1 when the reply is nearer this category's rebuttals than any other category's."""
        best = (vectors @ self._rebuttal_vectors.T).max(axis=0)
        own = float(best[self._owners == category].max())
        others = self._owners != category
        other = float(best[others].max()) if others.any() else 0.0
        return float(np.clip((own - other) / 0.2 + 0.5, 0.0, 1.0))

    def _closest_rebuttal(self, objection: Objection, vectors: np.ndarray) -> Rebuttal:
        sims = self._whole_rebuttals[objection.id] @ vectors.mean(axis=0)
        return objection.rebuttals[int(np.argmax(sims))]
