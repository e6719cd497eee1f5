"""The real tuning code and process, on a tiny BERT: progress, a complete model, stopping, its fingerprint."""

import shutil
import threading

import numpy as np
import pytest

from app.embedding.onnx import OnnxEmbedder
from app.embedding.tuned import TunedModels, TuningJob, model_digest
from app.embedding.tuner import ProcessTuner
from app.embedding.tuning import TuningPlan, TuningStopped
from tests.tiny_bert import DIM, write_tiny_bert

WORDS = {"budget": ["no budget", "the budget is gone", "we spent the budget", "money is tight this year"],
         "busy": ["too busy right now", "call me later", "in a meeting", "no time to talk"]}


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory):
    return write_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


def job_for(tiny_bert, tmp_path, **plan) -> TuningJob:
    texts = [f"{text} {n}" for texts in WORDS.values() for text in texts for n in range(4)]
    labels = [label for label, texts in WORDS.items() for _ in texts for _ in range(4)]
    plan = TuningPlan(**{"epochs": 2, "batch_size": 8, "frozen_layers": 1, **plan})
    return TuningJob(tiny_bert, texts, labels, TunedModels(tmp_path / "tuned", "tiny").path_for("f1"), "f1", plan)


def test_the_tuning_process_reports_progress_and_leaves_a_servable_model(tiny_bert, tmp_path):
    job = job_for(tiny_bert, tmp_path)
    seen = []
    ProcessTuner().run(job, progress=seen.append)
    assert [p.step for p in seen] == list(range(1, seen[-1].steps + 1)) and seen[-1].epoch == 2
    assert TunedModels(tmp_path / "tuned", "tiny").complete("f1") == job.out_dir
    assert (job.out_dir / "onnx" / "model.onnx").is_file()  # exported by the tuning process, not the server
    vectors = OnnxEmbedder("tiny", job.out_dir).encode(["no budget 1", "too busy right now 2"])
    assert vectors.shape == (2, DIM) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_stopping_the_tuning_process_saves_nothing(tiny_bert, tmp_path):
    job = job_for(tiny_bert, tmp_path, epochs=10_000)
    tuner, started, outcome = ProcessTuner(grace_seconds=20), threading.Event(), []

    def run():
        try:
            tuner.run(job, progress=lambda _: started.set())
        except TuningStopped:
            outcome.append("stopped")

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(300)  # the process first imports torch
    tuner.stop()
    thread.join(30)
    assert outcome == ["stopped"]
    assert not job.out_dir.exists() and not list(job.out_dir.parent.glob("*.partial"))
    assert tuner._process.returncode == 3  # the worker stopped itself cleanly, it was not killed


def test_the_model_fingerprint_follows_the_content_not_the_folder(tiny_bert, tmp_path):
    moved = shutil.copytree(tiny_bert, tmp_path / "elsewhere")
    assert model_digest(moved) == model_digest(tiny_bert)
    (moved / "config.json").write_text((moved / "config.json").read_text().replace("0.02", "0.03"))
    assert model_digest(moved) != model_digest(tiny_bert)
