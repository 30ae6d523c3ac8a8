"""The purge webhook against hostile requests: odd headers, odd bodies, endless bodies.

Every one gets a clear 400, 403 or 413, never a 500, and nothing is read past the limit.
"""

import json
import time
from pathlib import Path

import pytest
import requests

from frontend.views.webhooks import MAX_BODY
from shared.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from shared.site_map import PURGE_PATH
from tests.conftest import make_site
from tests.live_servers import WEBHOOK_SECRET, LiveSite, free_port

GOOD_BODY = json.dumps({"paths": ["/articles/"], "event": "test"}).encode()
# Purges of named paths never call the CMS; nothing listens here.
NO_CMS = f"http://127.0.0.1:{free_port()}/api/v2"


@pytest.fixture
def client():
    return make_site(NO_CMS, WEBHOOK_SECRET=WEBHOOK_SECRET).test_client()


def post(client, body=GOOD_BODY, **headers):
    signed = sign(body, WEBHOOK_SECRET)
    return client.post(PURGE_PATH, data=body, headers={**signed, **headers})


def test_a_signed_purge_is_accepted(client):
    assert post(client).status_code == 200


@pytest.mark.parametrize(
    "timestamp",
    [
        "²",  # str.isdigit() says yes, int() says no
        "١٧٦٤٠٠٠٠٠٠",  # Arabic-Indic digits: int() reads them
        "1" * 5000,  # int() refuses more than 4300 digits
        str(int(time.time())) + "0" * 2,  # 13 digits
        f" {int(time.time())}",
        f"+{int(time.time())}",
        "-1",
        "",
    ],
    ids=["superscript", "arabic-indic", "5000-digits", "13-digits", "space", "plus", "negative", "empty"],
)
def test_a_malformed_timestamp_is_forbidden(client, timestamp):
    assert post(client, **{TIMESTAMP_HEADER: timestamp}).status_code == 403


@pytest.mark.parametrize(
    "signature",
    [
        "sha256=" + "é" * 64,  # hmac.compare_digest refuses non-ASCII text
        "sha256=" + "０" * 64,  # full-width digits
        "sha256=" + "0" * 63,
        "sha256=" + "0" * 65,
        "sha1=" + "0" * 40,
        "0" * 64,
        "sha256=",
    ],
    ids=["non-ascii", "full-width", "short", "long", "other-scheme", "no-scheme", "empty-value"],
)
def test_a_malformed_signature_is_forbidden(client, signature):
    assert post(client, **{SIGNATURE_HEADER: signature}).status_code == 403


def test_a_signature_in_capitals_is_forbidden(client):
    signature = sign(GOOD_BODY, WEBHOOK_SECRET)[SIGNATURE_HEADER]
    assert post(client, **{SIGNATURE_HEADER: signature.upper()}).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000,  # json.loads recurses once per level
        b'{"paths": ["/\\ud800"]}',  # a lone surrogate: no cache key or file name holds it
        b'{"paths": ["/a\\u0000b"]}',
        b'{"paths": ["/\\n"]}',
        b"\xff\xfe\x00",
        b'{"paths": "/"}',
        b'{"all": "yes"}',
    ],
    ids=["deep", "surrogate", "nul", "newline", "not-text", "paths-not-a-list", "all-not-a-bool"],
)
def test_a_signed_malformed_body_is_a_bad_request(client, body):
    assert post(client, body).status_code == 400


def test_the_largest_body_is_read_whole(client):
    body = json.dumps({"paths": ["/"], "pad": "x" * (MAX_BODY - 30)}).encode()
    body += b" " * (MAX_BODY - len(body))
    assert post(client, body).status_code == 200


def test_one_byte_more_is_too_large(client):
    assert post(client, b" " * (MAX_BODY + 1)).status_code == 413


def test_a_malformed_content_length_reads_as_no_body(client):
    response = client.post(
        PURGE_PATH, data=GOOD_BODY, headers=sign(GOOD_BODY, WEBHOOK_SECRET), environ_overrides={"CONTENT_LENGTH": "abc"}
    )
    assert response.status_code == 403  # read as empty: not what was signed


# -- a real gunicorn site --------------------------------------------------------------


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    site = LiveSite(NO_CMS, Path(tmp_path_factory.mktemp("hostile-site-cache")), workers=1).start()
    yield site
    site.stop()


def worker_memory(site: LiveSite, field: str) -> int:
    """A /proc/<pid>/status figure in kB of the site's only gunicorn worker."""
    master = site.process.pid
    (worker,) = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for line in Path(f"/proc/{worker}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{worker}/status")


def chunks(total: int, size: int = 64 * 1024):
    """A body without Content-Length: requests sends a generator chunked."""
    block = b" " * size
    for _ in range(total // size):
        yield block


@pytest.mark.e2e
def test_a_chunked_signed_purge_is_accepted(live_site):
    headers = sign(GOOD_BODY, WEBHOOK_SECRET)
    response = requests.post(live_site.url + PURGE_PATH, data=iter([GOOD_BODY[:10], GOOD_BODY[10:]]), headers=headers)
    assert response.status_code == 200


@pytest.mark.e2e
def test_an_endless_chunked_body_is_refused_without_being_read(live_site):
    # Settle the worker first (code paths loaded), then take its peak memory so far.
    requests.post(live_site.url + PURGE_PATH, data=chunks(2 * MAX_BODY), timeout=30)
    peak_before = worker_memory(live_site, "VmHWM")

    response = requests.post(live_site.url + PURGE_PATH, data=chunks(200 * 1024 * 1024), timeout=60)

    assert response.status_code == 413
    grown_kb = worker_memory(live_site, "VmHWM") - peak_before
    assert grown_kb < 20 * 1024, f"the worker's peak memory grew by {grown_kb} kB"
