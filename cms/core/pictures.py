"""Content pictures for `<picture>`: each image in several widths, as AVIF, WebP and a fallback in
its own format, from Wagtail renditions, in the one API answer that shows the image.

Renditions are made the first time an answer asks for them (Wagtail stores each row and file and
keeps the row in its rendition cache), so later answers only read them: from the cache, else one
query per image, or one query for a whole answer with `load_renditions`.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images.models import Filter, SourceImageIOError

from .images import alt_text

# The encoder quality for each width: a wide candidate is the one a high-density screen takes,
# where each pixel is small and compression shows less; lowering it keeps a phone's hero (DPR 3
# picks the 1200 px AVIF) under 60 KB for a detailed 4000x3000 photo (tests/browser/test_pictures.py).
QUALITY_STEPS = ((500, {"avif": 55, "webp": 78, "jpeg": 80}), (900, {"avif": 48, "webp": 72, "jpeg": 76}))
WIDE_QUALITY = {"avif": 40, "webp": 65, "jpeg": 70}
SOURCE_TYPES = (("avif", "image/avif"), ("webp", "image/webp"))


def quality(fmt: str, width: int) -> int:
    for most, qualities in QUALITY_STEPS:
        if width <= most:
            return qualities[fmt]
    return WIDE_QUALITY[fmt]


@dataclass(frozen=True)
class PictureKind:
    """A picture's shape: `fill` crops to width x height (focal point `crop` %), `max` keeps the
    original's proportions inside it; `widths` are the candidates, the last one the largest."""

    operation: str
    width: int
    height: int
    widths: tuple[int, ...]
    crop: int | None = None

    def resize(self, width: int) -> str:
        spec = f"{self.operation}-{width}x{round(width * self.height / self.width)}"
        return f"{spec}-c{self.crop}" if self.crop is not None else spec

    def spec(self, width: int, fmt: str | None) -> str:
        """The rendition filter for one candidate; `fmt` None keeps the original's format."""
        if fmt is None:
            return f"{self.resize(width)}|jpegquality-{quality('jpeg', width)}"
        return f"{self.resize(width)}|format-{fmt}|{fmt}quality-{quality(fmt, width)}"

    def specs(self) -> list[str]:
        return [self.spec(width, fmt) for fmt in ("avif", "webp", None) for width in self.widths]


# Widths chosen from the layout (frontend/static/css/site.css and the `sizes` in
# frontend/templates/macros/pictures.html): phones at 390 px up to DPR 3, desktops up to DPR 2.
HERO = PictureKind("fill", 1200, 630, (480, 800, 1200), crop=80)
CARD = PictureKind("fill", 640, 400, (320, 640, 960), crop=80)
PORTRAIT = PictureKind("fill", 480, 480, (160, 320, 480), crop=50)
INLINE = PictureKind("max", 1000, 800, (480, 800, 1000))
KINDS = (HERO, CARD, PORTRAIT, INLINE)


def specs_of(kind) -> list[str]:
    """A PictureKind's rendition specs, or a single spec given as text (e.g. images.SOCIAL)."""
    return kind.specs() if isinstance(kind, PictureKind) else [kind]


def _srcset(renditions) -> str:
    """`url 480w, ...`, one candidate per real width (a small original gives fewer)."""
    seen, candidates = set(), []
    for rendition in sorted(renditions, key=lambda r: r.width):
        if rendition.width not in seen:
            seen.add(rendition.width)
            candidates.append(f"{rendition.url} {rendition.width}w")
    return ", ".join(candidates)


def picture(image, kind: PictureKind, alt: str = "", decorative: bool = False):
    """shared.api_types.Picture: the largest fallback as url/width/height (the `<img>`), its
    candidates as `srcset`, and an AVIF and a WebP `sources` entry; None without an image."""
    if image is None:
        return None
    try:
        found = image.get_renditions(*kind.specs())
    except SourceImageIOError:  # the original file is gone: show nothing rather than fail the page
        return None
    by_format = {fmt: [found[kind.spec(width, fmt)] for width in kind.widths] for fmt in ("avif", "webp", None)}
    fallback = max(by_format[None], key=lambda r: r.width)
    return {
        "url": fallback.url,
        "width": fallback.width,
        "height": fallback.height,
        "alt": alt_text(image, alt, decorative),
        "srcset": _srcset(by_format[None]),
        "sources": [{"type": mime, "srcset": _srcset(by_format[fmt])} for fmt, mime in SOURCE_TYPES],
    }


def body_uses(body) -> list:
    """The pictures of a body StreamField (image blocks and galleries), as (image, INLINE)."""
    uses = []
    for block in body or ():
        if block.block_type == "image":
            uses.append((block.value["image"], INLINE))
        elif block.block_type == "gallery":
            uses.extend((item["image"], INLINE) for item in block.value)
    return uses


def make_renditions(shown) -> None:
    """Make (or find) every rendition of `shown`, pairs of (image or None, kind), ahead of
    the answers that show them: a page with ten new pictures would otherwise take seconds
    (AVIF encodes) to answer the first time."""
    for image, kind in shown:
        if image is not None:
            try:
                image.get_renditions(*specs_of(kind))
            except SourceImageIOError:
                continue


def load_renditions(shown) -> None:
    """For `shown`, pairs of (image or None, a PictureKind or one rendition spec) an answer will show: put the renditions
    on the images in one query, for those whose renditions Wagtail's cache lacks; then cache them
    (Wagtail never caches prefetched rows itself), so the next answer reads the cache only."""
    shown = [(image, kind) for image, kind in shown if image is not None and image.pk]
    if not shown:
        return
    rendition_model = shown[0][0].get_rendition_model()
    cache = rendition_model.cache_backend
    wanted = {}  # cache key: (image, spec, focal point key)
    for image, kind in shown:
        for spec in specs_of(kind):
            focal_key = Filter(spec).get_cache_key(image)
            wanted[rendition_model.construct_cache_key(image, focal_key, spec)] = (image, spec, focal_key)
    cached = cache.get_many(list(wanted))
    missing = {key: value for key, value in wanted.items() if key not in cached}
    if not missing:
        return
    missing_pks = {image.pk for image, _, _ in missing.values()}
    images = [image for image, _ in shown if image.pk in missing_pks]
    # Every spec they are shown with: once prefetched, Wagtail looks nowhere else for them.
    specs = sorted({spec for _, spec, _ in wanted.values()})
    prefetch_related_objects(
        images,
        Prefetch(
            "renditions",
            queryset=rendition_model.objects.filter(filter_spec__in=specs),
            to_attr="prefetched_renditions",
        ),
    )
    additions = {}
    for key, (image, spec, focal_key) in missing.items():
        for rendition in image.prefetched_renditions:
            if rendition.filter_spec == spec and rendition.focal_point_key == focal_key:
                additions[key] = rendition
    if additions:
        cache.set_many(additions)
