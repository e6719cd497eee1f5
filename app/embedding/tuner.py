"""Who runs a tuning job: the `Tuner` interface, and the real one, a separate process.

A process of its own can be stopped at any moment and does not hold the server's GIL while
it trains; the server only reads its progress lines.
"""

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.embedding.tuned import TuningJob
from app.embedding.tuning import Progress, TuningStopped, tuned_fingerprint
from app.embedding.tuning_worker import write_job

log = logging.getLogger(__name__)
PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder holding `app`


class TuningFailed(Exception):
    """The tuning run ended without a model; the message says how."""


class Tuner(Protocol):
    def run(self, job: TuningJob, progress: Callable[[Progress], None]) -> None:
        """Tune and leave a complete model in `job.out_dir`; raises TuningStopped or TuningFailed."""
        ...

    def stop(self) -> None:
        """Stop a run under way (it raises TuningStopped) and refuse new ones; safe from any thread."""
        ...


class ProcessTuner:
    """Runs `app.embedding.tuning_worker` as a child process and stops it with SIGTERM, then SIGKILL.

    `niceness` lowers the process's priority: the service passes 10 so requests come first;
    a test run or build step that waits for the model passes 0. One thread by default: more
    threads contend on a shared machine (docs/decisions.md, "One thread for tuning").
    """

    def __init__(self, *, niceness: int = 0, threads: int = 1, grace_seconds: float = 10.0,
                 worker: str = "app.embedding.tuning_worker"):
        self.niceness = niceness
        self.threads = threads
        self.grace_seconds = grace_seconds
        self.worker = worker
        self._process: subprocess.Popen | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    def run(self, job: TuningJob, progress: Callable[[Progress], None]) -> None:
        job_file = job.out_dir.with_name(job.out_dir.name + ".job.json")
        job_file.parent.mkdir(parents=True, exist_ok=True)
        write_job(job, job_file)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PACKAGE_ROOT),
                                                                          os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", self.worker, str(job_file), "--niceness", str(self.niceness),
                   "--threads", str(self.threads)]
        try:
            with self._lock:
                if self._stopped.is_set():
                    raise TuningStopped()
                self._process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                 text=True)
            assert self._process.stdout is not None  # opened with stdout=PIPE
            for line in self._process.stdout:
                try:
                    progress(Progress(**json.loads(line)))
                except (ValueError, TypeError):
                    log.info("tuning: %s", line.rstrip())
            code = self._process.wait()
        finally:
            job_file.unlink(missing_ok=True)
            if self._process and self._process.stdin:
                self._process.stdin.close()
        if self._stopped.is_set():
            raise TuningStopped()
        if code != 0:
            raise TuningFailed(f"the tuning process exited with status {code}; its log is the service's log")
        if tuned_fingerprint(job.out_dir) != job.fingerprint:
            raise TuningFailed(f"the tuning process finished but left no model in {job.out_dir}")

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(self.grace_seconds)
        except subprocess.TimeoutExpired:
            log.warning("tuning did not stop within %.0f s; killing it", self.grace_seconds)
            process.kill()
            process.wait()
