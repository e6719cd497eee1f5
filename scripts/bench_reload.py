#!/usr/bin/env python
"""How fast a manager's edit goes live, on a copy of the shipped library (about 2,000 phrasings).

    .venv/bin/python scripts/bench_reload.py [--rounds 5]

Times two paths with the real, tuned model (run the service once first so embeddings/ is warm):
saving a new rebuttal through the admin API (validate, write the YAML, embed what is new,
rebuild the index aside, swap), and a hand edit of the file picked up by the watcher.
Target: live in under 2 s.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT

sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402

SECRET = "bench-manager-secret"
HEADERS = {"X-Manager-Secret": SECRET}


def version_of(client: TestClient, slug: str) -> str:
    return client.get(f"/admin?category={slug}", headers=HEADERS).text.split('data-version="')[1].split('"')[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        playbooks = Path(tmp) / "playbooks"
        shutil.copytree(ROOT / "playbooks", playbooks)
        settings = Settings(playbooks_dir=playbooks, manager_secret=SECRET, data_dir=Path(tmp) / "data")
        with TestClient(create_app(settings)) as client:
            phrasings = client.get("/healthz").json()["phrasings"]
            api_times, watch_times = [], []
            for n in range(args.rounds):
                steps = {"acknowledge": f"Fair point number {n}, money is tight everywhere.",
                         "ask": "What would it need to pay back to be worth it?",
                         "reframe": f"A firm like yours recovered the cost in {n + 5} weeks.",
                         "next_step": "Could we look at the numbers on Tuesday at ten?"}
                started = time.perf_counter()
                response = client.post("/api/admin/edits", headers=HEADERS, json={
                    "slug": "budget", "version": version_of(client, "budget"), "objection_id": "budget.no_budget",
                    "rebuttal": {"title": f"Bench payback {n}", "steps": steps}})
                response.raise_for_status()
                match = client.post("/api/match", json={"text": "we have no budget"}).json()
                assert any(r["title"] == f"Bench payback {n}" for m in match["matches"] for r in m["rebuttals"])
                api_times.append(time.perf_counter() - started)

                path = playbooks / "categories" / "timing.yaml"
                before = client.get("/healthz").json()["library_fingerprint"]
                started = time.perf_counter()
                edited = path.read_text().replace(
                    "    phrasings:\n", f"    phrasings:\n      - bench hand edit {n}\n", 1)
                path.write_text(edited)
                while client.get("/healthz").json()["library_fingerprint"] == before:
                    if time.perf_counter() - started > 30:
                        raise RuntimeError("the watcher did not reload within 30 s")
                    time.sleep(0.02)
                watch_times.append(time.perf_counter() - started)
    print(f"library: {phrasings} phrasings")
    print(f"save a rebuttal through the admin API until live: median {statistics.median(api_times):.2f} s, "
          f"max {max(api_times):.2f} s over {args.rounds} (target < 2 s)")
    print(f"hand edit on disk until the watcher has it live:  median {statistics.median(watch_times):.2f} s, "
          f"max {max(watch_times):.2f} s (includes the 0.3 s debounce)")


if __name__ == "__main__":
    main()
