"""The vector cache and the saved FAISS index: only what changed is embedded again."""

from app.cli import main as cli_main
from app.embedding.hashing import HashingEmbedder
from app.embedding.seed import write_seed
from app.live_library import LiveLibrary


def _live(playbooks, embeddings, embedder):
    return LiveLibrary(playbooks, embeddings, embedder)


def test_editing_one_phrasing_re_embeds_only_it(tiny_playbooks, tmp_path):
    embeddings = tmp_path / "embeddings"
    first_embedder = HashingEmbedder()
    corpus = _live(tiny_playbooks, embeddings, first_embedder).build().corpus
    assert {e.text for e in corpus} <= set(first_embedder.encoded_texts)  # everything, the first time

    budget = tiny_playbooks / "categories" / "budget.yaml"
    budget.write_text(budget.read_text().replace("- budget is gone", "- the budget is all gone now"))
    restarted_embedder = HashingEmbedder()
    restarted = _live(tiny_playbooks, embeddings, restarted_embedder)
    retriever = restarted.build()
    corpus_texts = {e.text for e in retriever.corpus}
    assert "the budget is all gone now" in corpus_texts and "budget is gone" not in corpus_texts
    # Calibration texts are embedded through the same cache, so nothing else is encoded again.
    assert restarted_embedder.encoded_texts == ["the budget is all gone now"]


def test_saved_index_is_reused_and_rebuilt_when_stale(tiny_playbooks, tmp_path):
    embeddings = tmp_path / "embeddings"
    live = _live(tiny_playbooks, embeddings, HashingEmbedder())
    size = live.build().index.size
    saved = live.index_path.stat().st_mtime_ns
    live.build()
    assert live.index_path.stat().st_mtime_ns == saved  # fresh index loaded, not rebuilt

    price = tiny_playbooks / "categories" / "price.yaml"
    price.write_text(price.read_text().replace("      - pricey for what it is\n",
                                               "      - pricey for what it is\n      - a new price line\n"))
    assert live.build().index.size == size + 1
    assert live.index_path.stat().st_mtime_ns != saved


def test_damaged_cache_file_is_rebuilt_not_fatal(tiny_playbooks, tmp_path):
    embeddings = tmp_path / "embeddings"
    live = _live(tiny_playbooks, embeddings, HashingEmbedder())
    live.build()
    live.cache.path.write_bytes(b"not a numpy file")
    live.index_path.write_bytes(b"garbage")
    again = _live(tiny_playbooks, embeddings, HashingEmbedder())
    assert again.build().index.size > 0


def _seed_from_a_first_build(tiny_playbooks, tmp_path, digest: str | None = None):
    seeding = _live(tiny_playbooks, tmp_path / "scratch", HashingEmbedder())
    seeding.build()
    cache = seeding.cache
    return write_seed(tmp_path / "seed", cache.embedder.name, digest or seeding.base_digest, cache.known()).parent


def test_a_seed_spares_a_first_start_every_text_it_holds(tiny_playbooks, tmp_path):
    seed_dir = _seed_from_a_first_build(tiny_playbooks, tmp_path)
    budget = tiny_playbooks / "categories" / "budget.yaml"
    budget.write_text(budget.read_text().replace("- budget is gone", "- the budget is all gone now"))
    embedder = HashingEmbedder()
    live = LiveLibrary(tiny_playbooks, tmp_path / "embeddings", embedder, seed_dir=seed_dir)
    assert live.build().match("the budget is all gone now").category == "budget"
    assert embedder.encoded_texts == ["the budget is all gone now"]  # edited since the seed: the only one

    restarted_embedder = HashingEmbedder()
    LiveLibrary(tiny_playbooks, tmp_path / "embeddings", restarted_embedder).build()
    assert restarted_embedder.encoded_texts == []  # the seeded vectors were saved with the cache


def test_a_seed_made_with_another_model_is_ignored(tiny_playbooks, tmp_path):
    seed_dir = _seed_from_a_first_build(tiny_playbooks, tmp_path, digest="another model's files")
    embedder = HashingEmbedder()
    corpus = LiveLibrary(tiny_playbooks, tmp_path / "embeddings", embedder, seed_dir=seed_dir).build().corpus
    assert {e.text for e in corpus} <= set(embedder.encoded_texts)


def test_the_seed_vectors_command_writes_a_seed_a_first_start_uses(tiny_playbooks, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OC_SEED_VECTORS_DIR", str(tmp_path / "seed"))
    monkeypatch.setattr("app.embedding.factory.create_embedder", lambda settings: HashingEmbedder())
    assert cli_main(["--playbooks", str(tiny_playbooks), "seed-vectors"]) == 0
    assert "vectors at" in capsys.readouterr().out
    embedder = HashingEmbedder()
    LiveLibrary(tiny_playbooks, tmp_path / "embeddings", embedder, seed_dir=tmp_path / "seed").build()
    assert embedder.encoded_texts == []
