#!/usr/bin/env python
"""Encoder paths for the same tuned model: PyTorch float32, PyTorch int8, ONNX Runtime.

    .venv/bin/python scripts/bench_encoders.py

For each path: single-text encode time, batched sentences per second, and the dev set's
accuracy and rejection with the threshold refitted for that path; then how far vectors and
match scores move against float32. A path is worth offering only if accuracy stays within
1 point: ONNX (the default, OC_ENCODER=onnx) and PyTorch are settings; int8 is measured only.
"""

import statistics
import sys
import time

import numpy as np
from benchlib import ROOT

sys.path.insert(0, str(ROOT))

from app.cli import DEFAULT_DEV_SET  # noqa: E402
from app.embedding.factory import create_embedder  # noqa: E402
from app.embedding.sentence import SentenceTransformerEmbedder  # noqa: E402
from app.library.loader import load_labelled_set  # noqa: E402
from app.live_library import LiveLibrary  # noqa: E402
from app.matching.evaluation import evaluate  # noqa: E402
from app.settings import Settings  # noqa: E402


def measure(kind: str):
    settings = Settings(encoder="torch" if kind == "int8" else kind)
    base = create_embedder(settings)
    if kind == "int8":  # measured here only: not a setting, it costs accuracy
        base = SentenceTransformerEmbedder(settings.model_name, settings.model_path, threads=settings.torch_threads,
                                           int8=True)
    retriever = LiveLibrary(settings.playbooks_dir, settings.embeddings_dir, base, tune=True,
                            tuned_dir=settings.tuned_models_dir).build()  # the tuned model on disk; never tunes
    dev = load_labelled_set(DEFAULT_DEV_SET)
    texts = [u.text for u in dev.in_scope] + [u.text for u in dev.out_of_scope]
    model = retriever.embedder.inner
    model.encode(texts[:8])
    single = []
    for text in texts[:200]:
        started = time.perf_counter()
        model.encode([text])
        single.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    vectors = model.encode(texts * 2)[: len(texts)]
    rate = 2 * len(texts) / (time.perf_counter() - started)
    ours = evaluate(retriever, dev)[0]
    scores = np.array([m.score for r in retriever.match_many(texts, k=1) for m in r.matches])
    return statistics.median(single), rate, ours, retriever.decision.threshold, vectors, scores


def main() -> None:
    results = {}
    for label in ("torch", "int8", "onnx"):
        single, rate, ours, threshold, vectors, scores = results[label] = measure(label)
        print(f"{label:6} encode {single:6.2f} ms/text, batched {rate:5.0f} texts/s; dev: top-1 {ours.accuracy:.1%}, "
              f"best category {ours.category_accuracy:.1%}, rejected {ours.rejection:.1%} (threshold {threshold:.3f})")
    f32 = results["torch"]
    for label in ("int8", "onnx"):
        other = results[label]
        cosines = np.sum(f32[4] * other[4], axis=1)
        moved = np.abs(f32[5] - other[5])
        print(f"{label} vs torch float32: vector cosine mean {cosines.mean():.6f}, min {cosines.min():.6f}; top "
              f"match score moves {moved.mean():.4f} on average, {moved.max():.4f} at most; speed-up single "
              f"{f32[0] / other[0]:.2f}x, batched {other[1] / f32[1]:.2f}x; accuracy change "
              f"{(other[2].accuracy - f32[2].accuracy) * 100:+.1f} points")


if __name__ == "__main__":
    main()
