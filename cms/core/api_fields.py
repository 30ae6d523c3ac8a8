"""Computed fields for the API.

Only `rest_framework` is imported here: a models module that imported Wagtail's
API views would fail at start-up, because the Page model is swappable.
"""

from rest_framework.fields import Field


def card_page_ids(cards) -> set[int]:
    """Ids of the pages a list of cards shows: each card's page and the author an article card names."""
    ids = set()
    for card in cards or ():
        ids.add(card["id"])
        if card.get("author"):
            ids.add(card["author"]["id"])
    return ids


def breadcrumb_id(answer: dict) -> set[int]:
    """The section page a detail page's breadcrumb links to (its parent in the answer's meta)."""
    parent = answer.get("meta", {}).get("parent")
    return {parent["id"]} if parent else set()


class PageMethodField(Field):
    """Serialises `page.<method>(request)`: a value the page computes for the API."""

    def __init__(self, method_name, **kwargs):
        self.method_name = method_name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, page):
        return getattr(page, self.method_name)(self.context.get("request"))
