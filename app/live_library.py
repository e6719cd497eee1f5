"""The library the service is serving right now, and the only place that replaces it."""

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from app.coaching.scorer import ReplyScorer
from app.embedding import Embedder, EmbeddingCache
from app.embedding.batching import BatchingEncoder
from app.embedding.cache import file_slug
from app.embedding.sentence import SentenceTransformerEmbedder
from app.embedding.tuned import tuned_embedder
from app.library import Library, LibraryError, load_library
from app.library.loader import library_fingerprint
from app.matching.corpus import build_corpus
from app.matching.retriever import Retriever

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """What one version of the library serves: matching and reply scoring, swapped together."""

    retriever: Retriever
    scorer: ReplyScorer | None


class LiveLibrary:
    """Builds a retriever from the playbooks and swaps a rebuilt one in whole.

    Readers take `current` once per request, so a swap never shows them half a library;
    a library that fails to load never replaces the last good one.
    """

    def __init__(self, playbooks_dir: Path, embeddings_dir: Path, embedder: Embedder, *, tune: bool = True,
                 batching: dict | None = None):
        self.playbooks_dir = Path(playbooks_dir)
        self.embeddings_dir = Path(embeddings_dir)
        self.base_embedder = embedder
        self.tune = tune and isinstance(embedder, SentenceTransformerEmbedder)
        self.batching = batching or {}  # BatchingEncoder options: max_batch, window_ms, cache_size
        self._caches: dict[str, EmbeddingCache] = {}
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self.last_error: str | None = None

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            raise RuntimeError("the library has not been loaded")
        return self._snapshot

    @property
    def current(self) -> Retriever:
        return self.snapshot.retriever

    @property
    def loaded(self) -> bool:
        return self._snapshot is not None

    @property
    def cache(self) -> EmbeddingCache:
        """The cache of the embedder that served the latest build."""
        return self._cache

    @property
    def index_path(self) -> Path:
        return self.embeddings_dir / f"index-{file_slug(self._cache.embedder.name)}.faiss"

    def library_and_scorer(self):
        """The library and scorer of one snapshot, read together so a swap cannot split them."""
        snapshot = self.snapshot
        return snapshot.retriever.library, snapshot.scorer

    def build(self, *, allow_training: bool = True) -> Retriever:
        """A retriever for the playbooks as they are on disk now; raises `LibraryError` if invalid."""
        library = load_library(self.playbooks_dir)
        self._cache = self._cache_for(self._embedder_for(library, allow_training))
        return Retriever.build(library, self._cache, self.index_path)

    def build_snapshot(self, *, allow_training: bool = True) -> Snapshot:
        retriever = self.build(allow_training=allow_training)
        return Snapshot(retriever, self.scorer_for(retriever))

    def scorer_for(self, retriever: Retriever) -> ReplyScorer | None:
        if retriever.library.coaching is None:
            return None
        return ReplyScorer(retriever.library, retriever.cache)

    def preview(self, playbooks_dir: Path) -> Retriever:
        """A throw-away retriever for another playbook folder, with this library's model and cache."""
        library = load_library(playbooks_dir)
        return Retriever.build(library, self.cache, Path(playbooks_dir) / "preview-index.faiss")

    def _embedder_for(self, library: Library, allow_training: bool) -> Embedder:
        if not self.tune:
            return self.base_embedder
        return tuned_embedder(self.base_embedder, build_corpus(library), self.embeddings_dir,
                              allow_training=allow_training)

    def _cache_for(self, embedder: Embedder) -> EmbeddingCache:
        if embedder.name not in self._caches:
            self._caches[embedder.name] = EmbeddingCache(self.embeddings_dir, BatchingEncoder(embedder, **self.batching))
        return self._caches[embedder.name]

    def load_first(self) -> None:
        """Load at start-up. An invalid library is fatal here: there is no last good one to serve."""
        with self._lock:
            self._snapshot = self.build_snapshot()

    def reload(self) -> bool:
        """Rebuild and swap in; on an invalid library keep serving the old one and remember why."""
        with self._lock:
            if self.loaded and library_fingerprint(self.playbooks_dir) == self.current.library.fingerprint:
                self.last_error = None
                return True  # e.g. the watcher seeing a save this process already reloaded
            try:
                snapshot = self.build_snapshot(allow_training=False)
            except LibraryError as exc:
                self.last_error = str(exc)
                log.error("playbooks not reloaded, still serving the last good library:\n%s", exc)
                return False
            self._snapshot = snapshot
            self.last_error = None
            return True
