"""Old blog HTML -> the article body's rich text, in Wagtail's stored format, and plain text.

nh3 removes everything unsafe or foreign (scripts, event handlers, styles, images, embeds); Wagtail's
own Draftail converter then rewrites what is left into exactly what the editor would store, limited
to the paragraph block's features, so an editor can keep editing the imported text.
"""

import html
import re

import nh3
from django.utils.text import Truncator
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from cms.core.blocks import ArticleBodyBlock

KEPT_TAGS = {
    "p",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "strong",
    "b",
    "em",
    "i",
}
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "embed"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
# The article's title is its only h1; the paragraph block offers h2 to h4.
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}
BLOCK_TAG = re.compile(r"<(p|div|h[1-6]|ul|ol|blockquote|table|pre)\b", re.IGNORECASE)
BLOCKQUOTE = re.compile(r"<blockquote>(.*?)</blockquote>", re.DOTALL)
EMPTY_BLOCK = re.compile(r'<(p|h[1-6]|li|blockquote) data-block-key="[^"]*">(\s|<br/>)*</\1>')
EMPTY_LIST = re.compile(r"<(ul|ol)>\s*</\1>")
MEDIA_TAG = re.compile(r"<(img|iframe|video|audio|embed|object)\b", re.IGNORECASE)
SUMMARY_LENGTH = 300


def paragraph_features() -> list[str]:
    return list(ArticleBodyBlock.base_blocks["paragraph"].features)


def add_paragraphs(text: str) -> str:
    """WordPress stores classic-editor posts without <p>: a blank line between paragraphs, and
    adds the tags when it shows them (wpautop). Do the same, simply, when the text has no blocks."""
    if BLOCK_TAG.search(text):
        return text
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(f"<p>{chunk.replace(chr(10), '<br>')}</p>" for chunk in chunks if chunk)


def sanitise(text: str) -> str:
    text = re.sub(r"</t[dh]>", r"\g<0> ", add_paragraphs(text), flags=re.IGNORECASE)  # table cells stay words apart
    cleaned = nh3.clean(
        text,
        tags=KEPT_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes=LINK_SCHEMES,
        link_rel=None,
    )
    cleaned = cleaned.replace("<br>", "<br/>")  # the stored format closes it, as XHTML
    for old, new in HEADING_LEVELS.items():
        cleaned = re.sub(rf"<(/?){old}>", rf"<\1{new}>", cleaned)
    cleaned = re.sub(r"<li>\s*<p>", "<li>", re.sub(r"</p>\s*</li>", "</li>", cleaned))  # list items are one block
    return BLOCKQUOTE.sub(_one_block_quote, cleaned)


def _one_block_quote(match: re.Match) -> str:
    """A quote is one block in the editor: its paragraphs become lines."""
    lines = re.sub(r"\s*</p>\s*", "<br/>", match.group(1)).replace("<p>", "")
    return f"<blockquote>{re.sub(r'^(<br/>)+|(<br/>)+$', '', lines.strip())}</blockquote>"


def to_rich_text(text: str) -> str:
    """Sanitised HTML in the stored format of the article body's paragraph block ("" when nothing is left)."""
    converter = ContentstateConverter(paragraph_features())
    stored = converter.to_database_format(converter.from_database_format(sanitise(text)))
    # Blocks left empty by what was removed (a quote around a list, a paragraph around a heading).
    stored = EMPTY_BLOCK.sub("", stored)
    return EMPTY_LIST.sub("", stored)


def dropped_media(text: str) -> int:
    """How many images or embeds the body shows: they are not carried over (scripts do not count)."""
    shown = nh3.clean(
        text, tags={"img", "iframe", "video", "audio"}, clean_content_tags={"script", "style", "noscript", "template"}
    )
    return len(MEDIA_TAG.findall(shown))


def plain_text(text: str) -> str:
    spaced = re.sub(r"(</(?:p|h[1-6]|li|blockquote|div)>|<br\s*/?>)", r"\1 ", add_paragraphs(text), flags=re.IGNORECASE)
    stripped = nh3.clean(spaced, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT)
    return " ".join(html.unescape(stripped).split())


def summary(excerpt: str, body: str, title: str) -> str:
    """The excerpt, else the start of the body, else the title; in plain text, at most 300 characters."""
    text = plain_text(excerpt) or plain_text(body) or title
    return Truncator(text).chars(SUMMARY_LENGTH)
