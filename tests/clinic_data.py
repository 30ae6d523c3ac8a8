"""The small clinic the end-to-end tests render, built with the factories inside a live CMS.

`build()` runs in the CMS's own process (see `run_python` in tests/conftest.py); the tests import
the constants below to know what to expect. Three articles in date order, two therapists, three
services whose booking buttons take each of the three sources (service, therapist, clinic).
"""

import datetime

CLINIC_BOOKING = "https://book.example.com/test-clinic"
CLINIC_EMAIL = "desk@example.com"
AINO_BOOKING = "https://book.example.com/test-clinic/aino"
HOT_STONES_BOOKING = "https://book.example.com/test-clinic/hot-stones"

SERVICES = {  # slug: title
    "hot-stone-massage": "Hot stone massage",
    "cupping-therapy": "Cupping therapy",
    "reflexology": "Reflexology",
}
THERAPISTS = {"aino-testinen": "Aino Testinen", "ville-esimerkki": "Ville Esimerkki"}
ARTICLES = {  # slug: (title, publication date), oldest first
    "warming-up-before-a-run": ("Warming up before a run", datetime.date(2026, 3, 2)),
    "ankle-care-for-walkers": ("Ankle care for walkers", datetime.date(2026, 4, 14)),
    "sleeping-well-after-training": ("Sleeping well after training", datetime.date(2026, 5, 30)),
}


def build() -> None:
    from cms.home.models import HomePage
    from tests import factories

    clinic = factories.build_clinic(default_booking_url=CLINIC_BOOKING, contact_email=CLINIC_EMAIL)
    # Any earlier tree (the demo) goes, so the clinic is the only one, as in production.
    for home in HomePage.objects.exclude(pk=clinic.home.pk):
        home.delete()

    services = factories.ServicePageFactory
    hot_stones = services(
        parent=clinic.services,
        title=SERVICES["hot-stone-massage"],
        booking_url=HOT_STONES_BOOKING,
        options=[{"duration_minutes": 45, "price": "55.00"}, {"duration_minutes": 90, "price": "92.50"}],
    )
    cupping = services(parent=clinic.services, title=SERVICES["cupping-therapy"])
    services(parent=clinic.services, title=SERVICES["reflexology"])

    aino = factories.TherapistPageFactory(
        parent=clinic.therapists,
        title=THERAPISTS["aino-testinen"],
        booking_url=AINO_BOOKING,
        working_days=["thursday", "tuesday"],
        services=[hot_stones, cupping],
        with_photo=True,
    )
    factories.TherapistPageFactory(
        parent=clinic.therapists, title=THERAPISTS["ville-esimerkki"], working_days=["friday"]
    )

    for slug, (title, date) in ARTICLES.items():
        fields = {}
        if slug == "ankle-care-for-walkers":  # the one with an author, a hero and a call to action
            body = [
                factories.paragraph("<p>Circle each foot ten times.</p>"),
                factories.call_to_action(service=hot_stones),
            ]
            fields = dict(author=aino, with_hero=True, tags=["walking", "ankles"], body=body)
        factories.ArticlePageFactory(parent=clinic.articles, title=title, slug=slug, publication_date=date, **fields)
