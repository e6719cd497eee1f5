"""Score a rep's reply to an objection, step by step, against the playbook.

Every sentence of the reply is classified among the framework's steps, the coaching
pitfalls and neutral talk by a small logistic model fitted on example sentences: the
playbook's own rebuttal steps, the framework's and coaching file's examples. A step counts
as hit by its best sentence, so saying more does not score more; pitfalls cost points; and
the reply must stay near this objection's own rebuttals rather than another category's.
"""

from dataclasses import dataclass

import numpy as np

from app.coaching.sentences import is_question, split_sentences
from app.embedding import EmbeddingCache
from app.library import Library
from app.library.schema import Objection, Rebuttal

NEUTRAL = "neutral"
STEP_WEIGHTS = {"acknowledge": 20, "ask": 25, "reframe": 25, "next_step": 20}
ON_CONCERN_WEIGHT = 10
PITFALL_PENALTY = 40
HIT = 0.5
# The sentence classifier spreads probability over eleven classes, so a clear step sentence
# rarely gets above 0.7. Credit rises linearly from FLOOR (nothing) to FULL (whole weight).
FLOOR, FULL = 0.12, 0.55
PITFALL_FLOOR, PITFALL_FULL = 0.3, 0.8


def credit(probability: float, floor: float = FLOOR, full: float = FULL) -> float:
    return float(np.clip((probability - floor) / (full - floor), 0.0, 1.0))


@dataclass(frozen=True)
class ReplyScore:
    score: int
    category: str
    objection_id: str
    steps: dict[str, float]
    pitfalls: dict[str, float]
    on_concern: float
    feedback: list[str]
    tip: str
    model_rebuttal: Rebuttal


