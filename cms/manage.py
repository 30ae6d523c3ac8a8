#!/usr/bin/env python
import os
import sys
from pathlib import Path

if __name__ == "__main__":
    # Make the repository importable when run as `python cms/manage.py` from a checkout.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # A fresh clone has no var/ yet: the default SQLite file (and media) live there.
    var_dir = getattr(settings, "VAR_DIR", None)
    if var_dir:
        Path(var_dir).mkdir(parents=True, exist_ok=True)
    execute_from_command_line(sys.argv)
