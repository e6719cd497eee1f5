"""All configuration in one place, read from OC_* environment variables."""

from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MANAGER_SECRET = "change-me"
MIN_SECRET_CHARS = 16


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OC_", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    playbooks_dir: Path = PROJECT_ROOT / "playbooks"
    embeddings_dir: Path = PROJECT_ROOT / "embeddings"
    tuned_models_dir: Path | None = Field(default=None, description="Tuned models; defaults to embeddings_dir/tuned.")
    seed_vectors_dir: Path | None = Field(
        default=PROJECT_ROOT / "embeddings" / "seed",
        description="Committed base-model vectors of the shipped playbooks, so a first start need not embed them all.")
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str | None = None
    model_name: str = "all-MiniLM-L6-v2"
    model_path: Path | None = Field(
        default=None, description="Local sentence-transformers folder; defaults to the packaged MiniLM."
    )
    tune_embeddings: bool = Field(
        default=True, description="Fine-tune the model on the library (cached in embeddings/) before matching."
    )
    watch_playbooks: bool = Field(default=True, description="Reload the library when playbook files change.")
    encoder: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="How the model runs: ONNX Runtime (same vectors, no torch when serving) or PyTorch; "
                    "int8 was left out, it costs accuracy (docs/decisions.md).",
    )
    torch_threads: int = Field(default=1, ge=1, le=64)
    batch_max_size: int = Field(default=32, ge=1, le=512, description="Most queries encoded in one model call.")
    batch_window_ms: float = Field(default=0.0, ge=0, le=100,
                                   description="Extra wait for more queries to join a batch (0: only those queued).")
    query_cache_size: int = Field(default=4096, ge=0, le=1_000_000, description="Recent query vectors kept.")
    opentelemetry: bool = Field(
        default=False, description="FastAPI's own OpenTelemetry instrumentation, for a deployment that sets up an "
                                   "OpenTelemetry SDK. Off, it skips a provider check on every request.",
    )
    manager_secret: str = DEFAULT_MANAGER_SECRET
    public_url: AnyHttpUrl | None = Field(
        default=None, description="Where users reach the app (https://coach.example.com); share links are built "
                                  "from it and state-changing manager requests must come from it. Unset, links are "
                                  "relative to the page and the request's own host is the allowed origin.")
    anonymous_call_hours: float = Field(default=24, gt=0, le=24 * 365,
                                        description="Free practice calls (no session) expire and are deleted after "
                                                    "this long without a reply.")
    limit_auth_failures: int = Field(default=10, ge=1, description="Wrong manager secrets per client per minute.")
    limit_creations: int = Field(default=30, ge=1, description="New calls, attempts or sessions per client per minute.")
    limit_scoring: int = Field(default=120, ge=1, description="Scored replies per client per minute.")
    max_text_chars: int = Field(default=1000, ge=10, le=10000)

    @model_validator(mode="after")
    def refuse_weak_secret(self) -> "Settings":
        """An empty secret would let an empty header in; outside development a guessable one is refused too."""
        if not self.manager_secret.strip():
            raise ValueError("OC_MANAGER_SECRET is empty; set it to a real secret")
        if self.environment == "development":
            return self
        if self.manager_secret == DEFAULT_MANAGER_SECRET:
            raise ValueError(f"OC_MANAGER_SECRET must be set to a real secret when OC_ENVIRONMENT={self.environment}")
        if len(self.manager_secret) < MIN_SECRET_CHARS:
            raise ValueError(f"OC_MANAGER_SECRET must be at least {MIN_SECRET_CHARS} characters when "
                             f"OC_ENVIRONMENT={self.environment}")
        return self

    @property
    def public_origin(self) -> str | None:
        """`public_url` as a browser names it in an Origin header: scheme, host and port only."""
        if self.public_url is None:
            return None
        url = self.public_url
        port = f":{url.port}" if url.port and url.port != {"http": 80, "https": 443}.get(url.scheme) else ""
        return f"{url.scheme}://{url.host}{port}"

    def rate_limits(self) -> dict[str, int]:
        return {"auth_failures": self.limit_auth_failures, "creations": self.limit_creations,
                "scoring": self.limit_scoring}

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'objection_coach.db'}"
