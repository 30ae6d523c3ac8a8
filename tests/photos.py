"""A stand-in for a camera photo, drawn with Pillow: 4000x3000, with edges, texture and grain
everywhere (a flat gradient would compress to almost nothing and prove little about weight)."""

import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter


def camera_photo(width: int = 4000, height: int = 3000, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    shade = Image.linear_gradient("L").resize((width, height))
    photo = Image.merge("RGB", [shade, shade.rotate(90).resize((width, height)), Image.new("L", (width, height), 120)])
    draw = ImageDraw.Draw(photo)
    for _ in range(400):  # things in the scene
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(10, 300)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rnd.randrange(256) for _ in range(3)))
    for _ in range(300):  # edges
        line = [rnd.randrange(width), rnd.randrange(height), rnd.randrange(width), rnd.randrange(height)]
        draw.line(line, fill=(rnd.randrange(256),) * 3, width=rnd.randrange(1, 12))
    photo = photo.filter(ImageFilter.GaussianBlur(3))  # a lens is never perfectly sharp
    photo = Image.blend(photo, Image.effect_noise((width, height), 24).convert("RGB"), 0.06)  # sensor grain
    out = BytesIO()
    photo.save(out, "JPEG", quality=88)
    return out.getvalue()
