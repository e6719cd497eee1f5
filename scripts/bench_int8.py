#!/usr/bin/env python
"""The lighter encoder path: int8 dynamic quantisation of the tuned model against float32.

    .venv/bin/python scripts/bench_int8.py

For each path: single-text encode time, batched sentences per second, and the dev set's
accuracy and rejection with the threshold refitted for that path; then how far the vectors
and the match scores move. Offer int8 (OC_ENCODER=int8) only if accuracy stays within 1 point.
"""

import statistics
import sys
import time

import numpy as np
from benchlib import ROOT

sys.path.insert(0, str(ROOT))

from app.cli import DEFAULT_DEV_SET  # noqa: E402
from app.embedding.sentence import SentenceTransformerEmbedder  # noqa: E402
from app.library.loader import load_labelled_set  # noqa: E402
from app.live_library import LiveLibrary  # noqa: E402
from app.matching.evaluation import evaluate  # noqa: E402
from app.settings import Settings  # noqa: E402


def measure(int8: bool):
    settings = Settings()
    base = SentenceTransformerEmbedder(settings.model_name, settings.model_path, threads=settings.torch_threads,
                                       int8=int8)
    retriever = LiveLibrary(settings.playbooks_dir, settings.embeddings_dir, base).build(allow_training=False)
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
    for label, int8 in [("float32", False), ("int8", True)]:
        single, rate, ours, threshold, vectors, scores = results[label] = measure(int8)
        print(f"{label:8} encode {single:6.2f} ms/text, batched {rate:5.0f} texts/s; dev: top-1 {ours.accuracy:.1%}, "
              f"best category {ours.category_accuracy:.1%}, rejected {ours.rejection:.1%} (threshold {threshold:.3f})")
    f32, i8 = results["float32"], results["int8"]
    cosines = np.sum(f32[4] * i8[4], axis=1)
    print(f"int8 vs float32: vector cosine mean {cosines.mean():.4f}, min {cosines.min():.4f}; top match score "
          f"moves by {np.abs(f32[5] - i8[5]).mean():.4f} on average, {np.abs(f32[5] - i8[5]).max():.4f} at most")
    print(f"speed-up: single {f32[0] / i8[0]:.2f}x, batched {i8[1] / f32[1]:.2f}x; accuracy change "
          f"{(i8[2].accuracy - f32[2].accuracy) * 100:+.1f} points")


if __name__ == "__main__":
    main()
