"""A post's HTML (classic editor or Gutenberg) -> the article body's blocks, in order.

Tables, code/preformatted/verse, embeds, images, galleries, separators, buttons and pullquotes
become their own blocks; text between them becomes paragraph blocks (body.to_rich_text). Whatever
has no block is removed and named in `Converted.dropped`, for the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from . import body, shortcodes

# Providers WordPress embeds from an address alone (on its own line, or in an embed block).
EMBED_HOSTS = re.compile(
    r"(^|\.)(youtube\.com|youtu\.be|vimeo\.com|twitter\.com|x\.com|wordpress\.tv|videopress\.com|"
    r"soundcloud\.com|spotify\.com|instagram\.com|flickr\.com|tiktok\.com|ted\.com|dailymotion\.com)$"
)
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.MULTILINE)
# Gutenberg blocks whose content is carried over (the rest are named in the report).
KNOWN_BLOCKS = {
    "paragraph",
    "heading",
    "list",
    "list-item",
    "quote",
    "pullquote",
    "table",
    "code",
    "preformatted",
    "verse",
    "image",
    "gallery",
    "embed",
    "separator",
    "buttons",
    "button",
    "group",
    "columns",
    "column",
    "spacer",
    "more",
    "freeform",
    "html",
    "media-text",
    "cover",
}
GUTENBERG_BLOCK = re.compile(r"<!--\s+wp:([a-z0-9/-]+)")
LEFT_OUT_TAGS = {"video", "audio", "object", "embed", "form", "canvas", "svg", "map", "select", "input", "button"}
SILENT_TAGS = {"script", "style", "noscript", "template"}
WRAPPERS = {"div", "section", "article", "main", "aside", "header", "footer", "span", "center", "figure"}


@dataclass
class ImageRef:
    url: str
    alt: str
    caption: str = ""
    attachment_id: int | None = None


@dataclass
class Converted:
    blocks: list[tuple[str, object]] = field(default_factory=list)  # (block type, value or ImageRef(s))
    dropped: list[str] = field(default_factory=list)

    @property
    def images(self) -> list[ImageRef]:
        found = []
        for kind, value in self.blocks:
            found += [value] if kind == "image" else list(value) if kind == "gallery" else []
        return found


def embed_url(url: str) -> str:
    """The page address oEmbed wants for an address a post used (a YouTube player address included)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or not EMBED_HOSTS.search(parts.hostname):
        return ""
    if parts.hostname.endswith("youtube.com") and parts.path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={parts.path.split('/')[2]}"
    if parts.hostname == "player.vimeo.com" and parts.path.startswith("/video/"):
        return f"https://vimeo.com/{parts.path.split('/')[2]}"
    return url.strip()


