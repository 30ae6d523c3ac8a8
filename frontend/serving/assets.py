"""The site's own static files (frontend/static/) with fingerprinted names, served by WhiteNoise.

`build(source, target)` copies every file into the build folder twice: under its own name and
under a name carrying a hash of its content (`css/site.css` -> `css/site.3f0c9a1b2d4e.css`),
adds gzip and brotli copies of the text files (WhiteNoise's compressor), and writes
`manifest.json` (original name -> fingerprinted name, and how it was built). WhiteNoise serves the folder at
/static/: fingerprinted names as `immutable` for a year, the original names briefly, the
compressed copy the reader's Accept-Encoding allows. `url_for('static', filename=...)`
gives the fingerprinted address (a `url_defaults` hook), in templates and code alike.

The build runs when the app starts and does nothing when the folder already matches the
sources, so `make run`, gunicorn's workers, the Docker image and tests need no extra step;
`python -m frontend.static_build` runs it by hand (the Docker image does, as it is built). Every file is written under a temporary
name and renamed, so workers starting together (or a worker reading while another writes)
never see half a file. Fingerprinted files of earlier builds stay: pages cached before a
deploy still name them.
"""

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
HASH_LENGTH = 12
ORIGINAL_NAME_MAX_AGE = 60  # seconds; only old pages and hand-typed links use those names


def fingerprinted(name: str, data: bytes) -> str:
    stem, extension = os.path.splitext(name)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{extension}"


def sources(source: Path) -> dict[str, bytes]:
    return {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def read_build(target: Path) -> dict | None:
    try:
        return json.loads((target / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def build(source: Path, target: Path) -> dict[str, str]:
    """Brings the build folder up to date with the sources; returns the manifest."""
    files = sources(source)
    manifest = {name: fingerprinted(name, data) for name, data in files.items()}
    compressor = Compressor(quiet=True)
    # What was built with what: brotli copies appear once the brotli package is installed.
    wanted = {"files": manifest, "brotli": compressor.use_brotli}
    if read_build(target) == wanted and all((target / name).is_file() for name in manifest.values()):
        return manifest
    target.mkdir(parents=True, exist_ok=True)
    # Built in a scratch folder beside the target (same file system), then renamed into place.
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-build-", dir=target.parent))
    try:
        for name, data in files.items():
            for output in (name, manifest[name]):
                written = scratch / output
                written.parent.mkdir(parents=True, exist_ok=True)
                written.write_bytes(data)
                if compressor.should_compress(output):
                    compressor.compress(str(written))
        (scratch / MANIFEST).write_text(json.dumps(wanted, indent=1, sort_keys=True))
        # The manifest last: a reader that sees it finds every file it names.
        built = sorted((p for p in scratch.rglob("*") if p.is_file()), key=lambda p: p.name == MANIFEST)
        for path in built:
            final = target / path.relative_to(scratch)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return manifest


def init_app(app: Flask) -> dict[str, str]:
    """Builds the folder, makes `url_for('static', ...)` fingerprinted; returns the manifest
    (empty when the folder cannot be written: the original names, served by Flask, then)."""
    target = Path(app.config["STATIC_BUILD_DIR"])
    try:
        manifest = build(Path(app.static_folder), target)
    except OSError as error:
        log.warning("static files are served without fingerprints: cannot build %s (%s)", target, error)
        manifest = {}
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def fingerprint(endpoint, values):
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    return manifest


class SiteStatic(WhiteNoise):
    FOREVER = 365 * 24 * 3600  # "immutable" for a year: the longest max-age caches are asked to honour


def static_files(wsgi_app, app: Flask):
    """WhiteNoise in front of `wsgi_app`, serving the build folder at the static URL path; the
    app itself (Flask's static route: a 404 page for unknown names) gets everything else."""
    manifest = app.extensions.get("static_manifest")
    if not manifest:
        return wsgi_app
    prefix = app.static_url_path.rstrip("/") + "/"
    immutable = {prefix + name for name in manifest.values()}
    files = SiteStatic(
        wsgi_app,
        max_age=ORIGINAL_NAME_MAX_AGE,
        immutable_file_test=lambda _path, url: url in immutable,
    )
    files.add_files(app.config["STATIC_BUILD_DIR"], prefix=prefix)
    # The manifest is for the build, not for readers.
    files.files.pop(prefix + MANIFEST, None)
    return files
