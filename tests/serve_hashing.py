"""Serve the app with the hashing embedder: `python -m tests.serve_hashing PORT [--slow-tuning]`.

Settings come from OC_* variables like the real service (the shipped playbooks unless
OC_PLAYBOOKS_DIR says otherwise); only the embedder differs, so a server is up in a second
instead of loading the model. `--slow-tuning` gives it a tuning process that never finishes,
for tests of stopping one.
"""

import sys

import uvicorn

from app.embedding.hashing import HashingEmbedder
from app.embedding.tuner import ProcessTuner
from app.main import create_app

if __name__ == "__main__":
    tuner = ProcessTuner(worker="tests.endless_tuning_worker") if "--slow-tuning" in sys.argv else None
    uvicorn.run(create_app(embedder=HashingEmbedder(), tuner=tuner), host="127.0.0.1", port=int(sys.argv[1]),
                log_level="warning")
