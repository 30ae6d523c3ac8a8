"""The site's static files: fingerprinted names in every page, immutable and precompressed."""

import gzip
import re
from pathlib import Path

import brotli
import pytest
from bs4 import BeautifulSoup

from frontend.serving import assets
from tests.conftest import make_site

STATIC = Path(assets.__file__).resolve().parent.parent / "static"
ARTICLE = "/articles/ankle-care-for-walkers/"
FINGERPRINTED = re.compile(r"^/static/(css/site|icons/icon-192)\.[0-9a-f]{12}\.(css|png)$")


def asset_links(html: bytes) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    return [link["href"] for link in page.select("link[rel=stylesheet], link[rel=icon][type='image/png']")]


def test_pages_name_fingerprinted_assets_served_immutable(site_client):
    links = asset_links(site_client.get(ARTICLE).data)
    assert len(links) == 2 and all(FINGERPRINTED.match(href) for href in links), links
    css = next(href for href in links if href.endswith(".css"))
    answer = site_client.get(css)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "max-age=31536000, public, immutable"
    assert answer.data == (STATIC / "css/site.css").read_bytes()
    # The web app manifest's icons too (url_for in Python code, not only in templates).
    icons = site_client.get("/site.webmanifest").get_json()["icons"]
    assert all(re.search(r"/static/icons/icon-\d+\.[0-9a-f]{12}\.png$", icon["src"]) for icon in icons)


def test_compressed_copies_follow_accept_encoding(site_client):
    css = next(href for href in asset_links(site_client.get("/").data) if href.endswith(".css"))
    source = (STATIC / "css/site.css").read_bytes()
    gzipped = site_client.get(css, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in gzipped.headers["Vary"]
    assert gzip.decompress(gzipped.data) == source and len(gzipped.data) < len(source) / 2
    brotlied = site_client.get(css, headers={"Accept-Encoding": "gzip, br"})
    assert brotlied.headers["Content-Encoding"] == "br" and brotli.decompress(brotlied.data) == source
    plain = site_client.get(css)
    assert "Content-Encoding" not in plain.headers and plain.data == source


@pytest.mark.parametrize(
    "path", ["/static/css/nope.css", "/static/css/site.000000000000.css", "/static/manifest.json", "/static/../x"]
)
def test_unknown_assets_are_a_404(site_client, path):
    answer = site_client.get(path)
    assert answer.status_code == 404 and b"Traceback" not in answer.data


def test_the_original_names_still_answer_briefly_cached(site_client):
    answer = site_client.get("/static/css/site.css")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "max-age=60, public"


def test_a_changed_file_gets_a_new_name_and_the_old_one_stays(tmp_path):
    source, target = tmp_path / "static", tmp_path / "built"
    (source / "css").mkdir(parents=True)
    (source / "css/a.css").write_text("body { color: red; }\n" * 40)
    first = assets.build(source, target)
    assert assets.build(source, target) == first  # up to date: nothing rebuilt
    (source / "css/a.css").write_text("body { color: blue; }\n" * 40)
    second = assets.build(source, target)
    assert second["css/a.css"] != first["css/a.css"]
    for name in (first["css/a.css"], second["css/a.css"], "css/a.css"):
        assert (target / name).is_file() and (target / f"{name}.gz").is_file() and (target / f"{name}.br").is_file()
    assert (target / "css/a.css").read_text().startswith("body { color: blue")
    assert not list(tmp_path.glob(".built-build-*"))  # no scratch folder left behind


def test_a_build_folder_that_cannot_be_written_falls_back_to_plain_names(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    site = make_site("http://127.0.0.1:9/api/v2", STATIC_BUILD_DIR=str(blocked / "static"))
    with site.test_request_context():
        from flask import url_for

        assert url_for("static", filename="css/site.css") == "/static/css/site.css"
    assert site.test_client().get("/static/css/site.css").status_code == 200
