"""What the CMS tells the site after each kind of change, and how it delivers it: one
signed message per change, queued with the change and delivered by the task worker
through the site's frontend-cache backend."""

import datetime
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from cms.articles.models import ArticleIndexPage, ArticlePage
from cms.booking.models import BookingSettings
from cms.services.models import ServicePage
from cms.site_sync.backends import SignedSitePurgeBackend
from cms.site_sync.cache_backends import SITE_BACKEND
from cms.site_sync.delivery import deliver_purge
from cms.site_sync.waiting import purge_tasks
from cms.therapists.models import TherapistPage
from devtools.live_servers import ThreadedServer, free_port
from frontend import create_app
from shared.site_map import PURGE_PATH
from tests.cms.purge_queue import deliver_until, run_waiting_purges

pytestmark = pytest.mark.django_db

FEET = "/articles/massage-for-the-feet/"
MENOPAUSE = "/articles/menopause-and-your-pelvic-floor/"
BLADDER = "/articles/what-is-bladder-pain-syndrome/"


@pytest.fixture
def sent(settings, monkeypatch, django_capture_on_commit_callbacks):
    """Messages the CMS sends for one action: queued as it commits, then run by the worker."""
    settings.SITE_PURGE_URL = "http://site.invalid/_cms/purge"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    messages = []
    monkeypatch.setattr(SignedSitePurgeBackend, "send", lambda backend, message: messages.append(message) or True)

    class Capture(list):
        def __call__(self, action):
            messages.clear()
            purge_tasks().delete()  # what earlier set-up queued is not this action's
            with django_capture_on_commit_callbacks(execute=True):
                action()
            run_waiting_purges()
            self[:] = messages
            return self

    return Capture()


def publish(page):
    page.save_revision().publish()


def test_publishing_an_article_names_it_its_lists_and_neighbours(sent):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    article.title = "Massage for tired feet"
    sent(lambda: publish(article))
    (message,) = sent  # one message: Wagtail's own publish handler is disconnected
    assert message["event"] == "page_published" and message["all"] is False
    assert {FEET, "/articles/", "/", MENOPAUSE, BLADDER, "/articles/feed/", "/sitemap.xml"} <= set(message["paths"])
    assert f"page-{article.id}" in message["keys"]


def test_an_article_batch_names_the_keys_of_what_shows_it(sent):
    """Keys: the article, its section's lists, its tags and authors before and after, search results;
    not the pages it shows (its author's card changed nothing)."""
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    old_author, new_author = article.author_id, TherapistPage.objects.exclude(pk=article.author_id).first().pk
    article.author_id = new_author
    article.tags.set(["feet", "walking"])
    sent(lambda: publish(article))
    expected = {f"page-{article.id}", "list:articles", "search", f"author:{old_author}", f"author:{new_author}"}
    expected |= {f"tag:{name}" for name in ("massage", "feet", "running", "climbing", "walking")}
    assert set(sent[0]["keys"]) == expected


def test_moving_an_article_in_time_refreshes_old_and_new_neighbours(sent):
    index = ArticleIndexPage.objects.get()
    late = index.add_child(
        instance=ArticlePage(title="Late autumn", summary="x", publication_date=datetime.date(2026, 11, 20), live=False)
    )
    publish(late)
    article = ArticlePage.objects.get(slug="menopause-and-your-pelvic-floor")
    article.publication_date = datetime.date(2026, 11, 10)  # from oldest to between Bladder and Late autumn
    sent(lambda: publish(article))
    paths = set(sent[0]["paths"])
    assert FEET in paths  # its old next neighbour
    assert BLADDER in paths and "/articles/late-autumn/" in paths  # its new neighbours


def test_scheduling_a_new_page_sends_nothing_until_it_goes_live(sent):
    index = ArticleIndexPage.objects.get()
    article = index.add_child(instance=ArticlePage(title="Coming soon", summary="x", live=False))
    article.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = article.save_revision()
    sent(lambda: revision.publish())
    assert sent == []
    article.refresh_from_db()
    assert not article.live and revision.approved_go_live_at is not None
    # When the scheduler publishes it, the site hears of it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    sent(lambda: call_command("publish_scheduled"))
    assert sent and "/articles/coming-soon/" in sent[0]["paths"]


