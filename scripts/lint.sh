#!/usr/bin/env bash
# The lint and type gate CI runs before the tests: ruff (style, imports, likely bugs) and mypy.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check app tests scripts
.venv/bin/mypy
