"""The CMS's settings as a fresh process reads them from its environment (settings are computed
once, at import, so a test that varies the environment needs a new interpreter)."""

import json
import os
import subprocess
import sys

from devtools.live_servers import REPO


def read_settings(expression: str, env: dict, unset=()) -> object:
    """`expression` (Python over `settings`, JSON-serialisable) evaluated after django.setup() in a
    new process whose environment is this one's, less `unset`, plus `env`."""
    code = f"import django, json; from django.conf import settings; django.setup(); print(json.dumps({expression}))"
    clean = {name: value for name, value in os.environ.items() if name not in unset}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)
