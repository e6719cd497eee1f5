"""The library the service is serving right now, and the only place that replaces it."""

import logging
import re
import threading
from pathlib import Path

from app.embedding import Embedder, EmbeddingCache
from app.library import LibraryError, load_library
from app.matching.retriever import Retriever

log = logging.getLogger(__name__)


class LiveLibrary:
    """Builds a retriever from the playbooks and swaps a rebuilt one in whole.

    Readers take `current` once per request, so a swap never shows them half a library;
    a library that fails to load never replaces the last good one.
    """

    def __init__(self, playbooks_dir: Path, embeddings_dir: Path, embedder: Embedder):
        self.playbooks_dir = Path(playbooks_dir)
        self.cache = EmbeddingCache(embeddings_dir, embedder)
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", embedder.name)
        self.index_path = Path(embeddings_dir) / f"index-{slug}.faiss"
        self._lock = threading.Lock()
        self._current: Retriever | None = None
        self.last_error: str | None = None

    @property
    def current(self) -> Retriever:
        if self._current is None:
            raise RuntimeError("the library has not been loaded")
        return self._current

    @property
    def loaded(self) -> bool:
        return self._current is not None

    def build(self) -> Retriever:
        """A retriever for the playbooks as they are on disk now; raises `LibraryError` if invalid."""
        return Retriever.build(load_library(self.playbooks_dir), self.cache, self.index_path)

    def load_first(self) -> None:
        """Load at start-up. An invalid library is fatal here: there is no last good one to serve."""
        with self._lock:
            self._current = self.build()

    def reload(self) -> bool:
        """Rebuild and swap in; on an invalid library keep serving the old one and remember why."""
        with self._lock:
            try:
                retriever = self.build()
            except LibraryError as exc:
                self.last_error = str(exc)
                log.error("playbooks not reloaded, still serving the last good library:\n%s", exc)
                return False
            self._current = retriever
            self.last_error = None
            return True
