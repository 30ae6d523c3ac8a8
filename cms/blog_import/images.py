"""Fetch a picture a post uses: over http(s) with a timeout and a size cap, or from a file beside
the export (a path relative to it). Failures raise `ImageFetchError`, which the import reports
without stopping.

Two guards against hostile exports: an address whose host resolves to a loopback, private,
link-local, multicast or reserved address is refused unless allowed (each redirect is checked
again, so a public host cannot bounce the request inward), and a picture with more pixels than
allowed (a decompression bomb among them) is refused from its header, before it is decoded.
"""

import ipaddress
import socket
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import requests
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = (5, 20)  # connect, read (seconds)
MAX_REDIRECTS = 3
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


class ImageFetchError(Exception):
    pass


def fetch(url: str, export_dir: Path, max_pixels: int, allow_private: bool = False) -> tuple[str, bytes]:
    """(file name, bytes) of a checked image."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        data = _download(url, allow_private)
    elif parts.scheme or url.startswith("/") or not parts.path:
        raise ImageFetchError(f"{url!r} is neither an http(s) address nor a path relative to the export file")
    else:
        data = _read_beside(export_dir, unquote(parts.path))
    return _checked_name(PurePosixPath(unquote(parts.path)).name, data, max_pixels), data


def refused_host(url: str) -> str:
    """Why the host of `url` may not be fetched from ("" when it may): where it resolves to."""
    host = urlsplit(url).hostname
    if not host:
        return f"{url} names no host"
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError) as error:
        return f"{host} cannot be resolved ({error})"
    for address in found:
        ip = ipaddress.ip_address(address.split("%")[0])
        ip = ip.ipv4_mapped or ip if isinstance(ip, ipaddress.IPv6Address) else ip
        if not ip.is_global or ip.is_multicast:
            return f"{host} resolves to {ip}, a loopback, private, link-local or reserved address"
    return ""


def _download(url: str, allow_private: bool) -> bytes:
    try:
        for _ in range(MAX_REDIRECTS + 1):
            if not allow_private and (why := refused_host(url)):
                raise ImageFetchError(f"not fetched: {why}")
            with requests.get(url, timeout=TIMEOUT, stream=True, allow_redirects=False) as response:
                if response.is_redirect and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    if urlsplit(url).scheme not in ("http", "https"):
                        raise ImageFetchError(f"{url} is not an http(s) address")
                    continue
                response.raise_for_status()
                return _body(url, response)
        raise ImageFetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except requests.RequestException as error:
        raise ImageFetchError(f"could not download {url}: {error}") from error


def _body(url: str, response) -> bytes:
    if int(response.headers.get("Content-Length") or 0) > MAX_BYTES:
        raise ImageFetchError(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB")
    data = bytearray()
    for chunk in response.iter_content(64 * 1024):
        data += chunk
        if len(data) > MAX_BYTES:
            raise ImageFetchError(f"{url} is larger than {MAX_BYTES // 1024 // 1024} MB")
    return bytes(data)


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


def _checked_name(name: str, data: bytes, max_pixels: int) -> str:
    try:
        with PILImage.open(BytesIO(data)) as picture:  # reads the header only
            kind, (width, height) = picture.format, picture.size
            if width * height > max_pixels:
                raise ImageFetchError(
                    f"{name or 'the picture'} is {width}×{height} pixels, more than the {max_pixels:,} allowed"
                    " (BLOG_IMPORT_MAX_IMAGE_PIXELS)"
                )
            picture.verify()
    except PILImage.DecompressionBombError as error:
        raise ImageFetchError(f"{name or 'the picture'} is refused as a decompression bomb ({error})") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageFetchError(f"{name or 'the file'} is not a readable image ({error})") from error
    if kind not in FORMATS:
        raise ImageFetchError(f"{name} is a {kind} image; Wagtail takes PNG, JPEG, GIF or WebP")
    stem = PurePosixPath(name).stem or "picture"
    return f"{stem}.{FORMATS[kind]}"
