"""Documents only through Wagtail's document view, which checks their collection's privacy;
the media route serves images alone."""

import uuid

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

SECRET = b"Members' price list: confidential."


@pytest.fixture
def client_(client):
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client


def document(collection, content=SECRET) -> Document:
    name = f"doc-{uuid.uuid4().hex[:8]}.txt"
    return Document.objects.create(title="Price list", file=ContentFile(content, name=name), collection=collection)


@pytest.fixture
def protected():
    members = Collection.get_first_root_node().add_child(name=f"Members {uuid.uuid4().hex[:6]}")
    CollectionViewRestriction.objects.create(collection=members, restriction_type="password", password="members-only")
    return document(members)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_protected_document_is_not_served_from_media(client_, protected):
    assert client_.get(f"/media/documents/{protected.filename}").status_code == 404


def test_a_protected_document_asks_for_the_password(client_, protected):
    response = client_.get(protected.url)
    assert response.status_code == 200
    assert b'name="password"' in response.content and SECRET not in response.content
    # With the password, Wagtail's view hands it over.
    restriction = CollectionViewRestriction.objects.get(collection=protected.collection)
    client_.post(
        f"/documents/authenticate_with_password/{restriction.id}/",
        {"password": "members-only", "return_url": protected.url},
    )
    assert body(client_.get(protected.url)) == SECRET


def test_a_public_document_downloads(client_):
    public = document(Collection.get_first_root_node(), b"Opening hours.")
    assert public.url == f"/documents/{public.id}/{public.filename}"
    assert body(client_.get(public.url)) == b"Opening hours."


def test_images_are_still_served_from_media_and_nothing_beside_them(client_, protected):
    image = Image.objects.first()
    assert client_.get(f"/media/{image.file.name}").status_code == 200
    assert client_.get(f"/media/images/../documents/{protected.filename}").status_code == 404


def test_the_documents_api_does_not_list_protected_documents(client_, protected):
    public = document(Collection.get_first_root_node(), b"Opening hours.")
    listed = [item["id"] for item in client_.get("/api/v2/documents/", {"limit": 50}).json()["items"]]
    assert public.id in listed and protected.id not in listed
    assert client_.get(f"/api/v2/documents/{protected.id}/").status_code == 404
