"""An article's summary from its body, when the post has no excerpt: the opening is moved out of
the body (not copied), since the site shows the summary right above the body."""

import html
import re

from wagtail.rich_text import RichText

from . import body

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
FIRST_PARAGRAPH = re.compile(r'<p data-block-key="([^"]+)">(.*?)</p>')
BARE = re.compile(r"^[^<]*$")


def opening_as_summary(blocks: list) -> str:
    """The summary taken from the first paragraph block (which loses it), or "" when it cannot be
    moved: the opening is not a paragraph, or is the whole body, or is long and has inline markup."""
    if not blocks or blocks[0][0] != "paragraph":
        return ""
    stored = blocks[0][1].source
    first = FIRST_PARAGRAPH.match(stored)
    if not first:
        return ""
    text, rest = body.plain_text(first.group(0)), stored[first.end() :]
    if 0 < len(text) <= body.SUMMARY_LENGTH and (len(blocks) > 1 or rest):
        blocks[:1] = [("paragraph", RichText(rest))] if rest else []
        return text
    if not BARE.match(first.group(2)):
        return ""
    sentences, head = SENTENCE_END.split(html.unescape(first.group(2))), ""
    while sentences and len(head) + len(sentences[0]) < body.SUMMARY_LENGTH - 1:
        head = f"{head} {sentences.pop(0)}".strip()
    if not head or not sentences:
        return ""
    tail = html.escape(" ".join(sentences), quote=False)
    blocks[0] = ("paragraph", RichText(f'<p data-block-key="{first.group(1)}">{tail}</p>{rest}'))
    return head
