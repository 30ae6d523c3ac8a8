"""The CMS's discovery endpoints (redirects/find/, search/) and what it tells the site when
redirects, tags and authors change. Runs on the demo clinic in the test database."""

from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from wagtail.contrib.redirects.models import Redirect

from cms.articles.models import ArticlePage
from cms.services.models import ServicePage
from cms.therapists.models import TherapistPage
from shared.api_types import RedirectAnswer, SearchAnswer, TherapistDetail
from shared.site_map import SEARCH_PATH, tag_path
from tests.cms.test_site_sync import publish, sent  # noqa: F401  (the `sent` fixture)

pytestmark = pytest.mark.django_db

FEET = "/articles/massage-for-the-feet/"


def find_redirect(api, path, status=200):
    answer = api("redirects/find/", status=status, html_path=path)
    if status == 200:
        TypeAdapter(RedirectAnswer).validate_python(answer)
    return answer


# -- redirects/find/ ---------------------------------------------------------------------


def test_a_redirect_to_a_page_is_found_with_or_without_the_trailing_slash(api):
    feet = ArticlePage.objects.get(slug="massage-for-the-feet")
    Redirect.add_redirect("/blog/foot-massage/", feet)  # stored as /blog/foot-massage
    for asked in ("/blog/foot-massage", "/blog/foot-massage/"):
        assert find_redirect(api, asked) == {"location": FEET, "permanent": True}


def test_a_temporary_redirect_to_another_site_keeps_its_absolute_address(api):
    Redirect.add_redirect("/old-booking", "https://book.example.com/elsewhere", is_permanent=False)
    assert find_redirect(api, "/old-booking/") == {"location": "https://book.example.com/elsewhere", "permanent": False}


def test_a_slug_change_makes_the_old_address_lead_to_the_new(api, django_capture_on_commit_callbacks):
    feet = ArticlePage.objects.get(slug="massage-for-the-feet")
    feet.slug = "foot-massage"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail makes the redirect on commit
        publish(feet)
    assert find_redirect(api, FEET) == {"location": "/articles/foot-massage/", "permanent": True}


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "ftp://files.example.com/x", "unpublished page"],
)
def test_redirects_readers_cannot_follow_are_not_answered(api, target):
    if target == "unpublished page":
        page = ArticlePage.objects.get(slug="massage-for-the-feet")
        page.unpublish()
        Redirect.objects.create(old_path="/blog/gone", redirect_page=page)
    else:
        Redirect.objects.create(old_path="/blog/gone", redirect_link=target)
    find_redirect(api, "/blog/gone/", status=404)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"html_path": "/no/such/address/"}, 404),
        ({"html_path": "/" + "a" * 2000}, 404),
        ({"html_path": "no-slash"}, 400),
        ({}, 400),
        ({"html_path": "/x/", "site": "2"}, 400),
        ({"html_path": "/'; DROP TABLE wagtailredirects_redirect; --"}, 404),
    ],
)
def test_unknown_and_malformed_lookups(api, params, status):
    api("redirects/find/", status=status, **params)


# -- search/ ---------------------------------------------------------------------------------


def search(api, status=200, **params):
    answer = api("search/", status=status, **params)
    if status == 200:
        TypeAdapter(SearchAnswer).validate_python(answer)
    return answer


def test_search_finds_articles_therapists_and_services_with_every_word(api):
    types = {item["type"] for item in search(api, q="massage")["items"]}
    assert types == {"articles.ArticlePage", "therapists.TherapistPage", "services.ServicePage"}
    answer = search(api, q="pregnancy massage")
    assert answer["items"][0]["url"] == "/services/pregnancy-massage/"  # the title match ranks first
    # Every word must match ("and"): a word nothing contains empties the results.
    assert search(api, q="pregnancy zzyzx")["meta"]["total_count"] == 0


def test_search_pages_through_results(api):
    everything = search(api, q="massage", limit=50)
    first, second = search(api, q="massage", limit=2), search(api, q="massage", offset=2, limit=2)
    assert first["meta"]["total_count"] == everything["meta"]["total_count"] >= 3
    assert [item["id"] for item in first["items"] + second["items"]] == [item["id"] for item in everything["items"][:4]]


