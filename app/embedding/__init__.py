"""Turning text into vectors: the `Embedder` interface, its implementations and a vector cache."""

from app.embedding.base import Embedder
from app.embedding.cache import EmbeddingCache

__all__ = ["Embedder", "EmbeddingCache"]
