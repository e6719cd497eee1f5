#!/usr/bin/env python
"""Where tuning's time goes: tokenising, the frozen lower layers, forward, backward, the optimiser.

    .venv/bin/python scripts/bench_tuning.py [--batches 24] [--frozen 0 3 4 5]

Runs a sample of training steps on the shipped library for each number of frozen layers and
prints milliseconds per text for every phase, wall clock and CPU (all threads), so runs on a
busy machine still compare. A whole tuning run does `epochs` passes over all batches, plus one
pass of the frozen layers.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from app.embedding import tuning  # noqa: E402
from app.embedding.sentence import packaged_minilm_path  # noqa: E402
from app.embedding.tuned import training_label  # noqa: E402
from app.library import load_library  # noqa: E402
from app.library.corpus import build_corpus  # noqa: E402
from app.settings import PROJECT_ROOT  # noqa: E402


class Clock:
    def __init__(self):
        self.wall, self.cpu = {}, {}

    def add(self, phase, wall, cpu):
        self.wall[phase] = self.wall.get(phase, 0.0) + wall
        self.cpu[phase] = self.cpu.get(phase, 0.0) + cpu

    def time(self, phase, work):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        self.add(phase, time.perf_counter() - wall, time.process_time() - cpu)
        return result


def measure(frozen: int, threads: int, texts: list[str], labels: list[str],
            batches: list[list[int]]) -> tuple[Clock, int]:
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(threads)
    plan = tuning.TuningPlan(frozen_layers=frozen)
    torch.manual_seed(plan.seed)
    tokenizer = AutoTokenizer.from_pretrained(str(packaged_minilm_path()))
    model = AutoModel.from_pretrained(str(packaged_minilm_path()))
    lower, upper = tuning._split(model, frozen)
    classes = sorted(set(labels))
    targets = torch.tensor([classes.index(label) for label in labels])
    head = torch.nn.Linear(model.config.hidden_size, len(classes), bias=False)
    optimiser = torch.optim.AdamW([{"params": [p for layer in upper for p in layer.parameters()], "lr": 3e-5},
                                   {"params": head.parameters(), "lr": 1e-2}])
    clock = Clock()
    upper.train()
    for batch in batches:
        tokens = clock.time("tokenise", lambda: tokenizer([texts[i] for i in batch], padding=True, return_tensors="pt"))
        states, mask, attention = clock.time("frozen layers (once)", lambda: tuning._lower_states(model, lower, tokens))

        def forward():
            embeddings = torch.nn.functional.normalize(tuning._pooled(upper, states, mask, attention), dim=1)
            prototypes = torch.nn.functional.normalize(head.weight, dim=1)
            return torch.nn.functional.cross_entropy(plan.logit_scale * embeddings @ prototypes.T, targets[batch])

        loss = clock.time("forward", forward)
        clock.time("backward", lambda: (optimiser.zero_grad(), loss.backward()))
        clock.time("optimiser", optimiser.step)
    return clock, sum(len(b) for b in batches)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", type=int, default=24)
    parser.add_argument("--frozen", type=int, nargs="+", default=[0, 3, 4, 5])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    corpus = build_corpus(load_library(PROJECT_ROOT / "playbooks"))
    plan = tuning.TuningPlan()
    texts, labels = tuning._with_noisy_copies([e.text for e in corpus], [training_label(e) for e in corpus], plan)
    random.seed(plan.seed)
    all_batches = tuning._length_batches(texts, plan.batch_size)
    sample = random.Random(1).sample(all_batches, min(args.batches, len(all_batches)))
    print(f"{len(texts)} texts in {len(all_batches)} batches; sampling {len(sample)} batches per setting")
    for frozen, threads in [(f, t) for f in args.frozen for t in args.threads]:
        clock, count = measure(frozen, threads, texts, labels, sample)
        per_text = {phase: (1000 * clock.wall[phase] / count, 1000 * clock.cpu[phase] / count) for phase in clock.wall}
        step = sum(per_text[p][0] for p in ("forward", "backward", "optimiser"))
        step_cpu = sum(per_text[p][1] for p in ("forward", "backward", "optimiser"))
        once = per_text["tokenise"][0] + per_text["frozen layers (once)"][0]
        whole = (once + plan.epochs * step) * len(texts) / 1000
        phases = ", ".join(f"{p} {w:.2f} ms ({c:.2f} cpu)" for p, (w, c) in per_text.items())
        print(f"frozen layers {frozen}, {threads} thread(s): " + phases)
        print(f"  a training step {step:.2f} ms/text ({step_cpu:.2f} cpu); a {plan.epochs}-epoch run ~{whole:.0f} s")


if __name__ == "__main__":
    main()
