"""Build the configured embedder; shared by the service and the command line, so neither imports the other."""

from app.embedding.sentence import SentenceTransformerEmbedder
from app.settings import Settings


def create_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    """The base sentence model, run the way the settings ask (ONNX Runtime or PyTorch)."""
    from app.embedding.onnx import OnnxEmbedder

    if settings.encoder == "onnx":  # the installed model's folder may be read-only: its ONNX copy goes beside ours
        return OnnxEmbedder(settings.model_name, settings.model_path, threads=settings.torch_threads,
                            onnx_file=settings.embeddings_dir / "onnx" / f"{settings.model_name}.onnx")
    return SentenceTransformerEmbedder(settings.model_name, settings.model_path, threads=settings.torch_threads)
