"""What an article's API answer shows, as the site's surrogate keys name it: the pages whose data
appear on it and the lists its related articles were chosen from."""

from cms.articles.related import RELATED_COUNT
from cms.core.api_fields import breadcrumb_id, card_page_ids
from shared.surrogate_keys import section_key, tag_key


def page_ids(answer: dict) -> set[int]:
    """Section, author, neighbours, call-to-action targets, related articles (and their authors)."""
    ids = breadcrumb_id(answer) | card_page_ids(answer.get("related"))
    ids.update(answer[name]["id"] for name in ("author", "previous", "next") if answer.get(name))
    ids.update(
        block["value"]["page_id"]
        for block in answer.get("body") or ()
        if block["type"] == "call_to_action" and block["value"].get("page_id")
    )
    return ids


def keys(answer: dict) -> set[str]:
    """The related list is chosen among the articles sharing a tag (their tags' keys) and filled up
    with the newest (the article list's key) when fewer than RELATED_COUNT share one."""
    own = set(answer.get("tags") or ())
    found = {tag_key(name) for name in own}
    cards = answer.get("related") or []
    if len(cards) < RELATED_COUNT or any(not own & set(card["tags"]) for card in cards):
        found.add(section_key("articles"))
    return found