class ReplyScorer:
    def __init__(self, library: Library, cache: EmbeddingCache, previous: "ReplyScorer | None" = None):
        """`previous`: the scorer this one replaces; its sentence classifier is kept when it would
        be fitted on the same examples with the same model (a phrasing edit changes neither)."""
        if library.coaching is None:
            raise ValueError("scoring replies needs playbooks/coaching.yaml")
        self.library = library
        self.cache = cache
        self.framework = next(iter(library.frameworks.values()))
        self.step_keys = self.framework.step_keys
        texts, labels = self._anchors()
        self._fitted_on = (cache.embedder.name, texts, labels)
        if previous is not None and previous._fitted_on == self._fitted_on:
            self.classifier = previous.classifier
        else:
            self.classifier = self._fit(cache.embed(texts), labels)
        self.classes = list(self.classifier.classes_)
        self.pitfall_keys = [p.key for p in library.coaching.pitfalls]
        self._rebuttal_texts, self._rebuttal_owner = self._rebuttal_sentences()
        self._rebuttal_vectors = cache.embed(self._rebuttal_texts)
        self._whole_rebuttals = self._whole_rebuttal_vectors()  # scoring a reply then embeds only the reply

    @staticmethod
    def _fit(vectors: np.ndarray, labels: list[str]):
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(vectors, labels)

    def _anchors(self) -> tuple[list[str], list[str]]:
        coaching = self.library.coaching
        pairs: dict[str, str] = {}
        for step in self.framework.steps:
            pairs.update((t, step.key) for t in step.examples)
        for objection in self.library.objections.values():
            for rebuttal in objection.rebuttals:
                for key, text in rebuttal.steps.items():
                    pairs.update((s, key) for s in split_sentences(text))
        for step in coaching.steps:
            pairs.update((t, step.key) for t in step.examples)
        for pitfall in coaching.pitfalls:
            pairs.update((t, pitfall.key) for t in pitfall.examples)
        pairs.update((t, NEUTRAL) for t in coaching.neutral)
        return list(pairs), list(pairs.values())

    def _rebuttal_sentences(self) -> tuple[list[str], list[str]]:
        texts, owners = [], []
        for objection in self.library.objections.values():
            for text in [*objection.texts[:5], *(t for r in objection.rebuttals for t in r.steps.values())]:
                texts.append(text)
                owners.append(self.library.category_of[objection.id])
        return texts, owners

    def _whole_rebuttal_vectors(self) -> dict[str, np.ndarray]:
        """Each objection's rebuttals, every one as one text, for picking the model rebuttal."""
        owners = [(o.id, " ".join(r.steps.values())) for o in self.library.objections.values() for r in o.rebuttals]
        vectors = self.cache.embed([text for _, text in owners])
        by_objection: dict[str, list[np.ndarray]] = {}
        for (objection_id, _), vector in zip(owners, vectors, strict=True):
            by_objection.setdefault(objection_id, []).append(vector)
        return {objection_id: np.stack(rows) for objection_id, rows in by_objection.items()}

    def reply_vectors(self, reply: str) -> np.ndarray:
        """The embedded sentences of a reply, as `score` judges them."""
        return self.cache.embedder.encode(split_sentences(reply))

    def score(self, objection: Objection, reply: str, *, vectors: np.ndarray | None = None) -> ReplyScore:
        sentences = split_sentences(reply)
        vectors = self.reply_vectors(reply) if vectors is None else vectors
        probabilities = self.classifier.predict_proba(vectors)
        column = {c: i for i, c in enumerate(self.classes)}
        steps = {}
        for key in self.step_keys:
            per_sentence = probabilities[:, column[key]].copy()
            if key == "ask":  # an exploring question is a question
                per_sentence *= [1.0 if is_question(s) else 0.4 for s in sentences]
            steps[key] = round(credit(float(per_sentence.max())), 3)
        pitfalls = {k: round(credit(float(probabilities[:, column[k]].max()), PITFALL_FLOOR, PITFALL_FULL), 3)
                    for k in self.pitfall_keys}
        category = self.library.category_of[objection.id]
        on_concern = self._on_concern(vectors, category)
        points = sum(STEP_WEIGHTS.get(k, 0) * v for k, v in steps.items()) + ON_CONCERN_WEIGHT * on_concern
        worst = max(pitfalls.values(), default=0.0)
        points -= PITFALL_PENALTY * worst
        feedback, tip = self._coach(steps, pitfalls)
        return ReplyScore(
            score=int(round(min(100, max(0, points)))), category=category, objection_id=objection.id,
            steps=steps, pitfalls=pitfalls, on_concern=round(on_concern, 3), feedback=feedback, tip=tip,
            model_rebuttal=self._closest_rebuttal(objection, vectors),
        )

    def _on_concern(self, vectors: np.ndarray, category: str) -> float:
        """1 when the reply is nearer this category's rebuttals than any other category's."""
        sims = vectors @ self._rebuttal_vectors.T
        best = sims.max(axis=0)
        owners = np.array(self._rebuttal_owner)
        own = float(best[owners == category].max())
        other = float(best[owners != category].max()) if (owners != category).any() else 0.0
        return float(np.clip((own - other) / 0.2 + 0.5, 0.0, 1.0))

    def _closest_rebuttal(self, objection: Objection, vectors: np.ndarray) -> Rebuttal:
        sims = self._whole_rebuttals[objection.id] @ vectors.mean(axis=0)
        return objection.rebuttals[int(np.argmax(sims))]

    def _coach(self, steps: dict[str, float], pitfalls: dict[str, float]) -> tuple[list[str], str]:
        coaching = {s.key: s for s in self.library.coaching.steps}
        titles = {s.key: s.title for s in self.framework.steps}
        feedback = [f"{titles[k]}: {coaching[k].praise}" for k, v in steps.items() if v >= HIT and k in coaching]
        missed = [k for k, v in steps.items() if v < HIT and k in coaching]
        feedback += [f"Missing {titles[k].lower()}: {coaching[k].tip}" for k in missed]
        fallen = [p for p in self.library.coaching.pitfalls if pitfalls.get(p.key, 0) >= HIT]
        feedback += [f"Watch out, {p.title.lower()}: {p.tip}" for p in fallen]
        if fallen:
            tip = fallen[0].tip
        elif missed:
            tip = coaching[max(missed, key=lambda k: STEP_WEIGHTS.get(k, 0) * (1 - steps[k]))].tip  # most points lost
        else:
            tip = "Strong reply. Keep the next step specific: a day, a time and who joins."
        return feedback, tip
