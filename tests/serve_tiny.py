"""Serve the app on the tiny test library with the hashing embedder: `python -m tests.serve_tiny PORT`.

Settings come from OC_* variables like the real service; only the embedder differs, so
multi-process tests start in a second instead of loading the model in every process.
"""

import sys

import uvicorn

from app.embedding.hashing import HashingEmbedder
from app.main import create_app

if __name__ == "__main__":
    uvicorn.run(create_app(embedder=HashingEmbedder()), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
