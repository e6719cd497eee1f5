#!/usr/bin/env python
"""Warm start and per-request overhead of /api/match, with the model's own encode time beside them.

Run after one normal start (so embeddings/ holds the cache and tuned model):
    .venv/bin/python scripts/bench_match.py [--requests 200]
Prints: process start to first answer, the bare model's single-text encode time, the
/api/match latency in-process (no HTTP), over HTTP, and the overhead and ratio between them.
"""

import argparse
import statistics
import sys
import time

import httpx
from benchlib import ROOT, free_port, start_server, stop

sys.path.insert(0, str(ROOT))

SAMPLES = ["we just don't have the money for this right now", "who even are you guys?",
           "send me something by email", "sure, tell me more", "we're tied into a deal with Corvane",
           "that number made me wince", "I'd have to run it past my boss", "busy, call me later"]


def median_ms(fn, n: int) -> float:
    times = []
    for i in range(n):
        t = time.perf_counter()
        fn(f"{SAMPLES[i % len(SAMPLES)]} (take {i})")  # unique, so the query cache never answers
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    port = free_port()
    server, warm = start_server(port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            http_ms = median_ms(lambda t: http.post("/api/match", json={"text": t}).raise_for_status(), args.requests)
    finally:
        stop(server)

    from app.cli import live_library_for
    from app.settings import Settings

    retriever = live_library_for(Settings()).build(allow_training=False)
    embedder = retriever.embedder.inner  # the bare model, without batching or the query cache
    for text in SAMPLES:  # warm up
        retriever.match(text, 3)
    encode = median_ms(lambda t: embedder.encode([t]), args.requests)
    match = median_ms(lambda t: retriever.match(t, 3), args.requests)
    print(f"warm start, process start to first /api/match answer: {warm:.2f} s (target < 10 s)")
    print(f"bare model encode, one text, median of {args.requests}: {encode:.2f} ms")
    print(f"retriever.match in process:    {match:.2f} ms  (+{match - encode:.2f} ms over encode)")
    print(f"POST /api/match over loopback: {http_ms:.2f} ms  (+{http_ms - encode:.2f} ms over encode, "
          f"HTTP client included; target +3 ms)")
    print(f"ratio request / encode: {http_ms / encode:.2f}")


if __name__ == "__main__":
    main()
