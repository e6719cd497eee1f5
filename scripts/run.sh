#!/usr/bin/env bash
# One command: set up .venv and start the service on the embedded defaults (SQLite, packaged MiniLM).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/uvicorn app.main:app --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
