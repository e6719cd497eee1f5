"""The FAISS index: full similarity rows agree with its own search, and a saved index is reused only when current."""

import numpy as np

from app.vector_index import VectorIndex


def _unit_rows(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 16)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_similarities_give_every_row_in_order_and_agree_with_search():
    index = VectorIndex.build(_unit_rows(50, 1), "fp")
    queries = _unit_rows(3, 2)
    full = index.similarities(queries)
    assert full.shape == (3, 50)
    scores, ids = index.search(queries, 5)
    np.testing.assert_allclose(np.take_along_axis(full, ids, axis=1), scores, rtol=1e-5)
    np.testing.assert_array_equal(np.argsort(-full, axis=1)[:, :5], ids)


def test_a_saved_index_is_reused_only_for_the_same_vectors(tmp_path):
    index = VectorIndex.build(_unit_rows(20, 3), "fp-1")
    index.save(tmp_path / "index.faiss")
    assert VectorIndex.load(tmp_path / "index.faiss", "fp-1", 16).size == 20
    assert VectorIndex.load(tmp_path / "index.faiss", "fp-2", 16) is None
    (tmp_path / "index.faiss").write_bytes(b"damaged")
    assert VectorIndex.load(tmp_path / "index.faiss", "fp-1", 16) is None
