from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "cms.booking"
    label = "booking"
    verbose_name = "Booking"
