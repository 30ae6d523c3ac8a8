"""Where uploads (original images, renditions, documents) are kept: the local disk, or an
S3-compatible bucket through django-storages (AWS S3, Cloudflare R2, MinIO, Ceph...).

MEDIA_STORAGE=s3 (or AWS_STORAGE_BUCKET_NAME set) picks the bucket. Image URLs in API answers
are then the bucket's (or AWS_S3_CUSTOM_DOMAIN's, e.g. a CDN) plain, unsigned addresses, and
every object is stored with a long-lived Cache-Control: a file name is never reused
(file_overwrite off) and renditions are named by their filter, so no URL ever changes content.
Documents live in the same bucket but are only ever served through Wagtail's serve view (which
checks collection privacy): grant public reads on the image prefixes only (docs/deployment.md).
Keys come from the environment as boto3 reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
an instance role...).
"""

from shared import env

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Names never change content: a year, and no revalidation.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def uses_s3() -> bool:
    choice = env.string("MEDIA_STORAGE").lower()
    if choice not in ("", "local", "s3"):
        raise env.ConfigError(f"MEDIA_STORAGE must be local or s3, not {choice!r}")
    return choice == "s3" or (not choice and bool(env.string("AWS_STORAGE_BUCKET_NAME")))


def media_storage() -> dict:
    """The STORAGES["default"] entry."""
    if not uses_s3():
        return LOCAL
    bucket = env.string("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise env.ConfigError("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (see .env.example)")
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.string("AWS_S3_ENDPOINT_URL") or None,  # blank: AWS itself
        "region_name": env.string("AWS_S3_REGION_NAME") or None,
        # The public host of the media (the bucket's website or a CDN in front), e.g. media.example.org.
        "custom_domain": env.string("AWS_S3_CUSTOM_DOMAIN") or None,
        "url_protocol": env.string("AWS_S3_URL_PROTOCOL", "https:"),
        "location": env.string("AWS_LOCATION").strip("/"),  # a folder inside the bucket
        "querystring_auth": False,  # public media: plain, cacheable URLs, no expiring signatures
        "file_overwrite": False,  # an upload with a taken name gets a new one
        "object_parameters": {"CacheControl": env.string("MEDIA_CACHE_CONTROL", MEDIA_CACHE_CONTROL)},
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {k: v for k, v in options.items() if v is not None}}
