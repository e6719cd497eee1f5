"""No line the matcher or the coach learns from is a paraphrase of an evaluation line, as the model hears it.

The near-duplicate tests (test_playbook_schema.py, test_coaching_dev_apart.py) compare characters
and words, so "Put me on your do-not-call list." passes them beside "Can you put me on your
do-not-call list?" although the two say the same thing. Here the base sentence model compares
meanings: a line learnt from that close to an evaluation line would let the evaluation grade the
app on its own words.
"""

import warnings

import numpy as np
import pytest

from app.coaching.anchors import labelled_examples
from app.coaching.move_evaluation import load_dev_set
from app.embedding.cache import EmbeddingCache
from app.embedding.onnx import OnnxEmbedder
from app.embedding.seed import read_seed
from app.embedding.tuned import model_digest
from tests.conftest import PROJECT_ROOT
from tests.test_coaching_dev_apart import COACHING_SETS
from tests.test_playbook_schema import EVALUATION_SETS, _calibration, _evaluation_set, _shipped_library, _tuned_on

# Cosine of base MiniLM vectors: "Not interested, sorry." and "Not interested, thanks." sit above it.
SAME_MEANING = 0.90


@pytest.fixture(scope="module")
def base_model() -> OnnxEmbedder:
    model = OnnxEmbedder("all-MiniLM-L6-v2", threads=1)
    with warnings.catch_warnings():  # on a fresh install the first use exports ONNX, and torch's exporter warns
        warnings.simplefilter("ignore")
        model.encode(["load the model"])
    return model


@pytest.fixture(scope="module")
def seeded(base_model, tmp_path_factory) -> EmbeddingCache:
    """The committed seed holds most playbook vectors already, so only lines written since are embedded."""
    seed = read_seed(PROJECT_ROOT / "embeddings" / "seed", base_model.name, model_digest(base_model.path),
                     base_model.dim)
    return EmbeddingCache(tmp_path_factory.mktemp("paraphrases"), base_model, seed)


def same_meaning(learned: list[str], learned_vectors: np.ndarray, evaluation: list[str],
                 model: OnnxEmbedder) -> list[tuple[str, str]]:
    rows, cols = np.nonzero(learned_vectors @ model.encode(evaluation).T >= SAME_MEANING)
    return [(learned[i], evaluation[j]) for i, j in zip(rows, cols, strict=True)]


@pytest.mark.parametrize("name", EVALUATION_SETS)
def test_no_library_or_calibration_line_means_the_same_as_an_evaluation_line(base_model, seeded, name):
    evaluation = _evaluation_set(name)
    learned = list(dict.fromkeys([*_tuned_on().lines, *_calibration().lines]))
    assert same_meaning(learned, seeded.embed(learned), evaluation, base_model) == []


@pytest.mark.parametrize("path", COACHING_SETS, ids=lambda p: p.stem)
def test_no_coaching_example_means_the_same_as_a_coaching_evaluation_line(base_model, seeded, path):
    texts, _, sources = labelled_examples(_shipped_library())
    learned = [text for i, text in enumerate(texts) if sources[i] == i]  # the written examples, not their noisy copies
    coaching_set = load_dev_set(path)
    evaluation = [line.text for line in coaching_set.lines] + [reply.text for reply in coaching_set.replies]
    assert same_meaning(learned, seeded.embed(learned), evaluation, base_model) == []
