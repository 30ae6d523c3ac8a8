from django.apps import AppConfig


class BookingClicksConfig(AppConfig):
    name = "cms.booking_clicks"
    label = "booking_clicks"
    verbose_name = "Booking clicks"
    default_auto_field = "django.db.models.BigAutoField"
