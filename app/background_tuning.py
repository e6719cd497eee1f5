"""Tune the model for the served library in the background, then swap the tuned model in.

The service answers from the first second on a provisional model (the base model, or the one
tuned for an earlier library); this worker thread has the tuner build the right one and hands
it to `LiveLibrary.adopt_tuned`, which swaps a whole snapshot in as a reload does. Several
processes sharing one embeddings folder tune once: one holds a file lock, the others wait
for its model.
"""

import fcntl
import logging
import threading
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from app.embedding.tuner import Tuner, TuningFailed
from app.embedding.tuning import Progress, TuningStopped
from app.live_library import LiveLibrary

log = logging.getLogger(__name__)
LOCK_FILE = ".tuning.lock"


@dataclass(frozen=True)
class TuningStatus:
    # off: tuning disabled; idle: the served model is tuned for this library; waiting: another
    # process holds the lock; running; swapping: embedding the library with the new model;
    # failed; stopped: shut down before it finished
    state: str
    model: str  # the model serving now: "base" or a tuned model's fingerprint
    target: str | None = None  # the fingerprint being tuned
    epoch: int | None = None
    epochs: int | None = None
    step: int | None = None
    steps: int | None = None
    seconds: float | None = None  # since this run started
    error: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


class BackgroundTuning:
    def __init__(self, live: LiveLibrary, tuner: Tuner | None, *, poll_seconds: float = 2.0):
        self.live = live
        self.tuner = tuner if live.tuned is not None else None
        self.poll_seconds = poll_seconds
        self._status = TuningStatus("off" if self.tuner is None else "idle", self._served())
        self._started_at = 0.0
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    @property
    def status(self) -> TuningStatus:
        status = replace(self._status, model=self._served())
        if status.state in ("running", "waiting", "swapping"):
            status = replace(status, seconds=round(time.monotonic() - self._started_at, 1))
        return status

    def start(self) -> None:
        """Tune if the served library has no model of its own yet; a run under way picks up later changes."""
        with self._lock:
            if self.tuner is None or self._stopping.is_set() or (self._thread and self._thread.is_alive()):
                return
            if self.live.tuning_job() is None:
                self._status = TuningStatus("idle", self._served())
                return
            self._thread = threading.Thread(target=self._run, name="background-tuning", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> TuningStatus:
        """Block until the current run (if any) has ended; for the command line and tests."""
        thread = self._thread
        if thread:
            thread.join(timeout)
        return self.status

    def stop(self, timeout: float = 15.0) -> None:
        """Stop tuning (the tuner ends its process) and wait for the thread; used at shutdown."""
        self._stopping.set()
        if self.tuner:
            self.tuner.stop()
        if self._thread:
            self._thread.join(timeout)

    def _served(self) -> str:
        return self.live.snapshot.model if self.live.loaded else "base"

    def _run(self) -> None:
        while not self._stopping.is_set():
            job = self.live.tuning_job()
            if job is None:
                self._status = TuningStatus("idle", self._served())
                return
            self._started_at = time.monotonic()
            try:
                self._tune_or_wait(job)
                self._status = TuningStatus("swapping", self._served(), target=job.fingerprint)
                self.live.adopt_tuned()
                log.info("tuned model %s is serving", job.fingerprint)
            except TuningStopped:
                self._status = TuningStatus("stopped", self._served(), target=job.fingerprint)
                return
            except (TuningFailed, OSError) as exc:
                log.error("tuning failed; the provisional model keeps serving: %s", exc)
                self._status = TuningStatus("failed", self._served(), target=job.fingerprint, error=str(exc))
                return
            except Exception as exc:  # the service must outlive any tuning problem
                log.exception("tuning failed")
                self._status = TuningStatus("failed", self._served(), target=job.fingerprint, error=repr(exc))
                return

    def _tune_or_wait(self, job) -> None:
        """Tune under the shared lock; if another process holds it, wait for its model instead."""
        tuned, tuner = self.live.tuned, self.tuner
        if tuned is None or tuner is None:
            raise RuntimeError("background tuning needs a library that tunes and a tuner")
        lock_path = Path(job.out_dir).parent / LOCK_FILE
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with lock_path.open("a") as handle:
            while True:
                if tuned.complete(job.fingerprint):
                    return  # another process tuned it
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    self._status = TuningStatus("waiting", self._served(), target=job.fingerprint)
                    if self._stopping.wait(self.poll_seconds):
                        raise TuningStopped() from None
            try:
                if tuned.complete(job.fingerprint):
                    return
                self._status = TuningStatus("running", self._served(), target=job.fingerprint)
                log.info("tuning the model for this library in the background (%d texts)", len(job.texts))
                tuner.run(job, self._progress(job.fingerprint))
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _progress(self, target: str):
        def report(progress: Progress) -> None:
            self._status = TuningStatus("running", self._served(), target=target, epoch=progress.epoch,
                                        epochs=progress.epochs, step=progress.step, steps=progress.steps)
        return report
