"""Serve a sentence model through ONNX Runtime: the same vectors, faster, no PyTorch.

The model is exported once from the PyTorch weights (the tuning process already has them
loaded) and kept beside them. Figures in docs/decisions.md.
"""

import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from app.embedding.base import normalise
from app.embedding.sentence import BATCH, MAX_TOKENS, SentenceTransformerEmbedder

ONNX_FILE = "onnx/model.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_onnx(model_dir: Path, target: Path | None = None) -> Path:
    """Write the ONNX copy of a sentence-transformers folder (needs torch, transformers, onnx)."""
    from transformers import AutoModel

    model_dir = Path(model_dir)
    return export_onnx_model(AutoModel.from_pretrained(str(model_dir)).eval(), model_dir,
                             target or model_dir / ONNX_FILE)


def export_onnx_model(model, model_dir: Path, target: Path) -> Path:
    """Export a loaded transformer (token states out) to `target`, written whole or not at all."""
    import torch
    from transformers import AutoTokenizer

    class TokenStates(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    sample = AutoTokenizer.from_pretrained(str(model_dir))(["an example sentence"], return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "token_states")}
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with warnings.catch_warnings():
        # The TorchScript exporter is chosen on purpose (dynamo=False): the new one needs onnxscript.
        warnings.filterwarnings("ignore", "You are using the legacy TorchScript-based ONNX export",
                                DeprecationWarning)
        torch.onnx.export(TokenStates(model.eval()), tuple(sample[name] for name in INPUTS), str(partial),
                          input_names=list(INPUTS), output_names=["token_states"], dynamic_axes=axes,
                          opset_version=17, dynamo=False)
    partial.replace(target)
    return target


class OnnxEmbedder(SentenceTransformerEmbedder):
    """The same model folder as `SentenceTransformerEmbedder`, run by ONNX Runtime and `tokenizers`."""

    def __init__(self, name: str, path: Path | None = None, *, threads: int | None = None,
                 onnx_file: Path | None = None):
        """`onnx_file` places the exported copy elsewhere, e.g. when the model folder is read-only."""
        super().__init__(name, path, threads=threads)
        self.name = f"{name}-onnx"
        self.onnx_file = Path(onnx_file) if onnx_file else self.path / ONNX_FILE
        self._session_lock = threading.Lock()

    def at(self, path: Path, name: str) -> "OnnxEmbedder":
        return OnnxEmbedder(name, path, threads=self.threads)

    def _load(self):
        with self._session_lock:
            if self._loaded is None:
                import onnxruntime
                from tokenizers import Tokenizer

                if not self.onnx_file.is_file():
                    export_onnx(self.path, self.onnx_file)
                tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
                tokenizer.enable_truncation(MAX_TOKENS)
                tokenizer.enable_padding()
                options = onnxruntime.SessionOptions()
                if self.threads:
                    options.intra_op_num_threads = self.threads
                session = onnxruntime.InferenceSession(str(self.onnx_file), options,
                                                       providers=["CPUExecutionProvider"])
                self._loaded = (tokenizer, session)
            return self._loaded

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        tokenizer, session = self._load()
        out = []
        for start in range(0, len(texts), BATCH):
            encodings = tokenizer.encode_batch(list(texts[start:start + BATCH]))
            feed = {name: np.array([getattr(e, attr) for e in encodings], dtype=np.int64)
                    for name, attr in zip(INPUTS, ("ids", "attention_mask", "type_ids"), strict=True)}
            tokens = session.run(None, feed)[0]
            mask = feed["attention_mask"][..., None].astype(np.float32)
            out.append((tokens * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9))
        return normalise(np.concatenate(out))
