"""Base-model vectors of the shipped playbooks, kept in the repository (`embeddings/seed/`).

Without them a first start embeds every library text with the base model before it can answer,
about two minutes on two cores; with them it embeds only the texts written since the seed was.
A seed names the model folder it was made with (its content digest) and is ignored under any
other model. `coach.py seed-vectors` writes it anew.
"""

from pathlib import Path

import numpy as np

from app.embedding.cache import vectors_file


def read_seed(seed_dir: Path, embedder_name: str, model_digest: str, dim: int) -> dict[str, np.ndarray]:
    """The seed's vectors by text key; empty when there is none, it is damaged, or it is another model's."""
    path = vectors_file(seed_dir, embedder_name)
    if not path.is_file():
        return {}
    try:
        with np.load(path) as stored:
            if str(stored["model_digest"]) != model_digest:
                return {}
            keys, vectors = stored["keys"], stored["vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError):
        return {}
    if vectors.ndim != 2 or vectors.shape[1] != dim or len(keys) != len(vectors):
        return {}
    return {str(k): v for k, v in zip(keys, vectors, strict=True)}


def write_seed(seed_dir: Path, embedder_name: str, model_digest: str, vectors: dict[str, np.ndarray]) -> Path:
    """Half precision: the seed only stands in until the tuned model serves, and is half the size."""
    path = vectors_file(seed_dir, embedder_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=np.array(list(vectors)), model_digest=np.array(model_digest),
                        vectors=np.stack(list(vectors.values())).astype(np.float16))
    return path
