"""Fine-tune the sentence model on the library so phrasings of one objection sit close together.

A cosine classifier (one class per objection, one for the non-objections) reshapes the
embedding geometry itself, so nearest-neighbour search keeps working on phrasings added
later. Only the top layers train: the lower ones' outputs are computed once and reused
every epoch (docs/decisions.md has the measurements behind every number in `TuningPlan`).
"""

import json
import logging
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from app.embedding.augment import noisy_copy

log = logging.getLogger(__name__)

META_FILE = "tuning.json"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")  # written anew; everything else is copied from the base
NOT_COPIED = ("onnx", "README.md", ".gitattributes", "data_config.json", META_FILE)


@dataclass(frozen=True)
class TuningPlan:
    epochs: int = 2
    learning_rate: float = 3e-5
    head_learning_rate: float = 1e-2
    batch_size: int = 32
    logit_scale: float = 20.0
    seed: int = 13
    frozen_layers: int = 0  # the embedding module and this many lowest layers do not train
    noisy_share: float = 0.5  # of the texts, each gets one noisy copy (see augment.py)
    warmup_share: float = 0.0  # of the steps, spent ramping the learning rate up
    decay: bool = False  # linear decay to zero after the warm-up


@dataclass(frozen=True)
class Progress:
    epoch: int  # 1-based, the epoch under way
    epochs: int
    step: int  # steps done over the whole run
    steps: int


class TuningStopped(Exception):
    """Tuning was asked to stop; nothing was saved."""