def test_search_leaves_out_unpublished_pages(api):
    ServicePage.objects.get(slug="pregnancy-massage").unpublish()
    assert "/services/pregnancy-massage/" not in [item["url"] for item in search(api, q="pregnancy", limit=50)["items"]]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        '"unterminated',
        "massage*",
        "NEAR(massage",
        "massage OR",
        "AND",
        "-massage",
        "^",
        "a:b",
        "(((",
        "' OR 1=1; --",
        "%",
        "\\",
        "🙂",
        "ä" * 200,
        "",
    ],
)
def test_hostile_queries_are_answered_calmly(api, query):
    answer = search(api, q=query)
    assert answer["meta"]["total_count"] >= 0 and all(term.isalnum() or "_" in term for term in answer["meta"]["terms"])


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a" * 201},
        {"q": "x", "offset": "-1"},
        {"q": "x", "limit": "51"},
        {"q": "x", "offset": "99999999"},
        {"q": "x", "type": "y"},
    ],
)
def test_bad_search_parameters_are_a_400(api, params):
    search(api, status=400, **params)


# -- a therapist's articles ------------------------------------------------------------------


def test_a_therapist_answer_lists_her_articles_newest_first(api):
    therapist = ArticlePage.objects.filter(author__isnull=False).first().author
    answer = api("pages/find/", html_path=f"/therapists/{therapist.slug}/")
    answer.pop("clinic")
    expected = list(ArticlePage.objects.live().filter(author=therapist).order_by("-publication_date", "-id"))
    assert [card["id"] for card in answer["articles"]] == [article.id for article in expected]
    assert answer["article_count"] == len(expected)
    assert {article.id for article in expected} <= set(answer["meta"]["shown_page_ids"])
    clinic = {
        key: value for key, value in api("booking-settings/").items() if key != "visit_intro"
    }  # the page's Clinic
    TypeAdapter(TherapistDetail).validate_python({**answer, "clinic": clinic})


# -- what the site is told -------------------------------------------------------------------


def test_saving_and_deleting_a_redirect_purges_its_old_address(sent):  # noqa: F811
    feet = ArticlePage.objects.get(slug="massage-for-the-feet")
    sent(lambda: Redirect.add_redirect("/blog/foot-massage/", feet))
    assert sent[0]["event"] == "redirect_changed" and sent[0]["paths"] == ["/blog/foot-massage"]
    redirect = Redirect.objects.get(old_path="/blog/foot-massage")
    redirect.old_path = "/blog/feet"
    sent(lambda: redirect.save())  # (`sent` holds every message so far: the newest is last)
    assert set(sent[-1]["paths"]) == {"/blog/foot-massage", "/blog/feet"}
    sent(lambda: redirect.delete())
    assert sent[-1]["paths"] == ["/blog/feet"]


def test_publishing_an_article_purges_its_tag_archives_old_and_new_and_search(sent):  # noqa: F811
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    old_tags = set(article.tags.names())
    assert old_tags
    article.tags.set(["foot care"])
    sent(lambda: publish(article))
    paths = set(sent[0]["paths"])
    # Decoded ("/articles/tag/foot care/"), as the site's request.path is.
    assert {unquote(tag_path(name)) for name in old_tags | {"foot care"}} <= paths
    assert "/articles/tag/foot care/" in paths
    assert SEARCH_PATH in paths


def test_changing_an_articles_author_purges_both_therapists_pages(sent):  # noqa: F811
    article = ArticlePage.objects.filter(author__isnull=False).first()
    old_author = article.author
    new_author = TherapistPage.objects.live().exclude(pk=old_author.pk).first()
    article.author = new_author
    sent(lambda: publish(article))
    paths = set(sent[0]["paths"])
    assert {f"/therapists/{old_author.slug}/", f"/therapists/{new_author.slug}/"} <= paths


def test_publishing_a_page_purges_the_redirects_leading_to_it(sent):  # noqa: F811
    service = ServicePage.objects.get(slug="pregnancy-massage")
    Redirect.add_redirect("/pregnancy", service)
    sent(lambda: publish(service))
    assert {"/pregnancy", SEARCH_PATH} <= set(sent[0]["paths"])


# -- anything at all ---------------------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.text(max_size=260), html_path=st.text(max_size=300), offset=st.text(max_size=6))
def test_any_search_or_lookup_answers_below_500(client, q, html_path, offset):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    assert client.get("/api/v2/search/", {"q": q, "offset": offset}).status_code in (200, 400)
    assert client.get("/api/v2/redirects/find/", {"html_path": "/" + html_path}).status_code in (200, 400, 404)
