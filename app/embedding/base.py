"""The one interface every embedder implements."""

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised float32 vectors of a fixed dimension."""

    name: str

    @property
    def dim(self) -> int:
        """The vectors' length (read-only: implementations compute it or fix it at construction)."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape (len(texts), dim); rows have unit length."""
        ...


class TunableEmbedder(Embedder, Protocol):
    """An embedder that can load the same kind of model from another folder (a tuned copy)."""

    def at(self, path: Path, name: str) -> "TunableEmbedder":
        ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
