"""Media on S3-compatible storage for real: uploads and renditions go to a bucket on a local S3
server (moto's server mode, over HTTP on a loopback port) and are read back from it by URL."""

import io
import json

import boto3
import pytest
import requests
from django.conf import settings
from django.test import override_settings
from PIL import Image as PillowImage

from cms.core import media_storage
from shared.env import ConfigError
from tests.factories import ArticlePageFactory

BUCKET = "clinic-media"
# As docs/deployment.md says: readers may fetch images and renditions; documents stay private.
PUBLIC_IMAGES = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [f"arn:aws:s3:::{BUCKET}/original_images/*", f"arn:aws:s3:::{BUCKET}/images/*"],
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, monkeypatch):
    """The CMS configured as an operator would (environment variables), against a fresh bucket."""
    for name, value in {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "eu-north-1",
        "AWS_ACCESS_KEY_ID": "clinic-test-key",
        "AWS_SECRET_ACCESS_KEY": "clinic-test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-north-1")
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_IMAGES))
    with override_settings(STORAGES={**settings.STORAGES, "default": media_storage.media_storage()}):
        yield s3
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            s3.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3.delete_bucket(Bucket=BUCKET)


@pytest.mark.django_db
def test_an_uploaded_image_and_its_renditions_are_served_from_the_bucket(s3_media, s3_endpoint, api, clinic):
    article = ArticlePageFactory(parent=clinic.articles, title="Hands at rest", with_hero=True)
    original = article.hero_image.file.name
    stored = s3_media.head_object(Bucket=BUCKET, Key=original)
    assert stored["CacheControl"] == media_storage.MEDIA_CACHE_CONTROL

    hero = api("pages/find/", html_path=article.url)["hero"]  # the API makes the rendition
    assert hero["url"].startswith(f"{s3_endpoint}/{BUCKET}/images/") and "?" not in hero["url"]
    served = requests.get(hero["url"], timeout=5)
    assert served.status_code == 200
    assert served.headers["Cache-Control"] == media_storage.MEDIA_CACHE_CONTROL
    picture = PillowImage.open(io.BytesIO(served.content))
    assert picture.format == "JPEG" and (picture.width, picture.height) == (hero["width"], hero["height"])
    assert hero["width"] == 1200
    assert requests.get(f"{s3_endpoint}/{BUCKET}/{original}", timeout=5).status_code == 200
    s3_media.put_object(Bucket=BUCKET, Key="documents/intake-form.pdf", Body=b"%PDF private")
    assert requests.get(f"{s3_endpoint}/{BUCKET}/documents/intake-form.pdf", timeout=5).status_code == 403
    # Both live in the bucket (and the rendition row points there, not at the local folder).
    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert original in keys and hero["url"].removeprefix(f"{s3_endpoint}/{BUCKET}/") in keys


@pytest.mark.django_db
def test_an_upload_never_replaces_an_object_with_the_same_name(s3_media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    first = default_storage.save("original_images/hands.jpg", ContentFile(b"first"))
    second = default_storage.save("original_images/hands.jpg", ContentFile(b"second"))
    assert first != second and default_storage.open(first).read() == b"first"


def test_the_settings_an_operator_gives(monkeypatch):
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert media_storage.media_storage() == media_storage.LOCAL
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "clinic-media")  # a bucket alone picks S3
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    monkeypatch.setenv("AWS_LOCATION", "/uploads/")
    options = media_storage.media_storage()["OPTIONS"]
    assert options["custom_domain"] == "media.example.org" and options["location"] == "uploads"
    assert options["querystring_auth"] is False and options["file_overwrite"] is False
    monkeypatch.setenv("MEDIA_STORAGE", "local")
    assert media_storage.media_storage() == media_storage.LOCAL
    monkeypatch.setenv("MEDIA_STORAGE", "ftp")
    with pytest.raises(ConfigError, match="MEDIA_STORAGE must be local or s3"):
        media_storage.uses_s3()
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "")
    with pytest.raises(ConfigError, match="needs AWS_STORAGE_BUCKET_NAME"):
        media_storage.media_storage()


def test_a_custom_domain_makes_plain_public_urls(monkeypatch):
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "clinic-media")
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    storage = S3Storage(**media_storage.media_storage()["OPTIONS"])
    assert storage.url("images/hands.fill-1200x630.jpg") == "https://media.example.org/images/hands.fill-1200x630.jpg"
