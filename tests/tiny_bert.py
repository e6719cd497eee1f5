"""A tiny, randomly initialised BERT in sentence-model layout: the real tuning code runs on it in seconds.

Written with numpy and safetensors from MiniLM's own weight names, so the test process never
imports torch; only the tuning process it starts does.
"""

import json
import shutil
from pathlib import Path

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

from app.embedding.sentence import packaged_minilm_path

COPIED = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json", "modules.json",
          "sentence_bert_config.json")
DIM, FEED_FORWARD, LAYERS, POSITIONS = 32, 64, 2, 128
SHRINK = {384: DIM, 1536: FEED_FORWARD, 512: POSITIONS}


def write_tiny_bert(folder: Path) -> Path:
    """Two layers of width 32 on MiniLM's tokenizer and vocabulary."""
    base = packaged_minilm_path()
    rng = np.random.default_rng(0)
    tensors = {}
    with safe_open(str(base / "model.safetensors"), framework="numpy") as weights:
        for name in weights.keys():  # noqa: SIM118 (safetensors' handle has keys(), no __iter__)
            if name.startswith("encoder.layer.") and int(name.split(".")[2]) >= LAYERS:
                continue
            shape = [SHRINK.get(size, size) for size in weights.get_slice(name).get_shape()]
            if name.endswith("position_ids"):
                tensors[name] = np.arange(POSITIONS, dtype=np.int64)[None, :]
            elif name.endswith("LayerNorm.weight"):
                tensors[name] = np.ones(shape, dtype=np.float32)
            else:
                tensors[name] = (0.02 * rng.standard_normal(shape)).astype(np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    config = json.loads((base / "config.json").read_text())
    config.update(hidden_size=DIM, intermediate_size=FEED_FORWARD, num_hidden_layers=LAYERS, num_attention_heads=2,
                  max_position_embeddings=POSITIONS)
    (folder / "config.json").write_text(json.dumps(config))
    for name in COPIED:
        shutil.copyfile(base / name, folder / name)
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": DIM, "pooling_mode_mean_tokens": True}))
    return folder
