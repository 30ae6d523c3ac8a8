"""Helpers for tests that drive the real Wagtail admin with Django's test client."""

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())
