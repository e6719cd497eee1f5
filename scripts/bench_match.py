#!/usr/bin/env python
"""Warm start and per-request overhead of /api/match, with the model's own encode time beside them.

Run after one normal start (so embeddings/ holds the cache and tuned model):
    .venv/bin/python scripts/bench_match.py [--requests 200]
Prints: process start to first answer, the bare model's single-text encode time, the
/api/match latency in process (no HTTP; back to back, and with a pause before each call as
requests have), and over HTTP taken in turns with a bare encode of the same text in this
process (see `benchlib.in_turns_with_bare_model`), with the overhead and ratio, and the floor
under it: a GET /healthz taken the same way.
"""

import argparse
import statistics
import sys
import time

from benchlib import ROOT, free_port, in_turns_with_bare_model, start_server, stop

sys.path.insert(0, str(ROOT))

SAMPLES = ["we just don't have the money for this right now", "who even are you guys?",
           "send me something by email", "sure, tell me more", "we're tied into a deal with Corvane",
           "that number made me wince", "I'd have to run it past my boss", "busy, call me later"]


def median_ms(fn, n: int, pause_s: float = 0.0, tag: str = "take") -> float:
    times = []
    for i in range(n):
        time.sleep(pause_s)
        t = time.perf_counter()
        fn(f"{SAMPLES[i % len(SAMPLES)]} ({tag} {i})")  # unique, so the query cache never answers
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from app.cli import command_line_settings, live_library_for
    from app.main import use_one_blas_thread

    use_one_blas_thread()  # as the server does, so the in-process figures match its setup
    retriever = live_library_for(command_line_settings(), retune=False).current
    embedder = retriever.embedder.inner  # the bare model, without batching or the query cache
    port = free_port()
    server, warm = start_server(port)
    try:
        texts = [f"{SAMPLES[i % len(SAMPLES)]} (take {i})" for i in range(args.requests)]  # new text, no cache hits
        requests, encodes = in_turns_with_bare_model(port, embedder, texts)
        floor, _ = in_turns_with_bare_model(port, embedder, texts, "GET", "/healthz")
    finally:
        stop(server)
    http_ms, turn_encode = statistics.median(requests), statistics.median(encodes)

    for text in SAMPLES:  # warm up
        retriever.match(text, 3)
    encode = median_ms(lambda t: embedder.encode([t]), args.requests)
    match = median_ms(lambda t: retriever.match(t, 3), args.requests)
    paced_encode = median_ms(lambda t: embedder.encode([t]), args.requests, pause_s=0.005, tag="paced")
    paced_match = median_ms(lambda t: retriever.match(t, 3), args.requests, pause_s=0.005, tag="paced")
    print(f"warm start, process start to first /api/match answer: {warm:.2f} s (target < 10 s)")
    print(f"bare model encode, one text, back to back, median of {args.requests}: {encode:.2f} ms")
    print(f"retriever.match in process, back to back: {match:.2f} ms  (+{match - encode:.2f} ms over encode)")
    print(f"the same with a 5 ms pause before each call: encode {paced_encode:.2f} ms, "
          f"match {paced_match:.2f} ms (+{paced_match - paced_encode:.2f} ms)")
    print(f"POST /api/match over loopback, in turns with a bare encode: request {http_ms:.2f} ms, "
          f"encode {turn_encode:.2f} ms: +{http_ms - turn_encode:.2f} ms (target +3 ms), "
          f"ratio {http_ms / turn_encode:.2f}")
    print(f"the request against the back-to-back encode: +{http_ms - encode:.2f} ms, ratio {http_ms / encode:.2f}")
    print(f"HTTP floor: GET /healthz (no body, no model, no thread hop) in the same turns: "
          f"{statistics.median(floor):.2f} ms")


if __name__ == "__main__":
    main()
