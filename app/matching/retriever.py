"""The matcher: embeds a query, searches the FAISS index and decides, with a calibrated confidence."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from app.embedding import EmbeddingCache
from app.library import Library
from app.library.corpus import NOT_AN_OBJECTION, CorpusEntry, build_corpus
from app.matching.decision import DecisionRule, Evidence, asks_a_question, fit_decision
from app.matching.lexical import LexicalIndex
from app.matching.scoring import Segments
from app.vector_index import VectorIndex


@dataclass(frozen=True)
class ObjectionMatch:
    category: str
    objection_id: str
    phrasing: str  # the library phrasing closest to the query
    score: float  # cosine similarity of that phrasing to the query


@dataclass(frozen=True)
class MatchResult:
    confident: bool
    confidence: float
    category: str | None
    matches: list[ObjectionMatch]


class Retriever:
    """Joins the library, the embedder (through its cache), the FAISS index and the decision rule."""

    def __init__(self, library: Library, cache: EmbeddingCache, index: VectorIndex,
                 corpus: list[CorpusEntry], decision: DecisionRule | None = None):
        self.library = library
        self.cache = cache
        self.embedder = cache.embedder
        self.index = index
        self.corpus = corpus
        # build_corpus lays the corpus out category by category, objection by objection, then
        # the non-objections, so every group below is one slice of a similarity row
        self._classes = Segments([entry.category for entry in corpus])
        self.categories = [name for name in self._classes.names if name != NOT_AN_OBJECTION]
        self._objections = Segments([entry.objection_id or NOT_AN_OBJECTION for entry in corpus])
        self._objection_count = len(library.objections)  # the objection groups come first
        self._objection_group = {name: group for group, name in enumerate(self._objections.names)}
        self._objection_category = [library.category_of[name]
                                    for name in self._objections.names[:self._objection_count]]
        self.decision = decision or self._fit_decision()

    @cached_property
    def lexical(self) -> LexicalIndex:
        """BM25 over the corpus, for the baseline `eval` prints; built on first use, not per reload."""
        return LexicalIndex([entry.text for entry in self.corpus])

    @classmethod
    def build(cls, library: Library, cache: EmbeddingCache, index_path: Path) -> "Retriever":
        """Embed what changed, reuse the saved FAISS index when it still matches, fit the decision."""
        corpus = build_corpus(library)
        texts = [entry.text for entry in corpus]
        fingerprint = _vectors_fingerprint(cache.embedder.name, texts)
        index = VectorIndex.load(index_path, fingerprint, cache.embedder.dim)
        if index is None:
            index = VectorIndex.build(cache.embed(texts), fingerprint)
            index.save(index_path)
        return cls(library, cache, index, corpus)

    def _fit_decision(self) -> DecisionRule:
        calibration = self.library.calibration
        if calibration is None:
            raise ValueError("the playbooks need a calibration.yaml to fit the match threshold")
        texts = [u.text for u in calibration.in_scope] + [u.text for u in calibration.out_of_scope]
        in_scope = np.arange(len(texts)) < len(calibration.in_scope)
        return fit_decision(self.evidence(self.cache.embed(texts), texts), in_scope)

    def similarities(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine similarity of each query to every corpus entry, from the FAISS index."""
        return self.index.similarities(vectors)

    def evidence(self, vectors: np.ndarray, texts: Sequence[str], sims: np.ndarray | None = None) -> Evidence:
        """The evidence about `texts`, whose embeddings are `vectors`."""
        sims = self.similarities(vectors) if sims is None else sims
        scores = self._classes.top_mean(sims)
        categories = len(self.categories)
        none = scores[:, categories] if scores.shape[1] > categories else np.zeros(len(scores), dtype=np.float32)
        return Evidence(category_scores=scores[:, :categories], none_scores=none, questions=asks_a_question(texts))

    def match(self, text: str, k: int = 3) -> MatchResult:
        return self.match_many([text], k)[0]

    def match_many(self, texts: Sequence[str], k: int = 3, vectors: np.ndarray | None = None) -> list[MatchResult]:
        vectors = self.embedder.encode(list(texts)) if vectors is None else vectors
        sims = self.similarities(vectors)
        evidence = self.evidence(vectors, texts, sims)
        probabilities = self.decision.probability(evidence)
        results = []
        for row, probability in enumerate(probabilities):
            best_category = self.categories[int(evidence.category_scores[row].argmax())]
            confident = bool(probability >= self.decision.threshold)
            results.append(MatchResult(
                confident=confident,
                confidence=round(float(probability), 4),
                category=best_category if confident else None,
                matches=self._ranked_objections(sims[row], best_category, k),
            ))
        return results

    def objection_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Corpus rows that are objection phrasings (not negatives), and their vectors from the index."""
        rows = np.flatnonzero([entry.category != NOT_AN_OBJECTION for entry in self.corpus])
        return rows, np.stack([self.index.index.reconstruct(int(i)) for i in rows])

    def objection_in_category(self, text: str, category: str) -> str:
        """The objection of `category` whose phrasings are closest to `text`."""
        best = self._objections.best(self.similarities(self.embedder.encode([text]))[0])
        candidates = [oid for oid, slug in self.library.category_of.items() if slug == category]
        return max(candidates, key=lambda oid: float(best[self._objection_group[oid]]))

    def _ranked_objections(self, sims: np.ndarray, best_category: str, k: int) -> list[ObjectionMatch]:
        """Objections by their closest phrasing; the decided category's best one leads."""
        scores = self._objections.best(sims)[:self._objection_count]
        order = np.argsort(-scores, kind="stable")
        lead = next((i for i in order if self._objection_category[i] == best_category), order[0])
        picked = [lead, *(i for i in order[:k] if i != lead)][:k]
        return [ObjectionMatch(self._objection_category[i], self._objections.names[i],
                               self.corpus[self._objections.best_column(sims, i)].text, round(float(scores[i]), 4))
                for i in picked]


def _vectors_fingerprint(model_name: str, texts: Sequence[str]) -> str:
    digest = hashlib.sha256(model_name.encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()[:16]
