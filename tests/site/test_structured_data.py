"""JSON-LD on every page, read back with a JSON parser: BlogPosting, ProfilePage about a Person,
Service with Offers and a booking action, the clinic as a MedicalBusiness, BreadcrumbList.

Rendered by the real Flask templates from the real API's answers (factory-built pages), and
end to end from the live Wagtail of tests/clinic_data.py through the site over HTTP.
"""

import datetime
import json

import pytest

from tests.conftest import make_site
from tests.factories import ArticlePageFactory, ImageFactory, ServicePageFactory, TherapistPageFactory
from tests.live_servers import free_port
from tests.site.head_parsing import PUBLIC, SITE_NAME, Head

HOSTILE = "Stretch </script><script>alert(1)</script> & <!-- relax -->"


def test_an_article_is_a_blog_posting_by_a_person_with_a_page(render_head, clinic):
    author = TherapistPageFactory(
        parent=clinic.therapists, title="Aino Testinen", role="Sports massage therapist", slug="aino"
    )
    article = ArticlePageFactory(
        parent=clinic.articles,
        title="Ankle care",
        slug="ankle-care",
        summary="Keep ankles moving.",
        publication_date=datetime.date(2026, 4, 14),
        author=author,
        with_hero=True,
        tags=["walking"],
    )
    head = render_head("/articles/ankle-care/")
    posting = head.json_ld_of("BlogPosting")

    assert posting["@context"] == "https://schema.org"
    assert posting["headline"] == "Ankle care"
    assert posting["description"] == "Keep ankles moving."
    assert posting["url"] == posting["mainEntityOfPage"] == f"{PUBLIC}/articles/ankle-care/"
    assert posting["datePublished"] == "2026-04-14"
    assert datetime.datetime.fromisoformat(posting["dateModified"]) == article.last_published_at
    assert posting["image"]["url"] == head.meta("og:image")
    assert posting["image"]["width"] == 1200
    assert posting["author"] == {
        "@type": "Person",
        "@id": f"{PUBLIC}/therapists/aino/#person",
        "name": "Aino Testinen",
        "jobTitle": "Sports massage therapist",
        "url": f"{PUBLIC}/therapists/aino/",
    }
    assert posting["publisher"]["@type"] == "MedicalBusiness"
    assert posting["publisher"]["name"] == "Test Clinic Oy"  # the booking settings' clinic name
    assert posting["publisher"]["logo"].startswith(PUBLIC)
    assert posting["keywords"] == ["walking"]


def test_an_article_without_an_author_is_the_clinics(render_head, clinic):
    ArticlePageFactory(parent=clinic.articles, slug="news")
    posting = render_head("/articles/news/").json_ld_of("BlogPosting")
    assert posting["author"]["@type"] == "MedicalBusiness" and "image" not in posting


def test_editable_text_cannot_close_the_script_element(render_head, clinic):
    ArticlePageFactory(
        parent=clinic.articles, title=HOSTILE, slug="hostile", summary=f"Summary {HOSTILE}", tags=["</script>"]
    )
    head = render_head("/articles/hostile/")
    scripts = head.soup.find_all("script")
    # Only the JSON-LD blocks: no script element an editor's text opened.
    assert [tag.get("type") for tag in scripts] == ["application/ld+json"] * len(scripts) and scripts
    posting = head.json_ld_of("BlogPosting")
    assert posting["headline"] == HOSTILE
    assert posting["description"] == f"Summary {HOSTILE}"
    assert posting["keywords"] == ["</script>"]
    assert head.json_ld_of("BreadcrumbList")["itemListElement"][-1]["name"] == HOSTILE
    for tag in scripts:
        assert "<" not in tag.string and ">" not in tag.string and "&" not in tag.string


def test_json_is_escaped_for_html_and_reads_back_unchanged():
    """As partials/head_meta.html writes each block: Flask's |tojson."""
    app = make_site(f"http://127.0.0.1:{free_port()}/api/v2")
    data = {"a": "</script><!-- & \u2028 -->", "b": ["<", ">"]}
    with app.app_context():
        text = app.jinja_env.from_string("{{ data|tojson }}").render(data=data)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == data


