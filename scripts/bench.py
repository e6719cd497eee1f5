#!/usr/bin/env python
"""Serving benchmark: /api/match and /api/score under 1, 8, 32 and 128 concurrent clients.

    .venv/bin/python scripts/bench.py [--requests 400] [--seconds 30]

Starts the real server (uvicorn, one worker) on a free loopback port, drives it from this
second process with asyncio clients on lean keep-alive connections (`benchlib.LoopbackClient`;
each level bounded by a request count and a time limit), then measures the bare model in this
process: single-text encode time and batched sentences per second. Prints latency percentiles,
throughput, the server's RSS and the ratios:
  one match request / a bare encode of the same text, taken in turns so both see the same
    conditions (`benchlib.in_turns_with_bare_model`)  (target within 1.3x)
  match throughput at 32 clients / bare batched rate         (target at least 60%)
  server RSS                                                   (target under 800 MB)
"""

import argparse
import asyncio
import itertools
import statistics
import sys
import time

from benchlib import (
    ROOT,
    LoopbackClient,
    bare_embedder,
    free_port,
    in_turns_with_bare_model,
    percentiles,
    start_server,
    stop,
)

sys.path.insert(0, str(ROOT))

UTTERANCES = [
    "we just don't have the money for this right now", "who even are you guys?", "send me something by email",
    "sure, tell me more", "we're tied into a deal with Corvane until March", "that number made me wince",
    "I'd have to run it past my boss", "busy, call me later", "Pinegrove quoted us half of that",
    "our team is swamped with the migration this quarter", "we built our own tool for that years ago",
    "honestly the spreadsheet works fine for us",
]
REPLY = ("I hear you, that's fair. Can I ask what's behind it? A team your size saved ten hours a week. "
         "Could we take fifteen minutes Thursday at ten?")
LEVELS = (1, 8, 32, 128)
TEXT_NUMBERS = itertools.count(0, 100_000)  # where each level's numbering of its texts starts


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def drive(port: int, path: str, body_for, clients: int, requests: int, seconds: float) -> tuple[list, float, int]:
    """Run `clients` concurrent connections until `requests` are done or `seconds` pass."""
    counter = itertools.count()
    latencies, errors = [], 0
    first_text = next(TEXT_NUMBERS)  # every request of the run sends new text, so the query cache never answers
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal errors
        connection = LoopbackClient(port)
        try:
            while time.perf_counter() < deadline and (n := next(counter)) < requests:
                started = time.perf_counter()
                status, _ = await connection.request("POST", path, body_for(first_text + n))
                latencies.append((time.perf_counter() - started) * 1000)
                errors += status >= 500
        finally:
            await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, len(latencies) / (time.perf_counter() - started), errors


def bare_model_figures(embedder) -> tuple[float, float]:
    """Single-text encode median (ms), back to back, and batched sentences per second."""
    embedder.encode(UTTERANCES)
    single = []
    for n in range(200):
        started = time.perf_counter()
        embedder.encode([f"{UTTERANCES[n % len(UTTERANCES)]} {n}"])
        single.append((time.perf_counter() - started) * 1000)
    batch = [f"{u} {n}" for n in range(40) for u in UTTERANCES]
    started = time.perf_counter()
    embedder.encode(batch)
    return statistics.median(single), len(batch) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400, help="requests per level and endpoint")
    parser.add_argument("--seconds", type=float, default=30, help="time limit per level and endpoint")
    args = parser.parse_args()
    embedder = bare_embedder()
    port = free_port()
    server, warm = start_server(port)
    results = {}
    try:
        for path, body_for in [
            ("/api/match", lambda n: {"text": f"{UTTERANCES[n % len(UTTERANCES)]} ({n})"}),
            ("/api/score", lambda n: {"objection": UTTERANCES[n % len(UTTERANCES)], "reply": f"{REPLY} ({n})"}),
        ]:
            for clients in LEVELS:
                latencies, throughput, errors = asyncio.run(
                    drive(port, path, body_for, clients, args.requests, args.seconds))
                results[(path, clients)] = (statistics.median(latencies), throughput)
                print(f"{path:11} {clients:4} clients: {percentiles(latencies)}, {throughput:6.1f} req/s, "
                      f"{errors} errors")
        memory = rss_mb(server.pid)
        texts = [f"{UTTERANCES[n % len(UTTERANCES)]} (in turns {n})" for n in range(min(args.requests, 200))]
        requests, encodes = in_turns_with_bare_model(port, embedder, texts)
    finally:
        stop(server)
    single_ms, batched_rate = bare_model_figures(embedder)
    print(f"warm start {warm:.1f} s; server RSS after the run {memory:.0f} MB (target < 800 MB)")
    print(f"bare model: single-text encode {single_ms:.2f} ms, batched {batched_rate:.0f} sentences/s")
    print(f"match p50 at 1 client / bare encode back to back: {results[('/api/match', 1)][0] / single_ms:.2f}x "
          f"(not like for like: the bare loop keeps the model in cache, and the load client adds its own time)")
    print(f"one match request / bare encode of the same text, taken in turns: {statistics.median(requests):.1f} / "
          f"{statistics.median(encodes):.1f} ms = {statistics.median(requests) / statistics.median(encodes):.2f}x "
          f"(target <= 1.3x)")
    print(f"match throughput at 32 clients / bare batched rate: "
          f"{results[('/api/match', 32)][1] / batched_rate:.0%} (target >= 60%)")


if __name__ == "__main__":
    main()
