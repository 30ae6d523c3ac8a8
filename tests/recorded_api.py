"""The CMS's own API answers for the Flask app, without a CMS server.

`responses` intercepts every request the site makes to CMS_URL and answers it with what Django's
test client gets from the real API over the test database: the answers are Wagtail's, current with
the code (their shapes are checked by tests/test_contract.py), never hand-written. Each exchange is
recorded in `RecordedCMS.requests`, so tests can count what the site asked for.

CMS_URL is the test settings' own CMS_PUBLIC_URL, so the media and page URLs in the answers point
where the site is told the CMS lives. Nothing listens there: a request the mock does not match fails.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import responses
from django.conf import settings
from django.test import Client

CMS_URL = settings.CMS_PUBLIC_URL
API_URL = f"{CMS_URL}/api/v2"


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str  # below API_URL, with its query string: "pages/find/?html_path=%2F"
    status: int


@dataclass
class RecordedCMS:
    """Stands in for a LiveCMS (the same `url` and `api_url`), answered in this process."""

    url: str = CMS_URL
    api_url: str = API_URL
    requests: list[Exchange] = field(default_factory=list)
    down: bool = False  # True: every request fails to connect, as with the CMS stopped

    def asked(self, prefix: str = "") -> list[str]:
        """The API paths asked for so far (with query strings) that start with `prefix`."""
        return [exchange.path for exchange in self.requests if exchange.path.startswith(prefix)]


def _django_answer(cms: RecordedCMS, client: Client):
    host = urlsplit(CMS_URL).netloc
    api_path = urlsplit(API_URL).path + "/"

    def answer(request: requests.PreparedRequest):
        if cms.down:
            raise requests.ConnectionError(f"the CMS is stopped ({request.url})")
        url = urlsplit(request.url)
        response = client.generic(
            request.method,
            url.path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            QUERY_STRING=url.query,
            HTTP_HOST=host,
        )
        path = url.path.removeprefix(api_path) + (f"?{url.query}" if url.query else "")
        cms.requests.append(Exchange(request.method, path, response.status_code))
        # `responses` sets the length itself; Django's would describe a different encoding.
        headers = {name: value for name, value in response.items() if name.lower() != "content-length"}
        return response.status_code, headers, response.content

    return answer


@contextmanager
def recorded_cms() -> Iterator[RecordedCMS]:
    """Inside, the site's requests to CMS_URL are answered by the CMS's views over the test database."""
    cms = RecordedCMS()
    answer = _django_answer(cms, Client())
    everything_below = re.compile(re.escape(CMS_URL) + r"(/.*)?")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in (responses.GET, responses.HEAD, responses.POST):
            mock.add_callback(method, everything_below, callback=answer)
        yield cms
