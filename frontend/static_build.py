"""Builds the site's fingerprinted static files ahead of time: `python -m frontend.static_build [FOLDER]`.

The site builds them itself when it starts (frontend/serving/assets.py); this runs the same
build earlier, e.g. while a container image is made, so a read-only deployment has it ready.
FOLDER defaults to STATIC_BUILD_DIR.
"""

import sys
from pathlib import Path

from frontend.config import from_env
from frontend.serving.assets import build

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(from_env()["STATIC_BUILD_DIR"])
    built = build(Path(__file__).resolve().parent / "static", out)
    print(f"{len(built)} static files fingerprinted in {out}")
