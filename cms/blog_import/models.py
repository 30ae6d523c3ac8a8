"""What earlier imports made, so that importing the same export again updates instead of duplicating."""

from django.db import models


class ImportedPost(models.Model):
    """The article made from one WordPress post: a post is its blog's address plus its post id."""

    source = models.CharField(max_length=255, help_text="The blog's address, from the export's channel.")
    post_id = models.PositiveBigIntegerField()
    guid = models.CharField(max_length=500, blank=True)
    site = models.ForeignKey("wagtailcore.Site", null=True, on_delete=models.CASCADE, related_name="+")
    # Kept when an editor deletes the article, so a later run knows not to bring it back.
    page = models.OneToOneField(
        "articles.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="imported_from"
    )
    revision_id = models.PositiveBigIntegerField(
        null=True, help_text="The revision the import saved: a later one means an editor changed the article."
    )
    fingerprint = models.CharField(max_length=64, help_text="A hash of what was imported; unchanged posts are skipped.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "source", "post_id"], name="imported_post_once_per_site")
        ]

    def __str__(self):
        return f"{self.source} post {self.post_id}"


class ImportedImage(models.Model):
    """The Wagtail image made from one WordPress attachment, reused on later runs."""

    source = models.CharField(max_length=255)
    # The attachment's id, or for a picture only known by its address, a number derived from it.
    attachment_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=1000)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "attachment_id"], name="imported_image_once")]

    def __str__(self):
        return f"{self.source} attachment {self.attachment_id}"


from .import_runs import ImportRun  # noqa: E402,F401  (imports started from the admin; own module)
