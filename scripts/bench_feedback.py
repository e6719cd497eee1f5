#!/usr/bin/env python
"""Time from sending a practice reply to having its feedback, against the real server on loopback.

    .venv/bin/python scripts/bench_feedback.py [--replies 100]

Plays calls with alternating good and weak replies (new calls as old ones end) and prints the
latency of POST /api/calls/{id}/replies, which scores the reply, moves the prospect and saves
both turns before answering. Each call's first reply is the rep's opener, which is not scored;
it is sent untimed, so the figures are those of scored replies. Target: feedback within 300 ms.
"""

import argparse
import itertools
import os
import time

import httpx
from benchlib import PERSONA, PRACTICE_REPLIES, free_port, percentiles, start_server, stop

OPENER = "Hi, it's Sam from Relaywork. We help teams stop chasing work through spreadsheets. Got a minute?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replies", type=int, default=100)
    args = parser.parse_args()
    port = free_port()
    # The per-client rate limits would refuse a benchmark's steady stream; latency is what is measured here.
    unlimited = {"OC_LIMIT_SCORING": "100000", "OC_LIMIT_CREATIONS": "100000"}
    server, _ = start_server(port, {**os.environ, **unlimited})
    samples = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            call = None
            for text in itertools.islice(itertools.cycle(PRACTICE_REPLIES), args.replies):
                if call is None or call["status"] != "active":
                    call = http.post(
                        "/api/calls", json={"persona": PERSONA, "difficulty": "hard"}
                    ).raise_for_status().json()
                    opener = http.post(f"/api/calls/{call['id']}/replies", json={"text": OPENER})
                    call = opener.raise_for_status().json()
                started = time.perf_counter()
                call = http.post(f"/api/calls/{call['id']}/replies", json={"text": text}).raise_for_status().json()
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        stop(server)
    print(f"reply feedback latency over loopback: {percentiles(samples)} (target: under 300 ms)")


if __name__ == "__main__":
    main()
