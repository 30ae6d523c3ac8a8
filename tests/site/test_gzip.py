"""The site gzips its pages for readers who accept it, from Flask and the page cache's fast path alike."""

import gzip

import pytest

from frontend.serving.compression import CompressedCopies, GzipAnswers
from tests.conftest import make_site

ARTICLE = "/articles/ankle-care-for-walkers/"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_pages_are_gzipped_on_a_miss_and_on_a_fast_path_hit(site_client):
    plain = site_client.get(ARTICLE)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    for expected in ("HIT", "HIT"):  # both from the fast path (the first request filled it)
        packed = site_client.get(ARTICLE, headers=GZIP)
        assert packed.headers["X-Cache"] == expected and packed.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.data) == plain.data
        assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
        assert packed.headers["ETag"] == f"W/{plain.headers['ETag']}"
    # The weak ETag a reader got back still makes a 304.
    again = site_client.get(ARTICLE, headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_a_fresh_miss_is_gzipped_too(site_client):
    packed = site_client.get("/therapists/", headers=GZIP)
    assert packed.headers["X-Cache"] == "MISS" and packed.headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(packed.data)


@pytest.mark.parametrize("accept", ["", "identity", "gzip;q=0", "br"])
def test_no_gzip_unless_the_reader_accepts_it(site_client, accept):
    answer = site_client.get(ARTICLE, headers={"Accept-Encoding": accept})
    assert "Content-Encoding" not in answer.headers and answer.data.rstrip().endswith(b"</html>")


def test_head_and_error_pages(site_client):
    head = site_client.head(ARTICLE, headers=GZIP)
    assert head.status_code == 200 and "Content-Encoding" not in head.headers and head.data == b""
    missing = site_client.get("/static/nope.css", headers=GZIP)
    assert missing.status_code == 404 and b"</html>" in gzip.decompress(missing.data)


def test_site_gzip_off_leaves_compression_to_a_proxy(clinic_api):
    client = make_site(clinic_api.api_url, SITE_GZIP=False).test_client()
    answer = client.get(ARTICLE, headers=GZIP)
    assert answer.status_code == 200 and "Content-Encoding" not in answer.headers and "Vary" not in answer.headers


def test_a_body_is_compressed_once_while_it_is_kept(monkeypatch):
    calls, compressions = [], []
    compress = gzip.compress
    monkeypatch.setattr(gzip, "compress", lambda *a, **k: compressions.append(1) or compress(*a, **k))
    body = b"<p>" + b"calm " * 400 + b"</p>"

    def app(environ, start_response):
        calls.append(1)
        start_response("200 OK", [("Content-Type", "text/html"), ("Vary", "Cookie"), ("Content-Length", "1")])
        return [body]

    copies = CompressedCopies(size=2)
    middleware = GzipAnswers(app, copies)
    seen = {}
    for _ in range(3):
        out = middleware({"REQUEST_METHOD": "GET", "HTTP_ACCEPT_ENCODING": "gzip"}, lambda s, h: seen.update(h))
        assert gzip.decompress(b"".join(out)) == body and seen["Vary"] == "Cookie, Accept-Encoding"
    assert len(calls) == 3 and len(compressions) == 1
