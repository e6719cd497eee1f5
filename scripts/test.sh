#!/usr/bin/env bash
# One command: set up .venv with the test extras and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! [ -x /usr/lib/chromium/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2
  fi
fi
bash scripts/setup.sh "[test]"
exec .venv/bin/python -m pytest "$@"
