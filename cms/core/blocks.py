"""StreamField blocks for article bodies, with the API shapes the site renders."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from cms.booking.buttons import booking_settings, default_button
from shared.booking import is_safe_booking_url, link_button

from . import pictures
from .media_blocks import (
    ArticleEmbedBlock,
    ArticleTableBlock,
    ButtonBlock,
    ButtonsBlock,
    CodeBlock,
    GalleryBlock,
    SeparatorBlock,
)
from .visibility import is_public


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        form_classname = "title"
        max_length = 120


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        required=False,
        max_length=250,
        label="Alt text",
        help_text="Describe the picture for people who cannot see it. Blank uses the image's own description.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"

    def get_api_representation(self, value, context=None):
        return {
            "image": pictures.picture(value["image"], pictures.INLINE, value["alt"]),
            "caption": value["caption"],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"


class CallToActionBlock(blocks.StructBlock):
    """A booking button inside an article, for a service, a therapist or any booking link."""

    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.TextBlock(required=False, max_length=300)
    service = blocks.PageChooserBlock(page_type="services.ServicePage", required=False)
    therapist = blocks.PageChooserBlock(page_type="therapists.TherapistPage", required=False)
    url = blocks.URLBlock(required=False, label="Other booking link")
    label = blocks.CharBlock(
        required=False, max_length=60, help_text="Only for 'Other booking link': the button's text."
    )

    class Meta:
        icon = "link"
        label = "Call to action"

    def clean(self, value):
        value = super().clean(value)
        targets = [name for name in ("service", "therapist", "url") if value.get(name)]
        if len(targets) != 1:
            message = "Choose exactly one of: a service, a therapist or another booking link."
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name in targets or ["service"]}
            )
        if value.get("url") and not is_safe_booking_url(value["url"]):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Enter a link starting with https:// or http://.")}
            )
        return value

    def get_api_representation(self, value, context=None):
        """shared.api_types.CallToActionValue: the button, and the page it books (for shown_page_ids)."""
        request = (context or {}).get("request")
        page = value.get("service") or value.get("therapist")
        page_id = None  # the page whose booking this button is, when the public may see it
        if is_public(page, request):
            button = page.specific.booking_button(request)
            page_id = page.id
        elif value.get("url") and is_safe_booking_url(value["url"]):
            button = link_button(value["url"], value["label"], booking_settings(request).cta_label).as_dict()
        else:
            # The chosen page is unpublished or view-restricted: fall back to the clinic's booking page.
            button = default_button(request)
        return {"heading": value["heading"], "text": value["text"], "button": button, "page_id": page_id}


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3", "h4", "blockquote"],
        icon="pilcrow",
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    table = ArticleTableBlock()
    code = CodeBlock()
    embed = ArticleEmbedBlock()
    gallery = GalleryBlock(CaptionedImageBlock())
    separator = SeparatorBlock()
    buttons = ButtonsBlock(ButtonBlock())
