"""Which fine-tuned model serves a library: reuse the saved one, or train a new one."""

import hashlib
import logging
from pathlib import Path

from app.embedding.cache import file_slug
from app.embedding.sentence import SentenceTransformerEmbedder
from app.embedding.tuning import TuningPlan, tune_model, tuned_fingerprint
from app.matching.corpus import CorpusEntry

log = logging.getLogger(__name__)


def _training_label(entry: CorpusEntry) -> str:
    """Each objection is a class of its own; the non-objections are one more."""
    return entry.objection_id or entry.category


def training_fingerprint(base: SentenceTransformerEmbedder, corpus: list[CorpusEntry]) -> str:
    digest = hashlib.sha256(f"{base.model_name}\0{base.path}\0{TuningPlan()!r}".encode())
    for entry in sorted(corpus, key=lambda e: (e.category, e.text)):
        digest.update(f"\0{_training_label(entry)}\0{entry.text}".encode())
    return digest.hexdigest()[:12]


def tuned_embedder(base: SentenceTransformerEmbedder, corpus: list[CorpusEntry], directory: Path,
                   *, allow_training: bool = True) -> SentenceTransformerEmbedder:
    """The base model fine-tuned on this corpus.

    A saved model trained on exactly this corpus is reused. Otherwise a new one is trained,
    unless `allow_training` is false (a live reload must stay fast): then a saved model
    trained on an earlier version of the library still serves, and new texts are embedded
    with it.
    """
    model_dir = Path(directory) / f"tuned-{base.model_name}"  # int8 and ONNX apply on loading
    wanted = training_fingerprint(base, corpus)
    saved = tuned_fingerprint(model_dir)
    if saved != wanted and (allow_training or saved is None):
        log.info("fine-tuning %s on %d library texts (once per library version)", base.model_name, len(corpus))
        tune_model(base.path, [e.text for e in corpus], [_training_label(e) for e in corpus], model_dir, wanted)
        saved = wanted
    elif saved != wanted:
        log.info("library changed since the model was tuned; new texts use the tuned model as it is")
    _remove_stale_files(Path(directory), base.model_name, keep=saved)
    return base.at(model_dir, f"{base.model_name}-tuned-{saved}")


def _remove_stale_files(directory: Path, base_name: str, keep: str) -> None:
    """Vectors and indexes of earlier tuned models are never read again."""
    for path in directory.glob(f"*-{file_slug(base_name)}-tuned-*"):
        if keep not in path.name:
            path.unlink(missing_ok=True)
