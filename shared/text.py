"""Text cut to fit: descriptions for search engines, social cards and lists."""

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
ELLIPSIS = "…"
# Left at the end of a cut they would read oddly before the ellipsis ("and so,…").
TRAILING = " ,;:.-–—"


def shorten(text: str | None, length: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, at most `length` characters: whole, or cut after the last whole word
    that fits with an ellipsis; never inside a word (a single word longer than that is the one
    thing cut, as nothing else would fit)."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    room = text[: length - len(ELLIPSIS)]
    if text[len(room)] != " " and " " in room:
        room = room.rsplit(" ", 1)[0]  # the last word does not fit whole: it goes
    return room.rstrip(TRAILING) + ELLIPSIS
