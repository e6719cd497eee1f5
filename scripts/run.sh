#!/usr/bin/env bash
# One command: set up .venv and start the service on the embedded defaults (SQLite, packaged MiniLM).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# No per-request access lines: uvicorn writes each one before the answer goes out (0.24 ms a
# request here). Extra arguments reach uvicorn, so `bash scripts/run.sh --access-log` has them.
exec .venv/bin/uvicorn app.main:app --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}" --no-access-log "$@"
