"""Tune in a process of its own: `python -m app.embedding.tuning_worker JOB.json [--niceness N] [--threads N]`.

Progress goes to stdout, one JSON object a line. SIGTERM, or the parent going away (its end
of stdin closes), stops the run between two steps, and nothing is saved. The service runs it
at a lower priority (a niceness), so it keeps answering first.
"""

import argparse
import json
import logging
import os
import signal
import sys
import threading
from dataclasses import asdict
from pathlib import Path

from app.embedding.tuned import TuningJob
from app.embedding.tuning import Progress, TuningPlan, TuningStopped, tune_model

STOPPED = 3  # exit status of a run that was asked to stop


def write_job(job: TuningJob, path: Path) -> None:
    data = {**asdict(job), "base_path": job.base_path and str(job.base_path), "out_dir": str(job.out_dir)}
    Path(path).write_text(json.dumps(data))


def read_job(path: Path) -> TuningJob:
    data = json.loads(Path(path).read_text())
    return TuningJob(base_path=data["base_path"] and Path(data["base_path"]), texts=data["texts"],
                     labels=data["labels"], out_dir=Path(data["out_dir"]), fingerprint=data["fingerprint"],
                     plan=TuningPlan(**data["plan"]))


def _stop_when_parent_leaves(stop: threading.Event) -> None:
    sys.stdin.read()  # returns at end of file: the parent closed the pipe or died
    stop.set()


def _report(progress: Progress) -> None:
    print(json.dumps(asdict(progress)), flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tuning_worker")
    parser.add_argument("job", type=Path)
    parser.add_argument("--niceness", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.nice(args.niceness)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=_stop_when_parent_leaves, args=(stop,), daemon=True).start()
    job = read_job(args.job)
    import torch

    torch.set_num_threads(args.threads)
    if job.base_path is None:
        raise SystemExit(f"{args.job}: a tuning job needs the base model's folder")
    try:
        tune_model(job.base_path, job.texts, job.labels, job.out_dir, job.fingerprint, job.plan,
                   progress=_report, should_stop=stop.is_set, export_onnx=True)
    except TuningStopped:
        logging.getLogger(__name__).info("tuning stopped before it finished; nothing saved")
        return STOPPED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
