#!/usr/bin/env python
"""Objection Coach command line: validate | build-index | match TEXT | eval | eval-scoring.

Run as `.venv/bin/python scripts/coach.py validate` (or the installed `objection-coach`).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
