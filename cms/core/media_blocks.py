"""The article body's blocks for what old blogs (and editors) put between paragraphs: tables,
code/preformatted text/verse, embeds, galleries, separators and buttons, with their API shapes
(shared.api_types: TableValue, CodeValue, EmbedValue, GalleryBlock, ButtonValue)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock

from . import embed_cards


class ArticleTableBlock(TableBlock):
    """A table of plain-text cells; the first row (or column) may be headers."""

    class Meta:
        icon = "table"
        label = "Table"

    def get_api_representation(self, value, context=None):
        value = value or {}
        choice = value.get("table_header_choice") or ""
        header_row = bool(value.get("first_row_is_table_header")) or choice in ("row", "both")
        header_column = bool(value.get("first_col_is_header")) or choice in ("column", "both")
        rows = [["" if cell is None else str(cell) for cell in row] for row in value.get("data") or []]
        return {
            "caption": value.get("table_caption") or "",
            "header_row": header_row,
            "header_column": header_column,
            "rows": rows,
        }


class CodeBlock(blocks.StructBlock):
    """Text whose line breaks matter: code and preformatted text (monospace), or verse."""

    kind = blocks.ChoiceBlock(
        choices=[("code", "Code"), ("preformatted", "Preformatted text"), ("verse", "Verse")], default="code"
    )
    language = blocks.CharBlock(required=False, max_length=40, help_text="For code: e.g. python, html (optional).")
    text = blocks.TextBlock()

    class Meta:
        icon = "code"
        label = "Code, preformatted text or verse"


class ArticleEmbedBlock(EmbedBlock):
    """A video or post from another site, by its address. The API answers from embeds already
    fetched (saving in the admin or importing fetches them), never from the provider itself, so a
    provider that cannot be reached makes a link card, not a slow or failed page."""

    class Meta:
        icon = "media"
        label = "Embed (video, post)"

    def get_api_representation(self, value, context=None):
        url = getattr(value, "url", value) or ""
        return embed_cards.card(str(url))


class GalleryBlock(blocks.ListBlock):
    class Meta:
        icon = "image"
        label = "Gallery"


class ButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80)
    url = blocks.URLBlock(label="Link")

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if urlsplit(value.get("url") or "").scheme not in ("http", "https"):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError("Enter a link starting with https:// or http://.")}
            )
        return value


class ButtonsBlock(blocks.ListBlock):
    class Meta:
        icon = "link"
        label = "Buttons"


class SeparatorBlock(blocks.StaticBlock):
    class Meta:
        icon = "horizontalrule"
        label = "Separator"
        admin_text = "A line between two parts of the article."

    def get_api_representation(self, value, context=None):
        return None
