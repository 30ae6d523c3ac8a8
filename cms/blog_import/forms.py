"""The admin's upload form: refuses what is plainly not an export before anything is queued."""

from django import forms
from django.conf import settings

MB = 1024 * 1024
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def upload_limit() -> int:
    return settings.BLOG_IMPORT_MAX_UPLOAD_MB * MB


def not_an_export(head: bytes) -> str:
    """Why the file's first bytes cannot start an export, or "" when they might."""
    if head.startswith(b"PK\x03\x04"):
        return "This is a ZIP archive. Unzip it and upload the .xml file inside."
    for bom in BOMS:
        head = head.removeprefix(bom)
    if not head.lstrip().startswith(b"<"):
        return (
            "This is not an XML file. Upload the .xml export WordPress gives you (Tools → Export → Posts), "
            "or Squarespace's (Settings → Import & Export → Export)."
        )
    return ""


class UploadForm(forms.Form):
    export = forms.FileField(
        label="Export file (.xml)",
        help_text="A WordPress or Squarespace export (WXR). Nothing is imported until you have read the dry run.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )
    categories_as_tags = forms.BooleanField(
        label="Add the posts' categories as tags",
        required=False,
        initial=True,
        help_text="Tags are always imported; WordPress's “Uncategorized” never is.",
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > upload_limit():
            raise forms.ValidationError(
                f"This file is {upload.size / MB:.1f} MB; the limit here is {settings.BLOG_IMPORT_MAX_UPLOAD_MB} MB. "
                "Import a larger export with the import_wxr command, or ask for BLOG_IMPORT_MAX_UPLOAD_MB to be raised."
            )
        head = upload.read(4096)
        upload.seek(0)
        if not head:
            raise forms.ValidationError("This file is empty.")
        if reason := not_an_export(head):
            raise forms.ValidationError(reason)
        return upload
