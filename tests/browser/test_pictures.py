"""What a phone really downloads: Chromium at 390 px and DPR 3 opens an article whose hero is a
4000x3000 photo, and takes the small AVIF (or WebP) candidate of it, not the original or the JPEG."""

import pytest

from devtools.live_servers import LiveSite
from tests.conftest import copy_cms, run_python

pytestmark = pytest.mark.e2e

MOST_HERO_BYTES = 60_000
SLUG = "a-big-photo"
ADD_PHOTO_ARTICLE = f"""
import datetime
from django.core.files.images import ImageFile
from io import BytesIO
from wagtail.images import get_image_model
from cms.articles.models import ArticleIndexPage
from cms.core import pictures
from tests import factories
from tests.photos import camera_photo
photo = get_image_model().objects.create(
    title="Big photo", description="A busy scene", file=ImageFile(BytesIO(camera_photo()), name="big-photo.jpg")
)
page = factories.ArticlePageFactory(
    parent=ArticleIndexPage.objects.get(), title="A big photo", slug={SLUG!r},
    publication_date=datetime.date(2019, 1, 1), hero_image=photo,
)
pictures.make_renditions(page.picture_uses())  # as publishing does, so the first answer is quick
"""


@pytest.fixture(scope="module")
def photo_site(clinic_cms_source, tmp_path_factory):
    cms = copy_cms(clinic_cms_source, tmp_path_factory.mktemp("photo-cms") / "var")
    run_python(cms, ADD_PHOTO_ARTICLE)
    cms.start()
    site = LiveSite(cms.api_url, tmp_path_factory.mktemp("photo-site-cache"), workers=1, CMS_PUBLIC_URL=cms.url)
    yield site.start()
    site.stop()
    cms.stop()


def test_a_phone_downloads_the_small_modern_candidate_of_a_big_hero(photo_site, new_page):
    page = new_page("phone")
    images = []
    page.on("response", lambda response: images.append(response) if response.request.resource_type == "image" else None)
    page.goto(f"{photo_site.url}/articles/{SLUG}/", wait_until="load")
    hero = page.locator(".article__hero img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    chosen = hero.evaluate("img => img.currentSrc")
    (response,) = [response for response in images if response.url == chosen]
    size = len(response.body())
    assert response.headers["content-type"] in ("image/avif", "image/webp"), chosen
    assert size <= MOST_HERO_BYTES, f"the hero weighs {size} bytes on a phone: {chosen}"
    # DPR 3 on a 390 px screen wants about 1170 px: the 1200 px candidate, not the 4000 px original.
    assert "fill-1200x630" in chosen and not any("big-photo.jpg" in r.url and "fill" not in r.url for r in images)
