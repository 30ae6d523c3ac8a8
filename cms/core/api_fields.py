"""Computed fields for the API.

Only `rest_framework` is imported here: a models module that imported Wagtail's
API views would fail at start-up, because the Page model is swappable.
"""

from rest_framework.fields import Field


class PageMethodField(Field):
    """Serialises `page.<method>(request)`: a value the page computes for the API."""

    def __init__(self, method_name, **kwargs):
        self.method_name = method_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        return getattr(page, self.method_name)(self.context.get("request"))