def test_a_therapist_page_is_a_profile_page_about_a_person(render_head, clinic):
    TherapistPageFactory(
        parent=clinic.therapists,
        title="Ville Esimerkki",
        role="Physiotherapist",
        slug="ville",
        contact_email="ville@example.com",
        with_photo=True,
    )
    head = render_head("/therapists/ville/")
    profile = head.json_ld_of("ProfilePage")
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["name"] == "Ville Esimerkki" and person["jobTitle"] == "Physiotherapist"
    assert person["url"] == profile["url"] == f"{PUBLIC}/therapists/ville/"
    assert person["email"] == "ville@example.com"
    assert person["image"]["url"].startswith("http")
    assert person["worksFor"]["@id"] == f"{PUBLIC}/#clinic"
    assert "dateModified" in profile


def test_a_service_has_offers_with_price_and_duration_and_a_booking_action(render_head, clinic):
    ServicePageFactory(
        parent=clinic.services,
        title="Hot stone massage",
        slug="hot-stones",
        booking_url="https://book.example.com/hot",
        options=[
            {"duration_minutes": 45, "price": "55.00"},
            {"label": "Long", "duration_minutes": 90, "price": "92.50"},
        ],
    )
    service = render_head("/services/hot-stones/").json_ld_of("Service")
    assert service["name"] == "Hot stone massage"
    assert service["url"] == f"{PUBLIC}/services/hot-stones/"
    assert service["provider"]["@id"] == f"{PUBLIC}/#clinic"
    offers = [
        (
            o["@type"],
            o["name"],
            o["price"],
            o["priceCurrency"],
            o["eligibleDuration"]["value"],
            o["eligibleDuration"]["unitCode"],
        )
        for o in service["offers"]
    ]
    assert offers == [
        ("Offer", "Hot stone massage, 45 min", "55.00", "EUR", 45, "MIN"),
        ("Offer", "Long, 90 min", "92.50", "EUR", 90, "MIN"),
    ]
    action = service["potentialAction"]
    assert action["@type"] == "ReserveAction"
    assert action["target"] == {"@type": "EntryPoint", "urlTemplate": "https://book.example.com/hot"}
    assert action["name"] == "Book hot stone massage"


def test_the_home_page_describes_the_clinic_from_its_settings(render_head, clinic):
    TherapistPageFactory(parent=clinic.therapists, title="Aino Testinen", slug="aino")
    head = render_head("/")
    business = head.json_ld_of("MedicalBusiness")
    assert business["name"] == "Test Clinic Oy"
    assert business["url"] == f"{PUBLIC}/"
    assert business["telephone"] == "+358 40 123 4567"
    assert business["email"] == "desk@example.com"
    assert business["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Testikatu 1",
        "postalCode": "00100",
        "addressLocality": "Helsinki",
        "addressCountry": "FI",
    }
    assert [person["name"] for person in business["employee"]] == ["Aino Testinen"]
    assert business["potentialAction"]["target"]["urlTemplate"] == "https://book.example.com/clinic"
    assert [block["@type"] for block in head.json_ld()] == ["MedicalBusiness"]  # no breadcrumbs at home


def test_the_clinic_without_a_name_or_address_is_the_site_with_no_blank_fields(render_head, clinic):
    for field in ("business_name", "telephone", "street_address", "postal_code", "address_locality"):
        setattr(clinic.booking, field, "")
    clinic.booking.save()
    business = render_head("/").json_ld_of("MedicalBusiness")
    assert business["name"] == SITE_NAME
    assert "address" not in business and "telephone" not in business