def tune_model(base_path: Path, texts: Sequence[str], labels: Sequence[str], out_dir: Path, fingerprint: str,
               plan: TuningPlan = TuningPlan(), *, progress: Callable[[Progress], None] | None = None,
               should_stop: Callable[[], bool] | None = None, export_onnx: bool = False) -> Path:
    """Train from `base_path` on labelled texts and save the model (and what it was trained on) to `out_dir`.

    `should_stop` is asked between steps; when it says yes, `TuningStopped` is raised and
    nothing is written. With `export_onnx`, the folder arrives with its ONNX copy for serving.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    started = time.perf_counter()
    random.seed(plan.seed)
    torch.manual_seed(plan.seed)
    texts, labels = _with_noisy_copies(texts, labels, plan)
    classes = sorted(set(labels))
    targets = torch.tensor([classes.index(label) for label in labels])
    tokenizer = AutoTokenizer.from_pretrained(str(base_path))
    model = AutoModel.from_pretrained(str(base_path))
    lower, upper = _split(model, plan.frozen_layers)
    batches = _length_batches(texts, plan.batch_size)
    inputs = []
    for batch in batches:
        _stop_if_asked(should_stop)
        inputs.append(_lower_states(model, lower, tokenizer([texts[i] for i in batch], padding=True,
                                                            return_tensors="pt")))
    log.info("tuning: %d texts, %d classes, lower layers run once in %.0f s", len(texts), len(classes),
             time.perf_counter() - started)
    head = torch.nn.Linear(model.config.hidden_size, len(classes), bias=False)
    trained = [p for layer in upper for p in layer.parameters()]
    optimiser = torch.optim.AdamW([{"params": trained, "lr": plan.learning_rate},
                                   {"params": head.parameters(), "lr": plan.head_learning_rate}])
    steps = plan.epochs * len(batches)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: _rate_factor(plan, step, steps))
    upper.train()
    step = 0
    order = list(range(len(batches)))
    for epoch in range(plan.epochs):
        random.shuffle(order)
        total = 0.0
        for b in order:
            _stop_if_asked(should_stop)
            states, mask, attention = inputs[b]
            embeddings = torch.nn.functional.normalize(_pooled(upper, states, mask, attention), dim=1)
            prototypes = torch.nn.functional.normalize(head.weight, dim=1)
            loss = torch.nn.functional.cross_entropy(plan.logit_scale * embeddings @ prototypes.T,
                                                     targets[batches[b]])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            total += loss.item()
            step += 1
            if progress:
                progress(Progress(epoch + 1, plan.epochs, step, steps))
        log.info("tuning epoch %d/%d: loss %.2f, %.0f s", epoch + 1, plan.epochs, total, time.perf_counter() - started)
    model.eval()
    meta = {"fingerprint": fingerprint, "texts": len(texts), "classes": classes, "plan": asdict(plan),
            "seconds": round(time.perf_counter() - started, 1)}
    return _save(model, Path(base_path), Path(out_dir), meta, export_onnx)


def _stop_if_asked(should_stop: Callable[[], bool] | None) -> None:
    if should_stop and should_stop():
        raise TuningStopped()


def _with_noisy_copies(texts: Sequence[str], labels: Sequence[str], plan: TuningPlan) -> tuple[list[str], list[str]]:
    rng = random.Random(plan.seed)
    copied = [i for i in range(len(texts)) if rng.random() < plan.noisy_share]
    return [*texts, *(noisy_copy(texts[i], rng) for i in copied)], [*labels, *(labels[i] for i in copied)]


def _split(model, frozen_layers: int):
    """The frozen lower part (embedding module and lowest layers) and the trained upper layers."""
    import torch

    layers = model.encoder.layer
    if not 0 <= frozen_layers < len(layers):
        raise ValueError(f"frozen_layers must be between 0 and {len(layers) - 1}")
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    upper = torch.nn.ModuleList(layers[frozen_layers:])
    for parameter in upper.parameters():
        parameter.requires_grad_(True)
    return torch.nn.ModuleList(layers[:frozen_layers]), upper


def _lower_states(model, lower, batch):
    """What the frozen part makes of one batch: its output, the attention mask layers take, and the token mask."""
    import torch

    with torch.inference_mode():
        states = model.embeddings(input_ids=batch["input_ids"], token_type_ids=batch.get("token_type_ids"))
        mask = _layer_mask(batch["attention_mask"], states.dtype)
        for layer in lower:
            states = layer(states, mask)
    return states.clone(), mask.clone(), batch["attention_mask"].clone()


def _layer_mask(attention_mask, dtype):
    """The additive (batch, 1, 1, tokens) mask BERT layers take: 0 where a token is, very negative on padding."""
    import torch

    return (1.0 - attention_mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def _pooled(upper, states, mask, attention):
    """Mean of the top layer's token states over the real tokens, as the sentence model pools."""
    for layer in upper:
        states = layer(states, mask)
    weights = attention.unsqueeze(-1).to(states.dtype)
    return (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)


def _rate_factor(plan: TuningPlan, step: int, steps: int) -> float:
    warmup = int(plan.warmup_share * steps)
    if step < warmup:
        return (step + 1) / warmup
    if plan.decay:
        return max(0.0, (steps - step) / max(1, steps - warmup))
    return 1.0


def _length_batches(texts: Sequence[str], size: int) -> list[list[int]]:
    """Batches of texts of similar length, so little time goes on padding; their order is shuffled each epoch."""
    by_length = sorted(range(len(texts)), key=lambda i: (len(texts[i]), random.random()))
    return [by_length[start:start + size] for start in range(0, len(by_length), size)]


def _save(model, base_path: Path, out_dir: Path, meta: dict, export_onnx: bool) -> Path:
    """Write a complete sentence-model folder beside `out_dir`, then move it into place in one rename."""
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(base_path, staging, ignore=shutil.ignore_patterns(*NOT_COPIED, *WEIGHT_FILES))
    model.save_pretrained(str(staging))
    if export_onnx:
        from app.embedding.onnx import ONNX_FILE, export_onnx_model

        export_onnx_model(model, staging, staging / ONNX_FILE)
    (staging / META_FILE).write_text(json.dumps(meta, indent=1))
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return out_dir


def tuned_fingerprint(model_dir: Path) -> str | None:
    """What a saved tuned model was trained on, or None if there is no complete one."""
    try:
        return json.loads((Path(model_dir) / META_FILE).read_text())["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None
