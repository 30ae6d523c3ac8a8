"""Calm abstract pictures for the demo, drawn locally with Pillow (no downloads)."""

import hashlib
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 1000


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def draw_picture(key: str, colours: list[str]) -> bytes:
    """A soft diagonal gradient with a few blurred circles; the same key draws the same picture."""
    start, end = _rgb(colours[0]), _rgb(colours[-1])
    gradient = Image.linear_gradient("L").rotate(45, expand=True).resize((WIDTH, HEIGHT))
    picture = Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), end), Image.new("RGB", (WIDTH, HEIGHT), start), gradient
    )

    seed = hashlib.sha256(key.encode()).digest()
    shapes = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for i in range(5):
        x = seed[i] * WIDTH // 255
        y = seed[i + 5] * HEIGHT // 255
        radius = 120 + seed[i + 10] * 2
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 40 + seed[i + 15] % 40))
    picture.paste(shapes.filter(ImageFilter.GaussianBlur(40)), (0, 0), shapes.filter(ImageFilter.GaussianBlur(40)))

    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()
