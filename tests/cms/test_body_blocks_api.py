"""The article body's new blocks (issue 17 point 2) through the real API: every block kind in the
declared shape (shared.api_types.ArticleDetail), embeds answered from Wagtail's stored embeds (a
local oEmbed endpoint stands in for YouTube: no internet here), a link card when the provider
was never reached, and editors' forms offering the new blocks."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from pydantic import TypeAdapter
from wagtail.embeds.embeds import get_embed
from wagtail.rich_text import RichText

from shared import api_types
from tests.factories import ArticlePageFactory, ImageFactory

PLAYER = "https://www.youtube-nocookie.com/embed/abc123"


@pytest.fixture
def oembed():
    """A real oEmbed endpoint on loopback, answering like YouTube's."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(
                {
                    "type": "video",
                    "title": "Stretching at the desk",
                    "provider_name": "YouTube",
                    "width": 560,
                    "height": 315,
                    "html": f'<iframe width="560" height="315" src="{PLAYER}" frameborder="0"></iframe>',
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    provider = {
        "endpoint": f"http://127.0.0.1:{server.server_address[1]}/oembed",
        "urls": [r"^https://www\.youtube\.com/watch.+$"],
    }
    with override_settings(WAGTAILEMBEDS_FINDERS=[{"class": "wagtail.embeds.finders.oembed", "providers": [provider]}]):
        yield
    server.shutdown()


def body_with_every_block(image):
    return [
        ("paragraph", RichText("<p>Opening.</p>")),
        (
            "table",
            {
                "data": [["Session", "Price"], ["60 min", "75 €"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Prices",
                "cell": [],
                "mergedCells": [],
            },
        ),
        ("code", {"kind": "code", "language": "python", "text": "def f():\n    return 1"}),
        ("code", {"kind": "verse", "language": "", "text": "Breathe in,\nbreathe out."}),
        ("embed", "https://www.youtube.com/watch?v=abc123"),
        ("embed", "https://unreachable.example/post/1"),
        ("gallery", [{"image": image, "alt": "Towels", "caption": "Fresh towels"}]),
        ("separator", None),
        ("buttons", [{"text": "Book now", "url": "https://book.example/"}]),
    ]


def test_every_new_block_in_the_declared_shape(clinic, client, oembed):
    get_embed("https://www.youtube.com/watch?v=abc123")  # what saving in the admin or importing does
    article = ArticlePageFactory(parent=clinic.articles, slug="blocks", body=body_with_every_block(ImageFactory()))
    host = {"HTTP_HOST": f"{clinic.site.hostname}:{clinic.site.port}"}

    answer = client.get(f"/api/v2/pages/{article.pk}/", **host).json()

    TypeAdapter(api_types.ArticleDetail).validate_python(answer)
    blocks = {block["type"]: block["value"] for block in answer["body"] if block["type"] != "embed"}
    assert blocks["table"] == {
        "caption": "Prices",
        "header_row": True,
        "header_column": False,
        "rows": [["Session", "Price"], ["60 min", "75 €"]],
    }
    assert blocks["code"]["kind"] == "verse"  # the last code block; line breaks kept
    assert blocks["gallery"][0]["caption"] == "Fresh towels" and blocks["gallery"][0]["image"]["alt"] == "Towels"
    assert blocks["separator"] is None and blocks["buttons"] == [{"text": "Book now", "url": "https://book.example/"}]
    player, card = (block["value"] for block in answer["body"] if block["type"] == "embed")
    assert player["player_url"] == PLAYER and player["title"] == "Stretching at the desk"
    assert card == {
        "url": "https://unreachable.example/post/1",
        "title": "",
        "provider": "unreachable.example",
        "player_url": "",
        "width": None,
        "height": None,
    }


def test_editors_get_the_new_blocks(clinic):
    from cms.core.blocks import ArticleBodyBlock

    assert {"table", "code", "embed", "gallery", "separator", "buttons"} <= set(ArticleBodyBlock.base_blocks)
