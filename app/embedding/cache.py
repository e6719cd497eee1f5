"""Vectors cached on disk, keyed by model and text, so only new or edited texts are embedded."""

import hashlib
import io
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from app.atomic import atomic_write_bytes
from app.embedding.base import Embedder


def file_slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def vectors_file(directory: Path, embedder_name: str) -> Path:
    """Where one model's vectors are kept in a folder: the cache's file, and the seed's too."""
    return Path(directory) / f"vectors-{file_slug(embedder_name)}.npz"


def text_key(model_name: str, text: str) -> str:
    return hashlib.sha256(f"{model_name}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """Embeds texts through an `Embedder`, remembering every vector it has computed.

    New vectors are written to disk by `save`, once per library build, never by `embed`:
    rewriting the whole file is slow, and no request should wait for it.
    """

    def __init__(self, directory: Path, embedder: Embedder, seed: Mapping[str, np.ndarray] | None = None):
        """`seed`: vectors known before any were computed here (see `seed.py`); the file's own win."""
        self.embedder = embedder
        self.path = vectors_file(directory, embedder.name)
        self._vectors: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._unsaved = False
        self.last_computed: list[str] = []
        self._read()
        for key, vector in (seed or {}).items():
            if key not in self._vectors:
                self._vectors[key] = vector
                self._unsaved = True

    def _read(self) -> None:
        if not self.path.is_file():
            return
        try:
            with np.load(self.path) as stored:
                keys, vectors = stored["keys"], stored["vectors"]
        except (OSError, ValueError, KeyError):
            return  # a damaged cache is only lost time: everything is re-embedded
        if vectors.ndim == 2 and vectors.shape[1] == self.embedder.dim:
            self._vectors = {str(k): v for k, v in zip(keys, vectors, strict=True)}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts` in order; encodes only the ones not seen before."""
        keys = [text_key(self.embedder.name, t) for t in texts]
        with self._lock:
            missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
            self.last_computed = list(missing.values())
            if missing:
                fresh = self.embedder.encode(list(missing.values()))
                self._vectors.update(zip(missing, fresh, strict=True))
                self._unsaved = True
            if not keys:
                return np.zeros((0, self.embedder.dim), dtype=np.float32)
            return np.stack([self._vectors[k] for k in keys]).astype(np.float32)

    def known(self) -> dict[str, np.ndarray]:
        """Every vector held, by text key (what `seed.write_seed` stores)."""
        with self._lock:
            return dict(self._vectors)

    def save(self) -> None:
        """Write the vectors computed since the last save, if any."""
        with self._lock:
            if self._unsaved:
                self._write()
                self._unsaved = False

    def _write(self) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, keys=np.array(list(self._vectors)), vectors=np.stack(list(self._vectors.values())))
        atomic_write_bytes(self.path, buffer.getvalue())
