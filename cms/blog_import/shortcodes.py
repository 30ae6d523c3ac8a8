"""WordPress shortcodes -> plain HTML the body converter understands, before it parses the post.

[caption] becomes a figure with its caption, [gallery ids=...] a gallery placeholder, [embed] and
[video src=...] a bare address (an embed); any other shortcode is removed (an enclosing one keeps
the text inside it) and named, so the report can list it. Bracketed words without attributes
("[sic]", "[1]") are ordinary text and stay.
"""

import html
import re

PAIRED = re.compile(r"\[([a-zA-Z][\w-]*)(\s[^\]]*)?\](.*?)\[/\1\]", re.DOTALL)
SINGLE = re.compile(r"\[([a-zA-Z][\w-]*)(\s[^\]]*?)?\s*/?\]")
ATTRIBUTE = re.compile(r'([\w-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')
CAPTION_IMAGE = re.compile(r"(<img\b[^>]*>(?:\s*</a>)?)", re.IGNORECASE)
# Shortcodes WordPress itself ships: removed (and reported) even without attributes.
CORE = {"gallery", "caption", "wp_caption", "embed", "audio", "video", "playlist"}


def attributes(text: str) -> dict[str, str]:
    return {
        match[0].lower(): next(value for value in match[1:] if value is not None)
        for match in ATTRIBUTE.findall(text or "")
    }


def expand(content: str) -> tuple[str, list[str]]:
    """(HTML without shortcodes, the names of those removed without an equivalent)."""
    removed: list[str] = []

    def paired(match: re.Match) -> str:
        name, attrs, inner = match.group(1).lower(), attributes(match.group(2)), match.group(3)
        if name in ("caption", "wp_caption"):
            found = CAPTION_IMAGE.search(inner)
            caption = CAPTION_IMAGE.sub("", inner).strip() or attrs.get("caption", "")
            if not found:
                return f"<p>{caption}</p>" if caption else ""
            image = inner[: found.end()]
            image = image[image.find("<a") :] if "<a" in image[: image.find("<img")] else found.group(1)
            return f'<figure class="wp-caption">{image}<figcaption>{caption}</figcaption></figure>'
        if name == "embed":
            return f"\n\n{inner.strip()}\n\n"
        if name in ("video", "audio") and attrs.get("src"):
            return f"\n\n{attrs['src']}\n\n"
        removed.append(name)
        return inner

    def single(match: re.Match) -> str:
        name, raw = match.group(1).lower(), match.group(2)
        if not raw and name not in CORE:
            return match.group(0)  # "[sic]": not a shortcode
        attrs = attributes(raw)
        if name == "gallery" and attrs.get("ids"):
            ids = ",".join(part for part in re.split(r"[,\s]+", attrs["ids"]) if part.isdigit())
            return f'<div data-gallery-ids="{html.escape(ids)}"></div>'
        if name in ("video", "audio", "embed") and (attrs.get("src") or attrs.get("url")):
            return f"\n\n{attrs.get('src') or attrs.get('url')}\n\n"
        removed.append(name)
        return ""

    previous = None
    while previous != content:  # nested shortcodes: the outer one first, then what it held
        previous = content
        content = PAIRED.sub(paired, content)
    return SINGLE.sub(single, content), removed
