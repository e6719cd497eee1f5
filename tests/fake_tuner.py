"""A tuner for plumbing tests: the same interface as the real one, done in a blink, no model involved."""

import json
import threading

from app.embedding.tuned import TuningJob
from app.embedding.tuning import META_FILE, Progress, TuningStopped


class FakeTuner:
    """Reports a few steps, then leaves a model folder that the hashing embedder 'loads' (by name).

    `gate`, when given, holds the run before its last step until the test sets it.
    """

    def __init__(self, steps: int = 4, step_seconds: float = 0.02, gate: threading.Event | None = None):
        self.steps = steps
        self.step_seconds = step_seconds
        self.gate = gate
        self.jobs: list[TuningJob] = []
        self._stopped = threading.Event()

    def run(self, job: TuningJob, progress) -> None:
        self.jobs.append(job)
        for step in range(1, self.steps + 1):
            if step == self.steps and self.gate:
                while not self.gate.wait(0.05):
                    if self._stopped.is_set():
                        raise TuningStopped()
            if self._stopped.wait(self.step_seconds):
                raise TuningStopped()
            progress(Progress(epoch=1, epochs=1, step=step, steps=self.steps))
        job.out_dir.mkdir(parents=True, exist_ok=True)
        (job.out_dir / META_FILE).write_text(json.dumps({"fingerprint": job.fingerprint}))

    def stop(self) -> None:
        self._stopped.set()
