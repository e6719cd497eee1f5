"""A FAISS inner-product index over unit vectors, saved beside a note of what it was built from."""

import json
from functools import cached_property
from pathlib import Path

import faiss
import numpy as np

from app.atomic import atomic_write_bytes, atomic_write_text


class VectorIndex:
    def __init__(self, index: faiss.Index, fingerprint: str):
        self.index = index
        self.fingerprint = fingerprint

    @property
    def dim(self) -> int:
        return self.index.d

    @property
    def size(self) -> int:
        return self.index.ntotal

    @classmethod
    def build(cls, vectors: np.ndarray, fingerprint: str) -> "VectorIndex":
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(index, fingerprint)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Cosine similarities and row ids of the k nearest rows, best first, per query."""
        queries = np.ascontiguousarray(queries, dtype=np.float32)
        return self.index.search(queries, min(k, self.size))

    def similarities(self, queries: np.ndarray) -> np.ndarray:
        """Cosine similarity of each query to every row, in row order, shape (queries, size).

        The matcher needs every row's score (it aggregates per category); `search` with
        k = size would also sort them all. A BLAS product over the vectors laid out column-wise
        is the fastest way measured (docs/decisions.md).
        """
        return np.ascontiguousarray(queries, dtype=np.float32) @ self._columns

    @cached_property
    def _columns(self) -> np.ndarray:
        """The stored vectors as a (dim, size) matrix: a row-vector product then reads it in order."""
        flat = self.index.get_xb()  # type: ignore[attr-defined]  # flat indexes only; the stubs lack it
        stored = faiss.rev_swig_ptr(flat, self.size * self.dim).reshape(self.size, self.dim)
        return np.ascontiguousarray(stored.T)

    def save(self, path: Path) -> None:
        path = Path(path)
        atomic_write_bytes(path, faiss.serialize_index(self.index).tobytes())
        meta = {"fingerprint": self.fingerprint, "dim": self.dim, "size": self.size}
        atomic_write_text(path.with_suffix(".json"), json.dumps(meta))

    @classmethod
    def load(cls, path: Path, fingerprint: str, dim: int) -> "VectorIndex | None":
        """The saved index, or None when it is missing, damaged or built from other vectors."""
        path = Path(path)
        try:
            meta = json.loads(path.with_suffix(".json").read_text())
            if meta.get("fingerprint") != fingerprint or meta.get("dim") != dim:
                return None
            index = faiss.deserialize_index(np.frombuffer(path.read_bytes(), dtype=np.uint8))
        except (OSError, ValueError, RuntimeError):
            return None
        if index.d != dim or index.ntotal != meta.get("size"):
            return None
        return cls(index, fingerprint)
