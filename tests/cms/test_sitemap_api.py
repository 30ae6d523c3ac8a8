"""The CMS's compact sitemap endpoint: every public page once, with its last change, in big pages."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from wagtail.models import PageViewRestriction

from shared import api_types
from shared.site_map import SITEMAP_API_LIMIT, sitemap_paths
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitemap(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"

    def get(expect=200, **params):
        response = client.get("/api/v2/sitemap/", params)
        assert response.status_code == expect, response.content[:300]
        return response.json()

    return get


def paths(answer) -> list[str]:
    return [item["path"] for item in answer["items"]]


def test_lists_every_public_page_with_its_last_publish(clinic, sitemap):
    article = factories.ArticlePageFactory(parent=clinic.articles, slug="stretching")
    therapist = factories.TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen")
    service = factories.ServicePageFactory(parent=clinic.services, title="Cupping")
    answer = TypeAdapter(api_types.Sitemap).validate_python(sitemap())
    assert paths(answer) == [
        "/",
        "/articles/",
        "/articles/stretching/",
        "/therapists/",
        "/therapists/aino-testinen/",
        "/services/",
        "/services/cupping/",
    ]
    assert answer["meta"]["total_count"] == 7
    article.refresh_from_db()
    entry = answer["items"][2]
    assert entry["lastmod"] == article.last_published_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert all(item["lastmod"] for item in answer["items"]), (therapist, service)


def test_drafts_restricted_and_expired_pages_never_appear(clinic, sitemap):
    factories.ArticlePageFactory(parent=clinic.articles, slug="public")
    factories.ArticlePageFactory(parent=clinic.articles, slug="draft", publish=False)
    withdrawn = factories.ArticlePageFactory(parent=clinic.articles, slug="withdrawn")
    withdrawn.unpublish()
    private = factories.ArticlePageFactory(parent=clinic.articles, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    # A restriction on a section hides everything under it.
    factories.ServicePageFactory(parent=clinic.services, title="Hidden service")
    PageViewRestriction.objects.create(page=clinic.services, restriction_type="password", password="staff")
    # Past its expiry, even before publish_scheduled has run to unpublish it.
    expired = factories.ArticlePageFactory(parent=clinic.articles, slug="expired")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    later = factories.ArticlePageFactory(parent=clinic.articles, slug="expires-later")
    later.expire_at = timezone.now() + datetime.timedelta(days=1)
    later.save()
    assert paths(sitemap()) == ["/", "/articles/", "/articles/public/", "/articles/expires-later/", "/therapists/"]


def test_pages_in_order_with_offset_and_limit(clinic, sitemap):
    for number in range(5):
        factories.ArticlePageFactory(parent=clinic.articles, slug=f"a-{number}")
    everything = paths(sitemap())
    assert len(everything) == 9
    assert paths(sitemap(offset=2, limit=3)) == everything[2:5]
    assert paths(sitemap(offset=8, limit=3)) == everything[8:]
    past_the_end = sitemap(offset=50)
    assert past_the_end == {"meta": {"total_count": 9}, "items": []}


@pytest.mark.parametrize(
    "query",
    [
        {"limit": SITEMAP_API_LIMIT + 1},
        {"limit": 0},
        {"limit": "ten"},
        {"offset": -1},
        {"offset": "١"},  # an Arabic-Indic digit
        {"offset": "9" * 5000},
        {"offset": ["1", "2"]},
        {"type": "articles.ArticlePage"},
        {"fields": "title"},
    ],
)
def test_malformed_queries_are_400(clinic, sitemap, query):
    assert "message" in sitemap(expect=400, **query)


def test_costs_two_queries_whatever_the_number_of_pages(clinic, sitemap, django_assert_max_num_queries):
    for number in range(30):
        factories.ArticlePageFactory(parent=clinic.articles, slug=f"many-{number}")
    # Site lookup, restrictions, root page, count, rows: a handful, however many pages.
    with django_assert_max_num_queries(6):
        answer = sitemap()
    assert len(answer["items"]) == 34


def test_sitemap_paths_name_every_child_around_the_limit():
    assert sitemap_paths(10, max_urls=10) == ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml"]
    assert sitemap_paths(9, max_urls=10) == ["/sitemap.xml"]
    assert sitemap_paths(25, max_urls=10) == ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]
    assert sitemap_paths(10_000) == ["/sitemap.xml"]


def test_publishing_any_page_purges_the_sitemap_and_feeds(clinic):
    from cms.site_sync.changes import affected_pages

    therapist = factories.TherapistPageFactory(parent=clinic.therapists, title="Ville Esimerkki")
    paths_, _ids = affected_pages(therapist)
    assert {"/sitemap.xml", "/articles/feed/", "/articles/feed/atom/", "/therapists/ville-esimerkki/"} <= paths_


QUERY_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),
    st.sampled_from(["", "0", "00", "5000", "5001", "1e3", "0x10", " 1", "1 ", "²", "%00"]),
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    parameters=st.lists(
        st.tuples(st.sampled_from(["offset", "limit", "page", "search", "offset"]), QUERY_VALUES), max_size=3
    )
)
def test_any_query_answers_200_or_400(clinic, client, parameters):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    query = "&".join(f"{name}={quote(value.encode('utf-8', 'surrogatepass'), safe='')}" for name, value in parameters)
    response = client.get(f"/api/v2/sitemap/?{query}")
    assert response.status_code in (200, 400), (query, response.content[:200])
