"""Start-up refuses unsafe settings."""

import pytest
from pydantic import ValidationError

from app.settings import Settings


def test_outside_development_the_default_manager_secret_is_refused():
    for environment in ("production", "test"):
        with pytest.raises(ValidationError, match="OC_MANAGER_SECRET"):
            Settings(environment=environment)
    assert Settings(environment="production", manager_secret="a-long-real-secret").environment == "production"
    assert Settings(environment="development").manager_secret == "change-me"


def test_settings_read_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("OC_PLAYBOOKS_DIR", str(tmp_path))
    monkeypatch.setenv("OC_TUNE_EMBEDDINGS", "false")
    settings = Settings()
    assert settings.playbooks_dir == tmp_path and settings.tune_embeddings is False
