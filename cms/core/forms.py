"""The admin form every clinic page type edits with (`base_form_class`).

Titles: the database holds 255 characters, and the browser's `maxlength` attribute would cut a
longer pasted title without a word, so the limit is checked here instead, with a message saying
what to do. The clinic's limit is lower than the database's: a title is a page heading, a card's
link and the start of the address, and beyond TITLE_MAX_LENGTH it no longer reads as one.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from wagtail.admin.forms import WagtailAdminPageForm

TITLE_MAX_LENGTH = 120
# Roughly what search engines show of a title before cutting it: advice, not a rule.
TITLE_VISIBLE_LENGTH = 65


def validate_title_length(title: str) -> None:
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            "This title is %(length)d characters long; titles can be at most %(limit)d. "
            "Shorten it (search results show about the first %(visible)d characters) "
            "and put the rest in the summary or the text.",
            code="title_too_long",
            params={"length": len(title), "limit": TITLE_MAX_LENGTH, "visible": TITLE_VISIBLE_LENGTH},
        )


class ClinicPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title = self.fields.get("title")
        if title is not None:
            # No `maxlength`: the browser would truncate silently. The server says it instead.
            title.widget.attrs.pop("maxlength", None)
            title.max_length = None
            title.validators = [v for v in title.validators if not isinstance(v, MaxLengthValidator)]
            title.validators.append(validate_title_length)
            limit = f"Up to {TITLE_MAX_LENGTH} characters; search results show about the first {TITLE_VISIBLE_LENGTH}."
            title.help_text = f"{title.help_text.rstrip('.')}. {limit}" if title.help_text else limit
