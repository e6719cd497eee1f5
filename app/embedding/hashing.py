"""A tiny deterministic embedder for tests of the plumbing: no model, same interface.

Texts sharing words get similar vectors (hashed bag of words and character trigrams), so
retrieval still behaves sensibly on small hand-made libraries.
"""

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from app.embedding.base import normalise

_WORD = re.compile(r"[a-z0-9']+")


class HashingEmbedder:
    def __init__(self, dim: int = 256, name: str = "hashing-256"):
        self.name = name
        self.dim = dim
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            features = words + [f"#{w[i:i + 3]}" for w in words for i in range(max(len(w) - 2, 1))]
            for feature in features:
                digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
                bucket = int.from_bytes(digest[:4], "little") % self.dim
                sign = 1.0 if digest[4] & 1 else -1.0
                vectors[row, bucket] += sign * (2.0 if not feature.startswith("#") else 1.0)
        vectors[np.all(vectors == 0, axis=1), 0] = 1.0
        return normalise(vectors)

    def at(self, path, name: str) -> "HashingEmbedder":
        """The same embedder under another name: what a test's fake tuner 'tunes' into."""
        return HashingEmbedder(self.dim, name=name)

    @property
    def encoded_texts(self) -> list[str]:
        return [text for call in self.calls for text in call]
