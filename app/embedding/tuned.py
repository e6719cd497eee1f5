"""Tuned models on disk, one folder per training fingerprint, and which one serves a library."""

import hashlib
import logging
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.embedding.cache import file_slug
from app.embedding.tuning import META_FILE, NOT_COPIED, TuningPlan, tuned_fingerprint
from app.library.corpus import CorpusEntry

log = logging.getLogger(__name__)


def training_label(entry: CorpusEntry) -> str:
    """Each objection is a class of its own; the non-objections are one more."""
    return entry.objection_id or entry.category


@lru_cache(maxsize=8)
def _folder_digest(path: Path, stamp: tuple) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        relative = file.relative_to(path)
        if relative.parts[0] in NOT_COPIED:
            continue
        digest.update(f"{relative}\0".encode())
        with file.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def model_digest(path: Path) -> str:
    """A hash of what a model folder holds (weights, tokenizer, config), not of where it lies.

    Moving the project or reinstalling the same package keeps it, so the tuned model is kept.
    """
    path = Path(path).resolve()
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(path.glob("*")) if p.is_file())
    return _folder_digest(path, stamp)


def training_fingerprint(model_name: str, base_digest: str, corpus: list[CorpusEntry],
                         plan: TuningPlan = TuningPlan()) -> str:
    """What a tuned model depends on: the base model's content, the plan and the labelled texts."""
    digest = hashlib.sha256(f"{model_name}\0{base_digest}\0{plan!r}".encode())
    for entry in sorted(corpus, key=lambda e: (e.category, e.text)):
        digest.update(f"\0{training_label(entry)}\0{entry.text}".encode())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class TuningJob:
    """Everything a tuner needs; plain data, so it can be handed to another process."""

    base_path: Path | None  # None for a test embedder that has no weights
    texts: list[str]
    labels: list[str]
    out_dir: Path
    fingerprint: str
    plan: TuningPlan = TuningPlan()


class TunedModels:
    """The folder of tuned models for one base model: `<model>-<fingerprint>/`, each complete or absent.

    A tuner writes a model beside its final place and renames it in, so a folder with its
    `tuning.json` is always whole.
    """

    def __init__(self, root: Path, model_name: str):
        self.root = Path(root)
        self.model_name = model_name

    def path_for(self, fingerprint: str) -> Path:
        return self.root / f"{file_slug(self.model_name)}-{fingerprint}"

    def complete(self, fingerprint: str) -> Path | None:
        path = self.path_for(fingerprint)
        return path if tuned_fingerprint(path) == fingerprint else None

    def latest(self) -> str | None:
        """The fingerprint of the most recently finished model, if any."""
        finished = [(meta.stat().st_mtime_ns, tuned_fingerprint(meta.parent))
                    for meta in self.root.glob(f"{file_slug(self.model_name)}-*/{META_FILE}")
                    if not meta.parent.name.endswith(".partial")]
        finished = [(when, fp) for when, fp in finished if fp]
        return max(finished)[1] if finished else None

    def job(self, base_path: Path | None, corpus: list[CorpusEntry], fingerprint: str) -> TuningJob:
        return TuningJob(base_path, [e.text for e in corpus], [training_label(e) for e in corpus],
                         self.path_for(fingerprint), fingerprint)

    def remove_except(self, keep: str, embeddings_dir: Path) -> None:
        """Tuned models other than `keep`, and their vectors and indexes, are never read again."""
        prefix = f"{file_slug(self.model_name)}-"
        for folder in self.root.glob(f"{prefix}*"):
            fingerprint = folder.name.removeprefix(prefix).removesuffix(".partial")
            if fingerprint != keep and not folder.name.endswith(".partial"):
                shutil.rmtree(folder, ignore_errors=True)
                for stale in Path(embeddings_dir).glob(f"*-tuned-{fingerprint}*"):
                    stale.unlink(missing_ok=True)
