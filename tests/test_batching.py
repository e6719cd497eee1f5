"""Concurrent single-text encodes share model calls, give the same vectors, and repeats are remembered."""

import threading

import numpy as np

from app.embedding.batching import BatchingEncoder
from app.embedding.hashing import HashingEmbedder


class SlowEmbedder(HashingEmbedder):
    """Holds each model call a moment, as a real model does, so concurrent requests pile up."""

    def encode(self, texts):
        threading.Event().wait(0.05)
        return super().encode(texts)


def test_concurrent_requests_are_batched_and_match_direct_encoding():
    inner = SlowEmbedder()
    batching = BatchingEncoder(inner, max_batch=16, window_ms=20)
    texts = [f"objection number {n}" for n in range(24)]
    results: dict[str, np.ndarray] = {}

    def ask(text):
        results[text] = batching.encode([text])[0]

    threads = [threading.Thread(target=ask, args=(t,)) for t in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    direct = HashingEmbedder().encode(texts)
    for text, expected in zip(texts, direct, strict=True):
        np.testing.assert_allclose(results[text], expected, rtol=1e-6)
    assert len(inner.calls) < len(texts) and max(batching.batches) > 1


def test_repeated_queries_skip_the_model_and_bulk_goes_straight_through():
    inner = HashingEmbedder()
    batching = BatchingEncoder(inner, cache_size=2)
    batching.encode(["we have no budget"])
    batching.encode(["we have no budget"])
    assert inner.encoded_texts == ["we have no budget"]
    batching.encode(["a", "b", "c"])
    assert inner.calls[-1] == ["a", "b", "c"]
    batching.encode(["x"])
    batching.encode(["y"])
    batching.encode(["we have no budget"])  # pushed out of the two-entry memory, so encoded again
    assert inner.encoded_texts.count("we have no budget") == 2


def test_a_lone_request_is_encoded_in_its_own_thread_without_a_hand_off():
    threads_used = []

    class RecordingEmbedder(HashingEmbedder):
        def encode(self, texts):
            threads_used.append(threading.current_thread())
            return super().encode(texts)

    batching = BatchingEncoder(RecordingEmbedder())
    vector = batching.encode(["we are locked in until March"])
    np.testing.assert_allclose(vector, HashingEmbedder().encode(["we are locked in until March"]), rtol=1e-6)
    assert threads_used == [threading.current_thread()]
