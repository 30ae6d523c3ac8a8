"""Article extras: reading time, the "Updated" date and related articles, in the CMS's answer
(a real Wagtail test database) and on the site's article page (from the API's recorded answers)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.articles import reading
from cms.articles.models import ArticlePage
from tests import factories
from tests.clinic_data import ARTICLES
from tests.conftest import make_site

# -- in the CMS --------------------------------------------------------------------------------


def words(count: int, start: str = "word") -> str:
    return " ".join(f"{start}{n}" for n in range(count))


@pytest.mark.django_db
def test_reading_time_counts_the_words_of_every_block_at_200_a_minute(clinic, find_page):
    body = [
        factories.paragraph(f"<p>{words(150)}</p><p>{words(150)}</p>"),  # tags never glue two words
        ("heading", words(10)),
        ("quote", {"quote": words(80), "attribution": "Aino"}),
        factories.call_to_action(url="https://book.example.com/x", label="Book now", heading="Ready?"),
    ]
    article = factories.ArticlePageFactory(parent=clinic.articles, slug="long-read", body=body)
    assert reading.word_count(article.body) == 300 + 10 + 81 + 3
    assert find_page("/articles/long-read/")["reading_minutes"] == 2  # 394 words: rounded up
    factories.ArticlePageFactory(parent=clinic.articles, slug="short", body=[factories.paragraph("<p>Hi.</p>")])
    assert find_page("/articles/short/")["reading_minutes"] == 1  # never less than a minute
    factories.ArticlePageFactory(
        parent=clinic.articles, slug="exact", body=[factories.paragraph(f"<p>{words(400)}</p>")]
    )
    assert find_page("/articles/exact/")["reading_minutes"] == 2


def set_publish_times(article, first: datetime.datetime, last: datetime.datetime):
    type(article).objects.filter(pk=article.pk).update(first_published_at=first, last_published_at=last)


@pytest.mark.django_db
def test_updated_date_only_when_republished_on_a_later_day(clinic, find_page):
    tz = timezone.get_current_timezone()
    article = factories.ArticlePageFactory(
        parent=clinic.articles, slug="revised", publication_date=datetime.date(2026, 3, 2)
    )
    path = "/articles/revised/"
    # Published on its date, revised the same evening: not "updated".
    set_publish_times(
        article, datetime.datetime(2026, 3, 2, 9, tzinfo=tz), datetime.datetime(2026, 3, 2, 22, tzinfo=tz)
    )
    assert find_page(path)["updated_date"] is None
    # Revised and published again two weeks later.
    set_publish_times(
        article, datetime.datetime(2026, 3, 2, 9, tzinfo=tz), datetime.datetime(2026, 3, 16, 10, tzinfo=tz)
    )
    assert find_page(path)["updated_date"] == "2026-03-16"
    # Back-dated by its editor and first published today: not "updated" by that alone.
    now = timezone.now()
    set_publish_times(article, now, now)
    assert find_page(path)["updated_date"] is None


def tagged(clinic, slug, date, tags=(), **fields):
    return factories.ArticlePageFactory(
        parent=clinic.articles, slug=slug, publication_date=date, tags=list(tags), **fields
    )


@pytest.mark.django_db
def test_related_articles_share_most_tags_first_then_are_newest(clinic, find_page):
    day = datetime.date(2026, 5, 1)
    tagged(clinic, "subject", day, ["running", "knees", "recovery"])
    tagged(clinic, "two-shared", day - datetime.timedelta(days=30), ["running", "knees"])
    tagged(clinic, "one-shared-older", day - datetime.timedelta(days=20), ["recovery"])
    tagged(clinic, "one-shared-newer", day - datetime.timedelta(days=10), ["running", "swimming"])
    tagged(clinic, "untagged-newest", day + datetime.timedelta(days=5))
    # Never shown however many tags they share: a draft, a restricted article.
    tagged(clinic, "draft", day, ["running", "knees", "recovery"], publish=False)
    private = tagged(clinic, "private", day, ["running", "knees", "recovery"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    related = find_page("/articles/subject/")["related"]
    assert [card["slug"] for card in related] == ["two-shared", "one-shared-newer", "one-shared-older"]
    assert related[0]["url"] == "/articles/two-shared/"
    # With fewer sharing articles the newest fill the list; never the article itself.
    assert [card["slug"] for card in find_page("/articles/one-shared-older/")["related"]] == [
        "subject",
        "untagged-newest",
        "one-shared-newer",
    ]
    assert [card["slug"] for card in find_page("/articles/untagged-newest/")["related"]] == [
        "subject",
        "one-shared-newer",
        "one-shared-older",
    ]


@pytest.mark.django_db
def test_related_articles_and_their_authors_are_shown_page_ids(clinic, find_page):
    author = factories.TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen", with_photo=True)
    other = tagged(clinic, "other", datetime.date(2026, 4, 1), ["feet"], author=author, with_hero=True)
    subject = tagged(clinic, "subject", datetime.date(2026, 5, 1), ["feet"])
    answer = find_page("/articles/subject/")
    assert [card["id"] for card in answer["related"]] == [other.id]
    assert answer["related"][0]["author"]["title"] == "Aino Testinen" and answer["related"][0]["card_image"]["url"]
    assert {other.id, author.id, subject.id} <= set(answer["meta"]["shown_page_ids"])


def queries_for(find_page, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        find_page(path)
    return len(queries)


@pytest.mark.django_db
def test_related_articles_cost_the_same_queries_for_few_and_many_articles(clinic, find_page):
    author = factories.TherapistPageFactory(parent=clinic.therapists, with_photo=True)
    fields = dict(author=author, with_hero=True)
    tagged(clinic, "subject", datetime.date(2026, 6, 1), ["a", "b"], **fields)
    for number in range(4):
        tagged(clinic, f"first-{number}", datetime.date(2026, 5, 1 + number), ["a"] if number % 2 else ["b"], **fields)
    find_page("/articles/subject/")  # renditions are made on first use; count the steady state
    few = queries_for(find_page, "/articles/subject/")
    for number in range(30):
        tagged(clinic, f"more-{number}", datetime.date(2026, 1, 1 + number), ["a", "c"] if number % 3 else [], **fields)
    find_page("/articles/subject/")
    many = queries_for(find_page, "/articles/subject/")
    assert len(find_page("/articles/subject/")["related"]) == 3
    assert many == few, f"{few} queries with 5 articles, {many} with 35"


# -- on the site -------------------------------------------------------------------------------


def page(client, path) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_article_page_shows_reading_time_and_related_cards(site_client):
    article = page(site_client, "/articles/ankle-care-for-walkers/")
    assert article.select_one(".article__reading-time").get_text(strip=True) == "1 min read"
    assert article.select_one(".article__updated") is None
    related = article.find("section", attrs={"aria-labelledby": "related-heading"})
    assert related.find("h2").get_text(strip=True) == "Related articles"
    cards = [link["href"] for link in related.select(".card__title a")]
    # No other article shares its tags: the newest others, never itself.
    assert cards == ["/articles/sleeping-well-after-training/", "/articles/warming-up-before-a-run/"]
    titles = [link.get_text(strip=True) for link in related.select(".card__title a")]
    assert titles == [ARTICLES["sleeping-well-after-training"][0], ARTICLES["warming-up-before-a-run"][0]]


def test_article_page_shows_the_updated_date_after_a_later_revision(clinic_api):
    tz = timezone.get_current_timezone()
    ArticlePage.objects.filter(slug="warming-up-before-a-run").update(
        first_published_at=datetime.datetime(2026, 3, 2, 9, tzinfo=tz),
        last_published_at=datetime.datetime(2026, 4, 20, 15, tzinfo=tz),
    )
    client = make_site(clinic_api.api_url).test_client()
    updated = page(client, "/articles/warming-up-before-a-run/").select_one(".article__updated")
    assert updated.get_text(" ", strip=True) == "Updated 20 April 2026"
    assert updated.find("time")["datetime"] == "2026-04-20"
    assert page(client, "/articles/sleeping-well-after-training/").select_one(".article__updated") is None
