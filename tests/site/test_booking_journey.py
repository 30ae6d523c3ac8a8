"""The whole chain on real servers: a reader clicks booking buttons on the gunicorn site, the
site restarts, the CMS's scheduler command collects the counts, and the Wagtail admin's
report (and its CSV export) shows exactly the clicks made."""

import csv
import io
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup

from shared.booking_clicks import CLICKS_PATH
from tests.booking_links import untagged
from tests.clinic_data import AINO_BOOKING, HOT_STONES_BOOKING

pytestmark = pytest.mark.e2e

BROWSER = {
    "User-Agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"
}
ANKLES = "/articles/ankle-care-for-walkers/"


def click(site_url: str, href: str, **kwargs) -> requests.Response:
    """Follow a button's link as a browser does, stopping at the redirect to the booking system."""
    return requests.request(kwargs.pop("method", "GET"), site_url + href, allow_redirects=False, **kwargs)


def test_clicks_survive_a_site_restart_and_reach_the_report(clinic_cms_source, cms_copy, live_site):
    cms = cms_copy(clinic_cms_source, start=False)
    site = live_site(cms.api_url, workers=2)
    cms.env["SITE_CLICKS_URL"] = site.url + CLICKS_PATH
    cms.start()

    page = BeautifulSoup(requests.get(site.url + ANKLES).text, "html.parser")
    links = {link["data-booking-place"]: link for link in page.select("a[data-booking-place]")}
    cta, author = links["cta_block"], links["author_card"]
    for link, times in ((cta, 2), (author, 1)):
        for _ in range(times):
            response = click(site.url, link["href"], headers=BROWSER)
            assert response.status_code == 302
            assert response.headers["Location"] == link["data-booking-url"]
    assert untagged(cta["data-booking-url"]) == HOT_STONES_BOOKING
    assert untagged(author["data-booking-url"]) == AINO_BOOKING
    assert dict(parse_qsl(urlsplit(cta["data-booking-url"]).query))["utm_campaign"] == "ankle-care-for-walkers"
    # Not readers: not counted.
    assert click(site.url, cta["href"], method="HEAD", headers=BROWSER).status_code == 302
    assert (
        click(site.url, cta["href"], headers={"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0)"}).status_code == 302
    )

    site.stop()
    site.start()  # the same cache folder: the pending counts are still there
    cms.manage("collect_booking_clicks")

    admin = cms.admin_session()
    report = admin.get(f"{cms.url}/admin/reports/booking-clicks/")
    assert report.status_code == 200
    rows = BeautifulSoup(report.text, "html.parser").select("table.booking-clicks tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["Ankle care for walkers"]
    assert [int(rows[0].select_one(f'td[data-window="{days}"]').get_text()) for days in (7, 30, 90)] == [3, 3, 3]
    places = [item.get_text(strip=True) for item in rows[0].select(".booking-clicks__places li")]
    assert places == ["Call-to-action block: 67% (2)", "Author card: 33% (1)"]

    exported = admin.get(f"{cms.url}/admin/reports/booking-clicks/", params={"export": "csv"})
    assert list(csv.reader(io.StringIO(exported.text)))[1:] == [
        ["Ankle care for walkers", "Article", "3", "3", "3", "Call-to-action block 67%, Author card 33%"],
    ]
    # Collected once: a second run finds nothing new and the figures stay.
    cms.manage("collect_booking_clicks")
    again = BeautifulSoup(admin.get(f"{cms.url}/admin/reports/booking-clicks/").text, "html.parser")
    assert again.select_one('table.booking-clicks td[data-window="90"]').get_text() == "3"
