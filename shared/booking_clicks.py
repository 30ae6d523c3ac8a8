"""Booking-click counts: what the site records and the CMS collects.

A booking button on the site links to `/book/<token>`; the token (signed by the site)
names the page the button is on, the button's place and where it sends the reader.
The site counts each click by (day, page, place, destination), nothing else: no
cookie, no address, no user agent. The CMS's scheduler collects the counts with a
signed POST to CLICKS_PATH (see shared/signing.py):

    request:  {"ack": ["<batch id>", ...],       batches the CMS has stored
               "id": "<random>"}                  so that no two requests are alike (replays are refused)
    answer:   {"batches": [{"id": "<batch id>",
                            "clicks": [{"day": "2026-11-25", "page": 12, "place": "cta_block",
                                        "destination": "https://...", "count": 3}, ...]}]}

The site drops acknowledged batches, seals what is pending into a new batch and
answers with every batch not yet acknowledged; the CMS stores each batch once.
"""

import re

CLICKS_PATH = "/_cms/booking-clicks"
REDIRECT_PREFIX = "/book/"

# Where a button sits on a page (utm_content), and what the report calls it.
PLACES = {
    "header": "Header",
    "home": "Home page introduction",
    "cta_block": "Call-to-action block",
    "author_card": "Author card",
    "article_end": "End of article",
    "service_page": "Service page",
    "therapist_page": "Therapist page",
    "therapist_card": "Therapist card",
}

UTM_MEDIUM = "booking_button"
DEFAULT_UTM_SOURCE = "clinic_website"
# A source name as the booking system sees it: short, plain, safe in a query string.
UTM_SOURCE_FORMAT = re.compile(r"\A[A-Za-z0-9._-]{1,60}\Z")

DAY_FORMAT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
BATCH_ID_FORMAT = re.compile(r"[0-9a-f]{32}")
MAX_DESTINATION = 1000  # characters; longer booking URLs get a button but no count
