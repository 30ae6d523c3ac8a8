"""The edge's configuration agrees with the site and the CMS (no server): the query parameters
its VCL keeps are the ones the site's pages read; media carry long-lived Cache-Control."""

import re

import pytest
from wagtail.images.models import Image

from devtools.edge import VCL, vcl_for


def test_the_vcl_keeps_exactly_the_query_parameters_the_sites_pages_read(site):
    read = {name for view in site.view_functions.values() for name in getattr(view, "cache_parameters", ())}
    kept = re.search(r"\(\?!\(\?:([\w|]+)\)=\)", VCL.read_text()).group(1).split("|")
    assert read and set(kept) == read


def test_tests_change_only_the_backends_addresses():
    original, rewritten = VCL.read_text(), vcl_for(("127.0.0.1", 5100), ("127.0.0.1", 8100))
    changed = [(a, b) for a, b in zip(original.splitlines(), rewritten.splitlines(), strict=True) if a != b]
    assert changed == [
        ('    .host = "site";', '    .host = "127.0.0.1";'),
        ('    .port = "5000";', '    .port = "5100";'),
        ('    .host = "cms";', '    .host = "127.0.0.1";'),
        ('    .port = "8000";', '    .port = "8100";'),
    ]


@pytest.mark.django_db
def test_media_are_cached_for_long_renditions_for_ever(clinic, client):
    image = Image.objects.first()
    original = client.get(f"/media/{image.file.name}")
    assert original.status_code == 200 and original["Cache-Control"] == "public, max-age=86400"
    rendition = image.get_rendition("fill-100x100")
    answer = client.get(f"/media/{rendition.file.name}")
    assert answer.status_code == 200 and answer["Cache-Control"] == "public, max-age=31536000, immutable"