class Converter:
    def __init__(self, attachments_by_url: dict[str, int], attachments_alt: dict[int, tuple[str, str]]):
        self.by_url = attachments_by_url
        self.alt = attachments_alt  # attachment id -> (url, alt)

    def convert(self, content: str, rich_text: bool = True) -> Converted:
        """`rich_text=False` (a dry run): paragraphs stay as cleaned-up text, skipping the editor's
        format conversion, which is most of the cost; the blocks and what is dropped are the same."""
        self.rich_text = rich_text
        result = Converted()
        unknown = sorted(
            {
                name
                for name in GUTENBERG_BLOCK.findall(content)
                if name.removeprefix("core/") not in KNOWN_BLOCKS and not name.startswith("core-embed/")
            }
        )
        result.dropped += [f"the {name} block" for name in unknown]
        text, removed = shortcodes.expand(content)
        result.dropped += [f"the [{name}] shortcode" for name in dict.fromkeys(removed)]
        text = BARE_URL_LINE.sub(
            lambda match: f"\n<p>{match.group(1)}</p>\n" if embed_url(match.group(1)) else match.group(0), text
        )
        soup = BeautifulSoup(body.add_paragraphs(text), "html.parser")
        self.buffer: list[str] = []
        self.result = result
        for node in list(soup.children):
            self.node(node)
        self.flush()
        return result

    # -- the walk -------------------------------------------------------------------------------

    def node(self, node) -> None:
        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            if node.strip():
                self.buffer.append(str(node))
            return
        name, classes = node.name, set(node.get("class") or [])
        if name in SILENT_TAGS:
            return
        if name == "table" or node.find("table", recursive=False) is not None or "wp-block-table" in classes:
            return self.emit("table", self.table(node))
        if name == "pre":
            return self.emit("code", self.code(node, classes))
        if name == "hr" or "wp-block-separator" in classes:
            return self.emit("separator", None)
        if "wp-block-pullquote" in classes or (name == "blockquote" and "wp-block-pullquote" in classes):
            return self.pullquote(node)
        if name == "blockquote" and "twitter-tweet" in classes:
            links = [a["href"] for a in node.find_all("a", href=True) if "/status/" in a["href"]]
            return self.embed(links[-1] if links else "", "a tweet")
        if "wp-block-embed" in classes or name == "iframe":
            return self.embed(self.embed_address(node), "an embed")
        if "wp-block-buttons" in classes or "wp-block-button" in classes:
            buttons = [
                {"text": a.get_text(" ", strip=True)[:80], "url": a["href"]} for a in node.find_all("a", href=True)
            ]
            buttons = [
                button for button in buttons if button["text"] and urlsplit(button["url"]).scheme in ("http", "https")
            ]
            return self.emit("buttons", buttons) if buttons else None
        if node.has_attr("data-gallery-ids") or "wp-block-gallery" in classes or "gallery" in classes:
            return self.gallery(node)
        if name == "img" or (name in ("figure", "p", "a") and self.only_images(node)):
            for picture in node.find_all("img") if name != "img" else [node]:
                self.image(picture, node)
            return
        if name == "p" and (url := embed_url(node.get_text(strip=True))) and len(node.find_all(True)) <= 1:
            return self.embed(url, "an embed")
        if name in LEFT_OUT_TAGS:
            self.result.dropped.append(f"a <{name}>")
            return
        if name in WRAPPERS or name == "figure":
            for child in list(node.children):
                self.node(child)
            return
        for inside in node.find_all(["img", "iframe", *LEFT_OUT_TAGS]):
            self.result.dropped.append(
                "an image inside a list or quote" if inside.name == "img" else f"a <{inside.name}>"
            )
            inside.decompose()
        self.buffer.append(str(node))

    def emit(self, kind: str, value) -> None:
        self.flush()
        self.result.blocks.append((kind, value))

    def flush(self) -> None:
        if self.buffer:
            joined = "".join(self.buffer)
            stored = body.to_rich_text(joined) if self.rich_text else body.plain_text(joined)
            self.buffer = []
            if stored:
                self.result.blocks.append(("paragraph", stored))

    # -- the blocks -----------------------------------------------------------------------------

    def table(self, node: Tag) -> dict:
        table = node if node.name == "table" else node.find("table")
        rows = [
            [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"])]
            for row in table.find_all("tr")
        ]
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows if row]
        first = table.find("tr")
        header_row = bool(first and first.find("th") and not first.find("td")) or bool(table.find("thead"))
        header_column = bool(
            not header_row and rows and all(row.find(["td", "th"]).name == "th" for row in table.find_all("tr"))
        )
        caption = node.find(["figcaption", "caption"])
        return {
            "data": rows or [[""]],
            "first_row_is_table_header": header_row,
            "first_col_is_header": header_column,
            "table_header_choice": "row" if header_row else "column" if header_column else "",
            "table_caption": " ".join(caption.get_text(" ").split()) if caption else "",
            "cell": [],
            "mergedCells": [],
        }

    def code(self, node: Tag, classes: set[str]) -> dict:
        for br in node.find_all("br"):
            br.replace_with("\n")
        kind = (
            "verse" if "wp-block-verse" in classes else "preformatted" if "wp-block-preformatted" in classes else "code"
        )
        language = ""
        for tag in [node, *node.find_all("code")]:
            for name in tag.get("class") or []:
                if name.startswith(("language-", "lang-")):
                    language = name.split("-", 1)[1][:40]
            language = language or (tag.get("lang") or tag.get("data-lang") or "")[:40]
        if kind == "code" and not node.find("code") and "wp-block-code" not in classes and not language:
            kind = "preformatted"
        return {"kind": kind, "language": language, "text": node.get_text().strip("\n")}

    def pullquote(self, node: Tag) -> None:
        cite = node.find("cite")
        attribution = cite.get_text(" ", strip=True) if cite else ""
        if cite:
            cite.decompose()
        quote = "\n".join(p.get_text(" ", strip=True) for p in node.find_all("p")) or node.get_text(" ", strip=True)
        if quote:
            self.emit("quote", {"quote": quote, "attribution": attribution[:120]})

    def embed_address(self, node: Tag) -> str:
        if node.name == "iframe":
            return node.get("src", "")
        frame = node.find("iframe")
        wrapper = node.find(class_="wp-block-embed__wrapper") or node
        text = wrapper.get_text(" ", strip=True).split(" ")[0] if wrapper.get_text(strip=True) else ""
        return (
            text
            or (frame.get("src", "") if frame else "")
            or next((a["href"] for a in node.find_all("a", href=True)), "")
        )

    def embed(self, address: str, what: str) -> None:
        url = embed_url(address)
        if url:
            self.emit("embed", url)
        else:
            self.result.dropped.append(f"{what} from {urlsplit(address).hostname or 'an unknown address'}")

    def gallery(self, node: Tag) -> None:
        pictures = []
        if node.has_attr("data-gallery-ids"):
            for number in node["data-gallery-ids"].split(","):
                if number.isdigit() and int(number) in self.alt:
                    url, alt = self.alt[int(number)]
                    pictures.append(ImageRef(url=url, alt=alt, attachment_id=int(number)))
                else:
                    self.result.dropped.append(f"gallery picture {number} (not in the export)")
        for picture in node.find_all("img"):
            holder = picture.find_parent(["figure", "li"])
            caption = holder.find("figcaption") if holder else None
            pictures.append(self.reference(picture, caption.get_text(" ", strip=True) if caption else ""))
        pictures = [picture for picture in pictures if picture.url]
        if pictures:
            self.emit("gallery", pictures)

    def only_images(self, node: Tag) -> bool:
        if not node.find("img"):
            return False
        text = node.get_text(" ", strip=True)
        caption = node.find("figcaption")
        return not text or (caption is not None and text == caption.get_text(" ", strip=True))

    def image(self, picture: Tag, holder: Tag) -> None:
        caption = holder.find("figcaption") if holder is not picture else None
        found = self.reference(picture, caption.get_text(" ", strip=True)[:250] if caption else "")
        if found.url:
            self.emit("image", found)

    def reference(self, picture: Tag, caption: str) -> ImageRef:
        url = (picture.get("src") or "").strip()
        number = next(
            (
                int(name[9:])
                for name in picture.get("class") or []
                if name.startswith("wp-image-") and name[9:].isdigit()
            ),
            None,
        )
        number = number if number in self.alt else self.by_url.get(url)
        alt = (picture.get("alt") or "").strip() or (self.alt[number][1] if number in self.alt else "")
        return ImageRef(url=url, alt=alt[:250], caption=caption[:250], attachment_id=number)


def derived_key(url: str) -> int:
    """The ImportedImage number of a picture known only by its address."""
    from .wxr_items import derived_id

    return derived_id("picture", url)
