"""The library the service is serving right now, and the only place that replaces it."""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from app.coaching.scorer import ReplyScorer
from app.embedding import Embedder, EmbeddingCache
from app.embedding.base import TunableEmbedder
from app.embedding.batching import BatchingEncoder
from app.embedding.cache import file_slug
from app.embedding.seed import read_seed
from app.embedding.tuned import TunedModels, TuningJob, model_digest, training_fingerprint
from app.library import Library, LibraryError, load_library
from app.library.corpus import build_corpus
from app.library.last_good import LastGoodLibrary
from app.library.loader import library_fingerprint
from app.matching.retriever import Retriever

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """What one version of the library serves: matching and reply scoring, swapped together."""

    retriever: Retriever
    scorer: ReplyScorer | None
    model: str = "base"  # "base", or the fingerprint of the tuned model serving
    provisional: bool = False  # a model tuned for exactly this library is still to come


class LiveLibrary:
    """Builds a retriever from the playbooks and swaps a rebuilt one in whole.

    Readers take `current` once per request, so a swap never shows them half a library;
    a library that fails to load never replaces the last good one. Building never tunes:
    it serves the model tuned for this library if there is one, else the latest tuned one,
    else the base model, and says the snapshot is provisional (see `background_tuning`).
    """

    def __init__(self, playbooks_dir: Path, embeddings_dir: Path, embedder: Embedder, *, tune: bool = False,
                 tuned_dir: Path | None = None, last_good_dir: Path | None = None, batching: dict | None = None,
                 seed_dir: Path | None = None):
        """`seed_dir`: committed base-model vectors of the shipped playbooks (see `embedding/seed.py`)."""
        self.playbooks_dir = Path(playbooks_dir)
        self.embeddings_dir = Path(embeddings_dir)
        self.base_embedder = embedder
        self.model_name = getattr(embedder, "model_name", embedder.name)
        self.tuned = TunedModels(tuned_dir or self.embeddings_dir / "tuned", self.model_name) if tune else None
        self.last_good = LastGoodLibrary(last_good_dir) if last_good_dir else None
        self.batching = batching or {}  # BatchingEncoder options: max_batch, window_ms, cache_size
        self.seed_dir = seed_dir
        self._caches: dict[str, EmbeddingCache] = {}
        self._tuned_embedders: dict[str, Embedder] = {}
        self._base_digest: str | None = None
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self.last_error: str | None = None
        self.after_reload: Callable[[], None] | None = None  # told when a changed library went live

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
        """The cache of the embedder that serves now."""
        return self.current.cache

    @property
    def index_path(self) -> Path:
        return self._index_path(self.current.embedder)

    def library_and_scorer(self):
        """The library and scorer of one snapshot, read together so a swap cannot split them."""
        snapshot = self.snapshot
        return snapshot.retriever.library, snapshot.scorer

    def load_first(self) -> None:
        """Load at start-up; invalid playbooks fall back to the last good copy, with the error reported."""
        with self._lock:
            try:
                library = load_library(self.playbooks_dir)
            except LibraryError as exc:
                fallback = self.last_good.load() if self.last_good else None
                if fallback is None:
                    raise  # nothing good to serve
                library = fallback
                self.last_error = str(exc)
                log.error("playbooks are invalid; serving the last good library (%s) until they are fixed:\n%s",
                          library.fingerprint, exc)
            self._swap(self._build(library), from_disk=self.last_error is None)

    def build(self) -> Retriever:
        """Load the playbooks as they are on disk now and serve them; raises `LibraryError` if invalid."""
        with self._lock:
            self._swap(self._build(load_library(self.playbooks_dir)), from_disk=True)
            return self.current

    def reload(self) -> bool:
        """Rebuild and swap in; on an invalid library keep serving the old one and remember why."""
        changed = self._reload()
        if changed and self.after_reload:
            self.after_reload()
        return self.last_error is None

    def _reload(self) -> bool:
        """Whether a changed library went live."""
        with self._lock:
            if self.loaded and library_fingerprint(self.playbooks_dir) == self.current.library.fingerprint:
                self.last_error = None
                return False  # e.g. the watcher seeing a save this process already reloaded
            try:
                snapshot = self._build(load_library(self.playbooks_dir))
            except LibraryError as exc:
                self.last_error = str(exc)
                log.error("playbooks not reloaded, still serving the last good library:\n%s", exc)
                return False
            self._swap(snapshot, from_disk=True)
            self.last_error = None
            return True

    def adopt_tuned(self) -> None:
        """Serve the current library again, now with the best tuned model on disk.

        The new model embeds everything before the swap, outside the lock, so reloads are not
        held up; if a reload swapped a newer library in meanwhile, build for that one instead.
        """
        while True:
            library = self.current.library
            snapshot = self._build(library)
            with self._lock:
                if self.current.library is library:
                    self._swap(snapshot, from_disk=False)
                    return

    def tuning_job(self, library: Library | None = None) -> TuningJob | None:
        """What to tune so the library (by default the one serving) gets its own model; None if it has it."""
        if self.tuned is None:
            return None
        library = library or self.current.library
        wanted = self.wanted_model(library)
        if self.tuned.complete(wanted):
            return None
        return self.tuned.job(getattr(self.base_embedder, "path", None), build_corpus(library), wanted)

    @property
    def base_digest(self) -> str:
        """The base model's content digest (its name for an embedder without a model folder)."""
        if self._base_digest is None:
            path = getattr(self.base_embedder, "path", None)
            self._base_digest = model_digest(path) if path else self.base_embedder.name
        return self._base_digest

    def wanted_model(self, library: Library) -> str:
        """The fingerprint of the model tuned for exactly this library."""
        return training_fingerprint(self.model_name, self.base_digest, build_corpus(library))

    def scorer_for(self, retriever: Retriever) -> ReplyScorer | None:
        if retriever.library.coaching is None:
            return None
        previous = self._snapshot.scorer if self._snapshot else None
        return ReplyScorer(retriever.library, retriever.cache, previous=previous)

    def preview(self, playbooks_dir: Path) -> Retriever:
        """A throw-away retriever for another playbook folder, with this library's model and cache."""
        library = load_library(playbooks_dir)
        return Retriever.build(library, self.cache, Path(playbooks_dir) / "preview-index.faiss")

    def _build(self, library: Library) -> Snapshot:
        embedder, model, provisional = self._choose_model(library)
        cache = self._cache_for(embedder)
        retriever = Retriever.build(library, cache, self._index_path(embedder))
        scorer = self.scorer_for(retriever)
        cache.save()
        return Snapshot(retriever, scorer, model, provisional)

    def _choose_model(self, library: Library) -> tuple[Embedder, str, bool]:
        if self.tuned is None:
            return self.base_embedder, "base", False
        wanted = self.wanted_model(library)
        if self.tuned.complete(wanted):
            return self._tuned_embedder(wanted), wanted, False
        latest = self.tuned.latest()
        if latest:
            return self._tuned_embedder(latest), latest, True
        return self.base_embedder, "base", True

    def _tuned_embedder(self, fingerprint: str) -> Embedder:
        if self.tuned is None:
            raise RuntimeError("this library serves the base model; it has no tuned models")
        if fingerprint not in self._tuned_embedders:
            base = cast(TunableEmbedder, self.base_embedder)  # tuning is on only for an embedder with `at`
            self._tuned_embedders[fingerprint] = base.at(
                self.tuned.path_for(fingerprint), f"{self.model_name}-tuned-{fingerprint}")
        return self._tuned_embedders[fingerprint]

    def _swap(self, snapshot: Snapshot, *, from_disk: bool) -> None:
        """Serve `snapshot`; keep a copy of playbooks that loaded; let go of models no longer served."""
        self._snapshot = snapshot
        if from_disk and self.last_good:
            self.last_good.save(self.playbooks_dir, snapshot.retriever.library.fingerprint)
        serving = snapshot.retriever.embedder.name
        for name in [n for n in self._caches if n != serving]:
            del self._caches[name]  # requests still holding the old snapshot keep their own references
        if self.tuned and not snapshot.provisional:
            self.tuned.remove_except(snapshot.model, self.embeddings_dir)
            self._tuned_embedders = {k: v for k, v in self._tuned_embedders.items() if k == snapshot.model}

    def _cache_for(self, embedder: Embedder) -> EmbeddingCache:
        if embedder.name not in self._caches:
            encoder = BatchingEncoder(embedder, **self.batching)
            seed = None
            if self.seed_dir is not None and embedder is self.base_embedder:
                seed = read_seed(self.seed_dir, embedder.name, self.base_digest, embedder.dim)
            self._caches[embedder.name] = EmbeddingCache(self.embeddings_dir, encoder, seed)
        return self._caches[embedder.name]

    def _index_path(self, embedder: Embedder) -> Path:
        return self.embeddings_dir / f"index-{file_slug(embedder.name)}.faiss"
