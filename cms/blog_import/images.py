"""Fetch a post's featured image: over http(s) with a timeout and a size cap, or from a file
beside the export (a path relative to it). Failures raise `ImageFetchError`, which the import
reports without stopping."""

from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import requests
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = (5, 20)  # connect, read (seconds)
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


class ImageFetchError(Exception):
    pass


def fetch(url: str, export_dir: Path) -> tuple[str, bytes]:
    """(file name, bytes) of a checked image."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        data = _download(url)
    elif parts.scheme or url.startswith("/") or not parts.path:
        raise ImageFetchError(f"{url!r} is neither an http(s) address nor a path relative to the export file")
    else:
        data = _read_beside(export_dir, unquote(parts.path))
    return _checked_name(PurePosixPath(unquote(parts.path)).name, data), data


def _download(url: str) -> bytes:
    try:
        with requests.get(url, timeout=TIMEOUT, stream=True) as response:
            response.raise_for_status()
            if int(response.headers.get("Content-Length") or 0) > MAX_BYTES:
                raise ImageFetchError(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB")
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise ImageFetchError(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB")
            return bytes(data)
    except requests.RequestException as error:
        raise ImageFetchError(f"could not download {url}: {error}") from error


def _read_beside(export_dir: Path, relative: str) -> bytes:
    folder = export_dir.resolve()
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        raise ImageFetchError(f"{relative!r} is outside the export file's folder")
    if not path.is_file():
        raise ImageFetchError(f"{relative!r} is not a file beside the export ({path})")
    if path.stat().st_size > MAX_BYTES:
        raise ImageFetchError(f"{relative!r} is larger than {MAX_BYTES // 1024 // 1024} MB")
    return path.read_bytes()


def _checked_name(name: str, data: bytes) -> str:
    try:
        with PILImage.open(BytesIO(data)) as picture:
            kind = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageFetchError(f"{name or 'the file'} is not a readable image ({error})") from error
    if kind not in FORMATS:
        raise ImageFetchError(f"{name} is a {kind} image; Wagtail takes PNG, JPEG, GIF or WebP")
    stem = PurePosixPath(name).stem or "featured-image"
    return f"{stem}.{FORMATS[kind]}"