def test_inner_pages_have_breadcrumbs_home_section_page(render_head, clinic):
    ServicePageFactory(parent=clinic.services, title="Cupping", slug="cupping")
    crumbs = render_head("/services/cupping/").json_ld_of("BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, SITE_NAME, f"{PUBLIC}/"),
        (2, "Services", f"{PUBLIC}/services/"),
        (3, "Cupping", f"{PUBLIC}/services/cupping/"),
    ]
    crumbs = render_head("/therapists/").json_ld_of("BreadcrumbList")["itemListElement"]
    assert [(c["name"], c["item"]) for c in crumbs] == [
        (SITE_NAME, f"{PUBLIC}/"),
        ("Our therapists", f"{PUBLIC}/therapists/"),
    ]


def test_the_social_image_is_the_one_structured_data_names(render_head, clinic):
    social = ImageFactory(description="The clinic's waiting room")
    ServicePageFactory(parent=clinic.services, slug="social", with_image=True, social_image=social)
    head = render_head("/services/social/")
    assert head.json_ld_of("Service")["image"]["url"] == head.meta("og:image")


# -- end to end ------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_every_page_of_the_live_site_has_parseable_json_ld(clinic_cms, live_site):
    import requests

    from tests.clinic_data import ARTICLES, HOT_STONES_BOOKING, SERVICES, THERAPISTS

    site = live_site(clinic_cms.api_url, workers=1, SITE_PUBLIC_URL=PUBLIC)
    expected = {"/": "MedicalBusiness", "/articles/": None, "/therapists/": None, "/services/": None}
    expected |= {f"/articles/{slug}/": "BlogPosting" for slug in ARTICLES}
    expected |= {f"/therapists/{slug}/": "ProfilePage" for slug in THERAPISTS}
    expected |= {f"/services/{slug}/": "Service" for slug in SERVICES}
    for path, main_type in expected.items():
        answer = requests.get(f"{site.url}{path}", timeout=10)
        assert answer.status_code == 200, path
        types = [block["@type"] for block in Head(answer.text).json_ld()]
        assert types == ([main_type] if main_type else []) + (["BreadcrumbList"] if path != "/" else []), path

    article = Head(requests.get(f"{site.url}/articles/ankle-care-for-walkers/", timeout=10).text).json_ld_of(
        "BlogPosting"
    )
    assert article["author"]["name"] == "Aino Testinen"
    assert article["author"]["url"] == f"{PUBLIC}/therapists/aino-testinen/"
    assert requests.get(article["image"]["url"], timeout=10).status_code == 200
    service = Head(requests.get(f"{site.url}/services/hot-stone-massage/", timeout=10).text).json_ld_of("Service")
    assert [offer["price"] for offer in service["offers"]] == ["55.00", "92.50"]
    assert service["potentialAction"]["target"]["urlTemplate"] == HOT_STONES_BOOKING


CHROMIUM = "/usr/bin/chromium"


def chromium_console(url: str) -> tuple[str, str]:
    """(the page's DOM, Chromium's log with the page's console messages), from headless Chromium."""
    import subprocess

    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    return result.stdout, result.stderr


def script_violations(log: str) -> list[str]:
    """Console lines where the CSP blocked a script (images from the test's CMS port may be blocked too)."""
    return [line for line in log.splitlines() if "Content Security Policy" in line and "script-src" in line]


@pytest.mark.e2e
def test_a_browser_reports_no_csp_violation_for_json_ld(clinic_cms, live_site):
    """JSON-LD is not executed, so the site's `script-src 'self'` (no inline scripts) does not block it."""
    import os
    from urllib.parse import quote

    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Chromium is not installed here")
    # The check itself: an inline script under the same policy is reported.
    control = (
        "<meta http-equiv='Content-Security-Policy' content=\"script-src 'self'\"><script>document.title='ran'</script>"
    )
    assert script_violations(chromium_console("data:text/html," + quote(control))[1])

    site = live_site(clinic_cms.api_url, workers=1, SITE_PUBLIC_URL=PUBLIC)
    dom, log = chromium_console(f"{site.url}/articles/ankle-care-for-walkers/")
    assert 'type="application/ld+json"' in dom
    assert script_violations(log) == []
