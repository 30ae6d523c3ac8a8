"""Helpers for tests that drive the real Wagtail admin with Django's test client."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model


@pytest.fixture
def editor(client):
    """The test client, logged in to the admin as a superuser."""
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw", first_name="Eeva")
    client.force_login(user)
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    client.user = user
    return client


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())
