"""The CMS's settings plus Wagtail rendering article pages itself at /rendered/<path>, with a
plain template: the comparison server of bench/throughput.py, and nothing else.

    DJANGO_SETTINGS_MODULE=bench.wagtail_rendering_settings gunicorn cms.wsgi:application
"""

from cms.settings import *  # noqa: F403
from cms.settings import REPO_DIR, TEMPLATES

TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], REPO_DIR / "bench" / "wagtail_templates"]}]
ROOT_URLCONF = "bench.wagtail_rendering_urls"
