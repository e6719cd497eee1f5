"""The command line stands apart from the web app: it never builds it, and needs no manager secret."""

import os
import subprocess
import sys

from tests.conftest import PROJECT_ROOT

PROBE = """
import sys
from app.cli import main
code = main(["--playbooks", sys.argv[1], "validate"])
print("web app imported:", "app.main" in sys.modules)
sys.exit(code)
"""


def test_validate_runs_in_production_without_a_secret_and_never_imports_the_web_app(tiny_playbooks):
    env = {k: v for k, v in os.environ.items() if k != "OC_MANAGER_SECRET"}
    result = subprocess.run([sys.executable, "-c", PROBE, str(tiny_playbooks)], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, env={**env, "OC_ENVIRONMENT": "production"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ok: 3 categories" in result.stdout
    assert "web app imported: False" in result.stdout
