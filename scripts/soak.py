#!/usr/bin/env python
"""Soak: many reps practise coaching sessions at once for a few minutes; nothing may be lost.

    .venv/bin/python scripts/soak.py [--reps 24] [--seconds 180]

Starts the real server on loopback (set OC_DATABASE_URL to soak PostgreSQL instead of the
default SQLite), creates one session per simulated rep, and has every rep reply, start new
attempts when a call ends, and now and then reopen the link, until the time is up. Then it
reads every session back through the review link and checks that each reply the rep got an
answer for is saved, in order. Prints requests, 5xx count, latency and the check's result.
"""

import argparse
import asyncio
import os
import random
import tempfile
import time

import httpx
from benchlib import PERSONA, PRACTICE_REPLIES, free_port, percentiles, start_server, stop

SECRET = "soak-manager-secret"


async def rep(http: httpx.AsyncClient, n: int, deadline: float, stats: dict) -> tuple[str, list[str]]:
    """One rep's whole soak; returns the review token and the replies the server confirmed."""
    rng = random.Random(n)
    created = await http.post("/api/sessions", headers={"X-Manager-Secret": SECRET}, json={
        "title": f"Soak {n}", "rep_name": f"Rep {n}", "persona": PERSONA,
        "difficulty": rng.choice(["easy", "normal", "hard"]), "objections": 3})
    created.raise_for_status()
    token = created.json()["practice_url"].rsplit("/", 1)[1]
    review = created.json()["review_url"].rsplit("/", 1)[1]
    confirmed: list[str] = []
    call = (await http.get(f"/api/practice/{token}")).json()
    while time.perf_counter() < deadline:
        if call["status"] != "active":
            path, body = f"/api/practice/{token}/attempts", None
        elif rng.random() < 0.1:
            path, body = None, None  # reopen the link, as after a closed tab
        else:
            text = f"{rng.choice(PRACTICE_REPLIES)} [{n}-{len(confirmed)}]"
            path, body = f"/api/practice/{token}/replies", {"text": text}
        started = time.perf_counter()
        response = await (http.get(f"/api/practice/{token}") if path is None else http.post(path, json=body))
        stats["latencies"].append((time.perf_counter() - started) * 1000)
        stats["requests"] += 1
        if response.status_code >= 500:
            stats["5xx"] += 1
            continue
        if response.status_code < 400:
            call = response.json()
            if body:
                confirmed.append(body["text"])
    return review, confirmed


async def soak(url: str, reps: int, seconds: float) -> None:
    stats = {"requests": 0, "5xx": 0, "latencies": []}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=reps, max_keepalive_connections=reps)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        outcomes = await asyncio.gather(*(rep(http, n, deadline, stats) for n in range(reps)))
        missing = 0
        saved_total = 0
        for review, confirmed in outcomes:
            data = (await http.get(f"/api/review/{review}")).json()
            saved = [t["text"] for a in data["attempts"] for t in a["turns"] if t["speaker"] == "rep"]
            saved_total += len(saved)
            missing += sum(1 for text in confirmed if text not in saved)
            if [t for t in saved if t in confirmed] != confirmed:
                missing += 1  # present but out of order counts as a loss too
    print(f"{reps} reps for {seconds:.0f} s: {stats['requests']} requests, {stats['5xx']} 5xx, "
          f"{percentiles(stats['latencies'])}")
    print(f"replies confirmed to reps: {sum(len(c) for _, c in outcomes)}; saved: {saved_total}; "
          f"missing or out of order: {missing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=180)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "OC_MANAGER_SECRET": SECRET, "OC_DATA_DIR": data}
        port = free_port()
        server, _ = start_server(port, env)
        try:
            asyncio.run(soak(f"http://127.0.0.1:{port}", args.reps, min(args.seconds, 900)))
        finally:
            stop(server)


if __name__ == "__main__":
    main()
