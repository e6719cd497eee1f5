"""Group concurrent query encodes into one model call, and remember recent queries.

Requests run in worker threads. When the model is idle, a request encodes its text right
away in its own thread (no hand-off, so a lone request pays nothing for batching). Otherwise
it queues for one model worker: while the model is busy the queue fills, and the worker takes
everything waiting (up to `max_batch`) as one batch, which is much cheaper per text on CPU.
A `window` above zero holds each batch open that long for late joiners (and turns the idle
shortcut off). Repeated texts skip the model.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future
from queue import Empty, SimpleQueue

import numpy as np

from app.embedding.base import Embedder


class BatchingEncoder:
    def __init__(self, embedder: Embedder, *, max_batch: int = 32, window_ms: float = 0.0, cache_size: int = 4096):
        self.inner = embedder
        self.name = embedder.name
        self.max_batch = max_batch
        self.window = window_ms / 1000
        self.cache_size = cache_size
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_lock = threading.Lock()
        self._model_lock = threading.Lock()  # one model call at a time, batched or bulk
        self._queue: SimpleQueue[tuple[str, Future]] = SimpleQueue()
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.batches: list[int] = []  # sizes of recent model calls, for the benchmark

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) != 1:  # bulk work (the library itself) goes straight to the model
            with self._model_lock:
                return self.inner.encode(texts)
        text = texts[0]
        with self._recent_lock:
            if text in self._recent:
                self._recent.move_to_end(text)
                return self._recent[text][None, :]
        if not self.window and self._queue.empty() and self._model_lock.acquire(blocking=False):
            try:
                vector = self.inner.encode([text])[0]
            finally:
                self._model_lock.release()
            self._remember({text: vector})
            return vector[None, :]
        future: Future = Future()
        self._ensure_worker()
        self._queue.put((text, future))
        return future.result()[None, :]

    def _ensure_worker(self) -> None:
        with self._start_lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="batching-encoder", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            deadline = time.perf_counter() + self.window
            while len(batch) < self.max_batch:
                try:
                    wait = deadline - time.perf_counter()
                    batch.append(self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait())
                except Empty:
                    break
            self._encode_batch(batch)

    def _encode_batch(self, batch: list[tuple[str, Future]]) -> None:
        unique = list(dict.fromkeys(text for text, _ in batch))
        try:
            with self._model_lock:
                vectors = self.inner.encode(unique)
        except Exception as exc:  # every waiter learns of the failure instead of hanging
            for _, future in batch:
                future.set_exception(exc)
            return
        self.batches = [*self.batches[-999:], len(unique)]
        found = dict(zip(unique, vectors, strict=True))
        self._remember(found)
        for text, future in batch:
            future.set_result(found[text])

    def _remember(self, found: dict[str, np.ndarray]) -> None:
        with self._recent_lock:
            for text, vector in found.items():
                self._recent[text] = vector
                self._recent.move_to_end(text)
            while len(self._recent) > self.cache_size:
                self._recent.popitem(last=False)
