"""Structured data (schema.org JSON-LD) for each page type, built from its CMS answer.

Article -> BlogPosting; therapist -> ProfilePage about a Person; service -> Service with
an Offer per option and a ReserveAction for booking; home -> the clinic as a
MedicalBusiness; every other page -> a BreadcrumbList (inner pages get one as well).

The template writes each block with Flask's `|tojson`, which spells `<`, `>`, `&` and `'`
as \\u003c, \\u003e, \\u0026, \\u0027 (and anything beyond ASCII as \\u escapes): JSON parsers
read them back unchanged, and no text an editor typed ("</script><script>...") can end the
<script> element early. The blocks are data, not code: browsers never run them, so the
site's CSP (`script-src 'self'`) leaves them alone.
"""

from flask import current_app

from shared.booking import is_safe_booking_url
from shared.site_map import ARTICLE, HOME, INDEX_SLUGS, ITEM_SECTIONS, SERVICE, THERAPIST

from .public_urls import public_url, with_media_url

CONTEXT = "https://schema.org"
CURRENCY = "EUR"  # service prices are in euros (ServiceOption.price)
CLINIC_TYPE = "MedicalBusiness"
HEADLINE_LENGTH = 110  # what Google reads of a BlogPosting headline


def compact(value):
    """Drop empty values (None, "", [], {}) at every level: schema.org wants absent, not blank."""
    if isinstance(value, dict):
        items = ((key, compact(item)) for key, item in value.items())
        return {key: item for key, item in items if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [item for item in map(compact, value) if item not in (None, "", [], {})]
    return value


def image_object(image):
    if not image or not image.get("url"):
        return None
    return {"@type": "ImageObject", "url": image["url"], "width": image.get("width"), "height": image.get("height")}


class Builder:
    """Blocks for one page; `head` is head.page_head's answer (canonical URL, image)."""

    def __init__(self, page: dict, clinic: dict, head: dict, days=None):
        self.page, self.clinic, self.head = page, clinic or {}, head
        self.days = days  # clinic_days.ClinicDays: the hours and closures the page shows
        self.seo = page.get("seo") or {}
        self.type = (page.get("meta") or {}).get("type")
        self.url = head["canonical"]
        self.home = public_url("/")

    def image(self, image):
        return image_object(with_media_url(image))

    # -- the clinic -----------------------------------------------------------------------

    def clinic_reference(self) -> dict:
        """The clinic in short, where another thing names it (publisher, provider, employer)."""
        business = self.clinic.get("business") or {}
        return {
            "@type": CLINIC_TYPE,
            "@id": f"{self.home}#clinic",
            "name": business.get("name") or current_app.config["SITE_NAME"],
            "url": self.home,
            "logo": public_url("/static/icons/icon-512.png"),
        }

    def clinic_entity(self) -> dict:
        business = self.clinic.get("business") or {}
        booking = self.clinic.get("booking") or {}
        return {
            **self.clinic_reference(),
            "@context": CONTEXT,
            "description": self.seo.get("description"),
            "image": self.image(self.seo.get("image")) or public_url("/static/icons/icon-512.png"),
            "email": self.clinic.get("contact_email"),
            "telephone": business.get("telephone"),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": business.get("street_address"),
                "postalCode": business.get("postal_code"),
                "addressLocality": business.get("address_locality"),
                "addressCountry": business.get("address_country"),
            }
            if business.get("street_address") or business.get("address_locality")
            else None,
            "openingHoursSpecification": self.opening_hours(),
            "employee": [self.person(therapist) for therapist in self.page.get("therapists") or ()],
            "potentialAction": self.reserve_action(booking),
        }

    def opening_hours(self) -> list[dict]:
        """The week and the closures coming up, exactly as the footer shows them; a closed day
        is opens = closes = 00:00 for its dates (schema.org's way of saying closed)."""
        if self.days is None:
            return []
        spec = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"{CONTEXT}/{day['weekday'].capitalize()}",
                "opens": opens,
                "closes": closes,
            }
            for day in (self.days.opening_hours() if self.clinic.get("opening_hours") else ())
            for opens, closes in day["hours"]
        ]
        for closure in self.days.closures() if self.clinic.get("closures") else ():
            spec.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "opens": "00:00",
                    "closes": "00:00",
                    "validFrom": closure["first"].isoformat(),
                    "validThrough": (closure["last"] or closure["first"]).isoformat(),
                }
            )
        return spec

    # -- people and actions -----------------------------------------------------------------

    def person(self, card: dict) -> dict:
        """A therapist (an AuthorCard) as a Person, linking their page."""
        return {
            "@type": "Person",
            "@id": f"{public_url(card['url'])}#person",
            "name": card.get("title"),
            "jobTitle": card.get("role"),
            "url": public_url(card["url"]),
            "image": self.image(card.get("photo")),
        }

    def reserve_action(self, button) -> dict | None:
        if not button or not is_safe_booking_url(button.get("url")):
            return None
        return {
            "@type": "ReserveAction",
            "name": button.get("label"),
            "target": {"@type": "EntryPoint", "urlTemplate": button["url"]},
        }

    # -- page types ---------------------------------------------------------------------------

    def article(self) -> dict:
        page = self.page
        author = self.person(page["author"]) if page.get("author") else self.clinic_reference()
        return {
            "@context": CONTEXT,
            "@type": "BlogPosting",
            "@id": f"{self.url}#article",
            "mainEntityOfPage": self.url,
            "url": self.url,
            "headline": (page.get("title") or "")[:HEADLINE_LENGTH],
            "description": self.seo.get("description"),
            "image": self.image(self.seo.get("image")),
            "datePublished": self.seo.get("published"),
            "dateModified": self.seo.get("modified") or self.seo.get("published"),
            "author": author,
            "publisher": self.clinic_reference(),
            "keywords": page.get("tags") or None,
            "inLanguage": "en-GB",
        }

    def therapist(self) -> dict:
        page = self.page
        person = {
            **self.person({**page, "url": self.url}),
            "@id": f"{self.url}#person",
            "description": self.seo.get("description"),
            "email": page.get("contact_email"),
            "worksFor": self.clinic_reference(),
        }
        return {
            "@context": CONTEXT,
            "@type": "ProfilePage",
            "url": self.url,
            "name": self.seo.get("title"),
            "dateCreated": self.seo.get("published"),
            "dateModified": self.seo.get("modified"),
            "mainEntity": person,
        }

    def service(self) -> dict:
        page = self.page
        offers = [
            {
                "@type": "Offer",
                "name": f"{option.get('label') or page.get('title')}, {option['duration_minutes']} min",
                "price": option["price"],
                "priceCurrency": CURRENCY,
                # How long the appointment lasts: schema.org has no duration on an Offer of a service.
                "eligibleDuration": {
                    "@type": "QuantitativeValue",
                    "value": option["duration_minutes"],
                    "unitCode": "MIN",
                },
                "url": self.url,
            }
            for option in page.get("options") or ()
        ]
        return {
            "@context": CONTEXT,
            "@type": "Service",
            "@id": f"{self.url}#service",
            "name": page.get("title"),
            "serviceType": page.get("title"),
            "description": self.seo.get("description"),
            "url": self.url,
            "image": self.image(self.seo.get("image")),
            "provider": self.clinic_reference(),
            "offers": offers,
            "potentialAction": self.reserve_action(page.get("booking")),
        }

    def breadcrumbs(self) -> dict | None:
        """Home > section > page, for every page but the home page."""
        if self.type == HOME:
            return None
        crumbs = [(current_app.config["SITE_NAME"], self.home)]
        parent = (self.page.get("meta") or {}).get("parent")
        if self.type in ITEM_SECTIONS and parent:
            crumbs.append((parent.get("title"), public_url(f"/{ITEM_SECTIONS[self.type]}/")))
        if self.head.get("crumb_through_page") and self.type in INDEX_SLUGS:  # a tag archive: under its list
            crumbs.append((self.page.get("title"), public_url(f"/{INDEX_SLUGS[self.type]}/")))
        crumbs.append((self.head.get("crumb") or self.page.get("title"), self.url))
        return {
            "@context": CONTEXT,
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": url}
                for position, (name, url) in enumerate(crumbs, start=1)
            ],
        }

    def blocks(self) -> list[dict]:
        main = {HOME: self.clinic_entity, ARTICLE: self.article, THERAPIST: self.therapist, SERVICE: self.service}.get(
            self.type
        )
        return [compact(block) for block in (main() if main else None, self.breadcrumbs()) if block]


def blocks(page, clinic, head, days=None) -> list[dict]:
    """The JSON-LD objects for a page (none without a CMS answer)."""
    if not page or not head.get("canonical"):
        return []
    return Builder(page, clinic, head, days).blocks()


def clinic_blocks(clinic, head, days) -> list[dict]:
    """The clinic as a MedicalBusiness, for the Visit us page."""
    return [compact(Builder({}, clinic, head, days).clinic_entity())]
