from django.apps import AppConfig


class TherapistsConfig(AppConfig):
    name = "cms.therapists"
    label = "therapists"
    verbose_name = "Therapists"