def test_unpublishing_and_deleting_are_sent(sent):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    sent(lambda: article.unpublish())
    assert sent[0]["event"] == "page_unpublished" and FEET in sent[0]["paths"] and MENOPAUSE in sent[0]["paths"]
    other = ArticlePage.objects.get(slug="what-is-bladder-pain-syndrome")
    sent(lambda: other.delete())
    assert sent[0]["event"] == "page_unpublished" and BLADDER in sent[0]["paths"]


def test_a_slug_change_purges_the_old_address(sent):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    article.slug = "foot-massage"
    sent(lambda: publish(article))
    paths = set().union(*(message["paths"] for message in sent))
    assert FEET in paths and "/articles/foot-massage/" in paths


def test_a_therapist_change_reaches_her_articles_and_services(sent):
    piia = TherapistPage.objects.get(slug="piia-laakso")
    piia.role = "Sports massage therapist"
    sent(lambda: publish(piia))
    paths = set(sent[0]["paths"])
    assert {
        "/therapists/piia-laakso/",
        "/therapists/",
        FEET,
        "/services/pregnancy-massage/",
        "/services/holistic-massage/",
    } <= paths


def test_a_service_change_reaches_its_therapists_and_calls_to_action(sent):
    service = ServicePage.objects.get(slug="deep-tissue-remedial-sports-massage")
    service.booking_url = "https://book.example.com/new"
    sent(lambda: publish(service))
    paths = set(sent[0]["paths"])
    assert {"/services/deep-tissue-remedial-sports-massage/", "/services/", "/therapists/piia-laakso/", FEET} <= paths


def test_booking_settings_purge_everything(sent):
    booking = BookingSettings.objects.get()
    booking.cta_label = "Book now"
    sent(lambda: booking.save())
    assert sent[0]["all"] is True


def test_nothing_is_sent_when_the_change_rolls_back(sent):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")

    def failed_publish():
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(article)
            raise RuntimeError("the database said no")

    sent(failed_publish)
    assert sent == []


# -- delivery over HTTP to the real site ---------------------------------------------------


def site_app(secret):
    """The real Flask site; its purge webhook checks the signature."""
    return create_app(
        {
            "TESTING": True,
            "CACHE_TYPE": "SimpleCache",
            "WEBHOOK_SECRET": secret,
            "CMS_API_URL": "http://127.0.0.1:9/api/v2",
        }
    )


@pytest.fixture
def deliver_to(settings):
    servers = []

    def make(secret, delay=0.0):
        server = ThreadedServer(site_app(secret)).start(delay)
        servers.append(server)
        settings.SITE_PURGE_URL = server.url + PURGE_PATH
        return server

    yield make
    for server in servers:
        server.stop()


def site_backend():
    """A backend as the delivery task builds it, from the settings of this test."""
    return SignedSitePurgeBackend({"EVENT": "test"})


def a_batch(paths=("/",)):
    return {
        "id": "batch-1",
        "event": "test",
        "paths": list(paths),
        "keys": [],
        "all": False,
        "queued_at": timezone.now().isoformat(),
    }


def test_delivery_is_signed_and_accepted(settings, deliver_to, caplog):
    settings.WEBHOOK_SECRET = "shared-secret"
    deliver_to("shared-secret")
    assert site_backend().purge_batch(["http://127.0.0.1:5000/", "http://127.0.0.1:5000/articles/"]) is True
    assert "Site purged 2 paths for test" in caplog.text


def test_delivery_with_the_wrong_secret_is_refused(settings, deliver_to, caplog):
    settings.WEBHOOK_SECRET = "not-the-site's-secret"
    deliver_to("shared-secret")
    assert site_backend().purge("http://127.0.0.1:5000/") is False
    assert "refused the purge for test" in caplog.text


