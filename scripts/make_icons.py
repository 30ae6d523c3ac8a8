"""Draw the site's favicon, app icons and default social image with Pillow (run once; the files
are committed).

A deep-teal rounded square with a sand-coloured kestrel in flight: two swept wings and a
body. Drawn large and scaled down, so the edges are smooth at every size.

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "frontend" / "static" / "icons"
TEAL = (31, 95, 91)  # --primary in site.css
SAND = (241, 232, 217)  # --sand
BIG = 1024
SOCIAL = OUT.parent / "social" / "default.jpg"
SOCIAL_SIZE = (1200, 630)  # frontend/rendering/head.py DEFAULT_SOCIAL_IMAGE says the same


def draw(rounded: bool = True) -> Image.Image:
    icon = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    pen = ImageDraw.Draw(icon)
    if rounded:
        pen.rounded_rectangle((0, 0, BIG - 1, BIG - 1), radius=BIG // 5, fill=TEAL)
    else:  # iOS rounds the corners itself and shows transparency as black
        pen.rectangle((0, 0, BIG - 1, BIG - 1), fill=TEAL)
    # Wings: one polygon, a shallow "M" swept back from the body, tips raised.
    wings = [
        (150, 430),
        (330, 470),
        (470, 560),
        (512, 520),
        (554, 560),
        (694, 470),
        (874, 430),
        (720, 560),
        (580, 640),
        (512, 610),
        (444, 640),
        (304, 560),
    ]
    pen.polygon(wings, fill=SAND)
    # Body and fanned tail.
    pen.ellipse((462, 470, 562, 700), fill=SAND)
    pen.polygon([(470, 660), (554, 660), (600, 820), (424, 820)], fill=SAND)
    return icon


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw()
    for size, name in ((192, "icon-192.png"), (512, "icon-512.png")):
        icon.resize((size, size), Image.LANCZOS).save(OUT / name, optimize=True)
    draw(rounded=False).convert("RGB").resize((180, 180), Image.LANCZOS).save(
        OUT / "apple-touch-icon.png", optimize=True
    )
    icon.resize((256, 256), Image.LANCZOS).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    # The social card of pages without a picture of their own (OpenGraph's 1.91:1), as a JPEG
    # (every network reads it): the icon centred on sand.
    SOCIAL.parent.mkdir(parents=True, exist_ok=True)
    card = Image.new("RGB", SOCIAL_SIZE, SAND)
    badge = icon.resize((360, 360), Image.LANCZOS)
    card.paste(badge, ((SOCIAL_SIZE[0] - 360) // 2, (SOCIAL_SIZE[1] - 360) // 2), badge)
    card.save(SOCIAL, quality=85, optimize=True)
    print(f"Icons and the social image written to {OUT.parent}")


if __name__ == "__main__":
    main()
