"""Collecting booking-click counts from the site: a signed POST, stored as daily aggregates.

The site answers with every batch not yet acknowledged (shared/booking_clicks.py). Each
batch is stored in one transaction together with its id, so a batch handed over twice
(the acknowledgement was lost) is counted once; then the CMS acknowledges it and the
site drops it. Runs from the scheduler (`run_scheduler`) and `collect_booking_clicks`.
"""

import json
import logging
import uuid
from datetime import date

import requests
from django.conf import settings
from django.db import transaction
from django.db.models import F
from wagtail.models import Page

from shared.booking import is_safe_booking_url
from shared.booking_clicks import BATCH_ID_FORMAT, DAY_FORMAT, MAX_DESTINATION, PLACES
from shared.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, SignatureError, sign, verify

from .models import BookingClickDay, CollectedBatch

log = logging.getLogger(__name__)

MAX_ROUNDS = 10  # batches sealed while we collect are taken next time


class CollectError(Exception):
    """The site could not be asked, or its answer was not a signed list of batches."""


def ask_site(ack: list[str], *, url: str, secret: str, timeout: float) -> list[dict]:
    # A fresh id: two collections in one second must not look like a replay to the site.
    body = json.dumps({"ack": ack, "id": uuid.uuid4().hex}).encode()
    try:
        response = requests.post(
            url, data=body, timeout=timeout, headers={"Content-Type": "application/json", **sign(body, secret)}
        )
    except requests.RequestException as error:
        raise CollectError(f"the site is unreachable: {error}") from error
    if response.status_code != 200:
        raise CollectError(f"the site answered {response.status_code}")
    try:
        verify(response.content, response.headers.get(TIMESTAMP_HEADER), response.headers.get(SIGNATURE_HEADER), secret)
        batches = json.loads(response.content)["batches"]
    except (SignatureError, ValueError, KeyError, TypeError) as error:
        raise CollectError(f"the site's answer is not a signed list of batches: {error}") from error
    if not isinstance(batches, list):
        raise CollectError("the site's 'batches' is not a list")
    return batches


def valid_clicks(batch: dict) -> list[tuple[date, int, str, str, int]]:
    """The batch's well-formed clicks on pages that exist; anything else is dropped."""
    rows = []
    for click in batch.get("clicks") or []:
        try:
            day, page, place, destination, count = (
                click["day"],
                click["page"],
                click["place"],
                click["destination"],
                click["count"],
            )
        except (KeyError, TypeError):
            continue
        if not (
            isinstance(day, str)
            and DAY_FORMAT.fullmatch(day)
            and type(page) is int
            and place in PLACES
            and type(count) is int
            and count > 0
            and isinstance(destination, str)
            and len(destination) <= MAX_DESTINATION
            and is_safe_booking_url(destination)
        ):
            continue
        try:
            rows.append((date.fromisoformat(day), page, place, destination, count))
        except ValueError:
            continue
    existing = set(Page.objects.filter(pk__in={row[1] for row in rows}).values_list("pk", flat=True))
    return [row for row in rows if row[1] in existing]


def store_batch(batch: dict) -> bool:
    """Add a batch's counts to the daily aggregates; False if it was stored before."""
    batch_id = batch.get("id")
    if not (isinstance(batch_id, str) and BATCH_ID_FORMAT.fullmatch(batch_id)):
        raise CollectError(f"malformed batch id {batch_id!r}")
    with transaction.atomic():
        _receipt, new = CollectedBatch.objects.get_or_create(id=batch_id)
        if not new:
            return False
        for day, page, place, destination, count in valid_clicks(batch):
            key = {"day": day, "page_id": page, "place": place, "destination": destination}
            if not BookingClickDay.objects.filter(**key).update(count=F("count") + count):
                BookingClickDay.objects.create(**key, count=count)
    return True


def collect(url: str | None = None, secret: str | None = None, timeout: float = 10) -> int:
    """Collect and store every pending batch; returns how many batches were new."""
    url = settings.SITE_CLICKS_URL if url is None else url
    if not url:
        return 0
    secret = secret or settings.WEBHOOK_SECRET
    stored, ack = 0, []
    for _round in range(MAX_ROUNDS):
        batches = ask_site(ack, url=url, secret=secret, timeout=timeout)
        if not batches and not ack:
            break
        ack = []
        for batch in batches:
            stored += store_batch(batch if isinstance(batch, dict) else {})
            ack.append(batch["id"])
        if not ack:
            break
    if stored:
        log.info("Stored %s batch(es) of booking clicks from the site", stored)
    return stored
