"""Article bodies: one TypedDict per StreamField block the API sends."""

from typing import Literal

from typing_extensions import TypedDict

from .base import strict
from .parts import BookingButton, Picture

# -- article bodies -------------------------------------------------------------------------


@strict
class ParagraphBlock(TypedDict):
    type: Literal["paragraph"]
    value: str  # final HTML
    id: str


@strict
class HeadingBlock(TypedDict):
    type: Literal["heading"]
    value: str
    id: str


@strict
class ImageValue(TypedDict):
    image: Picture | None
    caption: str


@strict
class ImageBlock(TypedDict):
    type: Literal["image"]
    value: ImageValue
    id: str


@strict
class QuoteValue(TypedDict):
    quote: str
    attribution: str


@strict
class QuoteBlock(TypedDict):
    type: Literal["quote"]
    value: QuoteValue
    id: str


@strict
class CallToActionValue(TypedDict):
    heading: str
    text: str
    button: BookingButton | None
    page_id: int | None  # the service or therapist it books, when one is chosen and published


@strict
class CallToActionBlock(TypedDict):
    type: Literal["call_to_action"]
    value: CallToActionValue
    id: str


@strict
class TableValue(TypedDict):
    caption: str
    header_row: bool  # the first row holds column headings
    header_column: bool  # the first cell of each row is the row's heading
    rows: list[list[str]]  # plain text cells


@strict
class TableBlock(TypedDict):
    type: Literal["table"]
    value: TableValue
    id: str


@strict
class CodeValue(TypedDict):
    kind: Literal["code", "preformatted", "verse"]  # verse keeps its lines, not monospace
    language: str
    text: str  # plain text; line breaks and spaces are meaningful


@strict
class CodeBlock(TypedDict):
    type: Literal["code"]
    value: CodeValue
    id: str


@strict
class EmbedValue(TypedDict):
    url: str  # the address on the provider's site: always shown as a link
    title: str
    provider: str
    player_url: str  # an https iframe address on shared.site_map.EMBED_PLAYER_HOSTS, or ""
    width: int | None
    height: int | None


@strict
class EmbedBlock(TypedDict):
    type: Literal["embed"]
    value: EmbedValue
    id: str


@strict
class GalleryBlock(TypedDict):
    type: Literal["gallery"]
    value: list[ImageValue]
    id: str


@strict
class SeparatorBlock(TypedDict):
    type: Literal["separator"]
    value: None
    id: str


@strict
class ButtonValue(TypedDict):
    text: str
    url: str


@strict
class ButtonsBlock(TypedDict):
    type: Literal["buttons"]
    value: list[ButtonValue]
    id: str


BodyBlock = (
    ParagraphBlock
    | HeadingBlock
    | ImageBlock
    | QuoteBlock
    | CallToActionBlock
    | TableBlock
    | CodeBlock
    | EmbedBlock
    | GalleryBlock
    | SeparatorBlock
    | ButtonsBlock
)
