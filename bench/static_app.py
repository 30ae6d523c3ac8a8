"""The baseline: a minimal Flask app returning fixed bytes (BENCH_BODY_FILE) for every request."""

import os
from pathlib import Path

from flask import Flask

app = Flask(__name__)
BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()


@app.get("/<path:anything>")
@app.get("/")
def page(anything=""):
    return BODY, 200, {"Content-Type": "text/html; charset=utf-8"}