def test_a_batch_the_site_did_not_take_is_queued_again_with_backoff(settings, caplog):
    settings.SITE_PURGE_URL = f"http://127.0.0.1:{free_port()}{PURGE_PATH}"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    assert deliver_purge.call("site", a_batch(), 3) == "retrying"
    assert "Could not tell the site about test" in caplog.text
    (retry,) = purge_tasks().filter(status="READY")
    assert retry.args_kwargs["args"] == [
        "site",
        a_batch() | {"queued_at": retry.args_kwargs["args"][1]["queued_at"]},
        4,
    ]
    # The third failure waits 4 s; none ever waits longer than SITE_PURGE_RETRY_MAX_SECONDS (5).
    assert 3 < (retry.run_after - timezone.now()).total_seconds() <= 4
    assert deliver_purge.call("site", a_batch(), 9) == "retrying"
    assert max((row.run_after - timezone.now()).total_seconds() for row in purge_tasks()) <= 5


def test_a_batch_is_delivered_once_the_site_is_back(settings, deliver_to):
    settings.WEBHOOK_SECRET = "shared-secret"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    deliver_to("shared-secret", delay=1.5)  # down for the first tries
    deliver_purge.enqueue("site", a_batch())
    deliver_until(lambda: purge_tasks().filter(return_value="delivered").exists())
    assert not purge_tasks().filter(status__in=("READY", "RUNNING")).exists()


def test_a_batch_delivered_again_later_is_taken_again(settings, deliver_to, monkeypatch):
    """An answer lost on the way back: the retry (at least a second later) is signed afresh, so
    the site takes it like the first (one more refetch), instead of refusing it as a replay."""
    settings.WEBHOOK_SECRET = "shared-secret"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    deliver_to("shared-secret")
    assert deliver_purge.call("site", a_batch()) == "delivered"
    now = time.time()
    monkeypatch.setattr("shared.signing.time.time", lambda: now + 1)
    assert deliver_purge.call("site", a_batch()) == "delivered"


def test_purge_site_cache_purges_everything_and_waits_for_the_answer(settings, deliver_to, capsys):
    settings.WEBHOOK_SECRET = "shared-secret"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    deliver_to("shared-secret")
    call_command("purge_site_cache")
    assert capsys.readouterr().out == "The site purged everything.\n"


def test_purge_site_cache_fails_when_the_site_refuses(settings, deliver_to):
    settings.WEBHOOK_SECRET = "not-the-site's-secret"
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    deliver_to("shared-secret")
    with pytest.raises(CommandError, match="did not confirm"):
        call_command("purge_site_cache")


def test_expiry_is_sent_when_the_scheduler_unpublishes(sent):
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    ArticlePage.objects.filter(pk=article.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    sent(lambda: call_command("publish_scheduled"))
    assert sent[0]["event"] == "page_unpublished" and FEET in sent[0]["paths"]
    article.refresh_from_db()
    assert not article.live and article.expired


def test_a_move_purges_the_old_address_of_the_page_and_its_descendants(sent):
    from cms.site_sync.signals import moved

    index = ArticleIndexPage.objects.get()
    sent(
        lambda: moved(
            ArticleIndexPage, instance=index, url_path_before="/kestrel-home/blog/", url_path_after=index.url_path
        )
    )
    paths = set(sent[0]["paths"])
    assert sent[0]["event"] == "page_moved"
    assert {"/blog/", "/blog/massage-for-the-feet/", "/articles/"} <= paths


def test_with_no_backend_a_publish_works_out_no_pages_and_queues_nothing(settings, monkeypatch):
    """SITE_PURGE_URL off and no cache in front: nobody would receive a purge, so none is computed."""
    from cms.site_sync import signals

    settings.SITE_PURGE_URL = ""
    settings.SITE_PURGE_BACKENDS = {"site": {"BACKEND": SITE_BACKEND}}
    worked_out = []
    real = signals.affected_pages
    monkeypatch.setattr(signals, "affected_pages", lambda *args: worked_out.append(args) or real(*args))
    purge_tasks().delete()
    article = ArticlePage.objects.get(slug="massage-for-the-feet")
    article.title = "Massage for tired feet"
    publish(article)
    assert worked_out == [] and not purge_tasks().exists()
    settings.SITE_PURGE_URL = "http://site.invalid/_cms/purge"  # the same publish with a site to tell
    publish(article)
    assert len(worked_out) == 1 and purge_tasks().exists()
