#!/usr/bin/env python
"""First start and restart, as `scripts/run.sh` starts the service, from an empty embeddings folder.

    .venv/bin/python scripts/bench_start.py [--no-wait]

1. First start: nothing tuned or cached. Prints the seconds until /healthz answers, until
   /api/match gives a confident answer, and (unless --no-wait) until the tuned model serves,
   while a client keeps asking /api/match across the swap and counts failed answers.
2. Restart after an edit: one phrasing changed in a copy of the playbooks. Prints the seconds
   until /healthz answers (the last tuned model serves, the new one is tuned in the background)
   and how long SIGTERM takes to stop the server while it tunes.
"""

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from benchlib import ROOT, SERVER_FLAGS, free_port

CONFIDENT = "we have no budget for this right now"


def start(env: dict[str, str]) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([str(ROOT / ".venv/bin/uvicorn"), "app.main:app", "--port", str(port), *SERVER_FLAGS],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}", started


def seconds_until(check, started: float, server: subprocess.Popen, timeout: float = 1800) -> float:
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            if check():
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"not within {timeout:.0f} s")


def healthy(url: str) -> bool:
    return httpx.get(f"{url}/healthz", timeout=5).status_code == 200


def confident(url: str) -> bool:
    answer = httpx.post(f"{url}/api/match", json={"text": CONFIDENT}, timeout=5).json()
    return answer["confident"] and answer["category"] == "budget"


def tuned(url: str) -> bool:
    return httpx.get(f"{url}/healthz", timeout=5).json()["tuning"]["provisional"] is False


def stop_seconds(server: subprocess.Popen) -> float:
    asked = time.perf_counter()
    server.send_signal(signal.SIGTERM)
    server.wait(60)
    return time.perf_counter() - asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-wait", action="store_true", help="do not wait for the tuned model")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-start-"))
    playbooks = work / "playbooks"
    shutil.copytree(ROOT / "playbooks", playbooks)
    env = {"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "OC_PLAYBOOKS_DIR": str(playbooks),
           "OC_EMBEDDINGS_DIR": str(work / "embeddings"), "OC_DATA_DIR": str(work / "data")}
    try:
        server, url, started = start(env)
        print(f"first start: /healthz after {seconds_until(lambda: healthy(url), started, server):.1f} s, "
              f"a confident /api/match after {seconds_until(lambda: confident(url), started, server):.1f} s",
              flush=True)
        if not args.no_wait:
            failures, asked, stop = [], [0], threading.Event()

            def keep_asking():
                while not stop.is_set():
                    asked[0] += 1
                    response = httpx.post(f"{url}/api/match", json={"text": CONFIDENT}, timeout=30)
                    if response.status_code != 200:
                        failures.append(response.status_code)
                    time.sleep(0.05)

            client = threading.Thread(target=keep_asking)
            client.start()
            swapped = seconds_until(lambda: tuned(url), started, server)
            stop.set()
            client.join()
            print(f"  tuned model serving after {swapped:.0f} s; {asked[0]} requests across it, "
                  f"{len(failures)} failed", flush=True)
        print(f"  SIGTERM stopped it in {stop_seconds(server):.1f} s")

        budget = playbooks / "categories" / "budget.yaml"
        text = budget.read_text()
        line = next(ln for ln in text.splitlines() if ln.startswith("      - "))
        budget.write_text(text.replace(line, line + " this quarter", 1))
        server, url, started = start(env)
        ready = seconds_until(lambda: healthy(url), started, server)
        state = httpx.get(f"{url}/healthz").json()["tuning"]
        print(f"restart after one edited phrasing: /healthz after {ready:.1f} s on model {state['model']} "
              f"(provisional: {state['provisional']}, tuning: {state['state']})", flush=True)
        seconds_until(lambda: httpx.get(f"{url}/healthz").json()["tuning"]["state"] == "running", started, server)
        print(f"  SIGTERM while tuning stopped it in {stop_seconds(server):.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
