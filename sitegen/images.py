"""Photos done right: EXIF orientation applied, metadata stripped, resized WebP + JPEG variants.

A phone photo is published only as re-encoded copies: every variant is decoded, turned upright,
converted to sRGB and encoded afresh with no EXIF, XMP, ICC or comment, so GPS position, phone
model and capture time never reach the web. Variants are 480, 960 and 1600 px wide (never wider
than the photo), each as WebP and as a JPEG fallback, with stable names
``<name>-<width>.<hash>.<ext>`` (the hash is of the source bytes, so a replaced photo gets a new
address and no stale copy sticks in a browser's cache).

Everything here is a function of the source bytes, except ``PhotoCache``: a content-addressed memo
(key = source hash + variant + encoder settings + Pillow and sitegen versions) in a folder the
build hands in, so an unchanged photo is never encoded twice. Encoders run with fixed settings
and no timestamps, so the same photo gives byte-identical files with or without the cache.
"""
from __future__ import annotations

import hashlib
import html
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

import PIL
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

from .model import Image
from .sources import IMAGE_DIR

WIDTHS = (480, 960, 1600)  # px; srcset candidates, never wider than the photo itself
LIST_MAX_WIDTH = 960  # story cards on list pages offer no bigger file (home page ≤ 300 KB a photo)
LARGE_BYTES = 10 * 1024 * 1024  # a source photo above this gets a warning (it is still published)
COPIED = (".svg", ".gif")  # drawings and animations: no camera metadata, published unchanged
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
WEBP_OPTIONS = {"quality": 80, "method": 4}
RECIPE = "1"  # bump when the decode/resize/encode steps below change: old cache entries then miss
SITEGEN_VERSION = sys.modules[__package__].__version__  # the package's __init__, not a pipeline stage
ORIENTATION = 0x0112  # EXIF tag
_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}


@dataclass(frozen=True)
class Variant:
    """One published file of a photo."""

    width: int
    height: int
    format: str  # "webp" or "jpeg"
    file_name: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def probe(data: bytes) -> tuple[int, int]:
    """Width and height as shown, after the EXIF orientation (a portrait phone photo is stored
    landscape with Orientation=6). Reads only the header; raises OSError if not a photo."""
    with PILImage.open(io.BytesIO(data)) as picture:
        width, height = picture.size
        if picture.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8):
            width, height = height, width
    return width, height


def resized(image: Image) -> bool:
    """Whether the photo is published as resized variants (not an SVG or GIF, and readable)."""
    return bool(image.width) and not image.name.lower().endswith(COPIED)


def copied_name(image: Image) -> str:
    """Where an SVG or GIF is published, relative to its folder (the story's, or images/)."""
    if image.shared:
        return image.src_path[len(IMAGE_DIR) + 1:]
    return PurePosixPath(image.src_path).name


def widths(width: int, max_width: int | None = None) -> tuple[int, ...]:
    """480, 960, 1600, never upscaled: a 700-px photo gets 480 and 700."""
    planned = [w for w in WIDTHS if w < width] + ([width] if width <= WIDTHS[-1] else [])
    if max_width is not None:
        planned = [w for w in planned if w <= max_width] or planned[:1]
    return tuple(planned)


def stem(image: Image) -> str:
    """The file-name part of the variants: ASCII only, so srcset never meets a space or comma."""
    text = re.sub(r"[^a-z0-9_]+", "-", PurePosixPath(image.name).stem.lower()).strip("-")
    return text or "photo"


def variants(image: Image, max_width: int | None = None) -> list[Variant]:
    """The WebP and JPEG variants of a photo, smallest first (at most ``max_width`` wide)."""
    found = []
    for fmt in ("webp", "jpeg"):
        for width in widths(image.width, max_width):
            height = max(1, round(image.height * width / image.width))
            name = f"{stem(image)}-{width}.{image.digest[:8]}.{_EXTENSIONS[fmt]}"
            found.append(Variant(width, height, fmt, name))
    return found


def largest_jpeg(image: Image) -> Variant:
    return [v for v in variants(image) if v.format == "jpeg"][-1]


def picture_html(image: Image, url: Callable[[str], str], sizes: str, alt: str, *, lazy: bool = True,
                 max_width: int | None = None, attrs: dict[str, str] | None = None) -> str:
    """<picture> with a WebP srcset and a JPEG <img> fallback, width/height of the upright photo.

    ``url`` turns a variant's file name into the link the page uses. SVG and GIF get a plain <img>.
    """
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    extra = "".join(f' {key}="{esc(value)}"' for key, value in (attrs or {}).items())
    loading = ' loading="lazy"' if lazy else ""
    if not resized(image):
        size = f' width="{image.width}" height="{image.height}"' if image.width else ""
        return f'<img src="{esc(url(copied_name(image)))}" alt="{esc(alt)}"{size}{loading} decoding="async"{extra}>'
    planned = variants(image, max_width)
    webp = [v for v in planned if v.format == "webp"]
    jpeg = [v for v in planned if v.format == "jpeg"]
    srcset = lambda items: ", ".join(f"{url(v.file_name)} {v.width}w" for v in items)  # noqa: E731
    return (f'<picture><source type="image/webp" srcset="{esc(srcset(webp))}" sizes="{esc(sizes)}">'
            f'<img src="{esc(url(jpeg[-1].file_name))}" srcset="{esc(srcset(jpeg))}" sizes="{esc(sizes)}" '
            f'width="{jpeg[-1].width}" height="{jpeg[-1].height}" alt="{esc(alt)}"{loading} decoding="async"{extra}>'
            '</picture>')


def encode(data: bytes, wanted: list[Variant], largest: int) -> dict[str, bytes]:
    """Decode once, turn upright, convert to sRGB, resize to each variant and encode it with no
    metadata at all. ``largest`` is the widest variant of the photo: the decode depends on it
    (not on which variants are wanted now), so a cached and a fresh variant are the same bytes."""
    with PILImage.open(io.BytesIO(data)) as picture:
        picture.draft(None, _raw_size(picture, largest))  # JPEG: decode at 1/2, 1/4 … when big
        upright = ImageOps.exif_transpose(picture)
        icc = picture.info.get("icc_profile")
    upright = _srgb(upright, icc)
    result = {}
    for variant in wanted:
        size = (variant.width, variant.height)
        scaled = upright if upright.size == size else upright.resize(
            size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
        result[variant.file_name] = _save(scaled, variant.format)
    return result


def _raw_size(picture: PILImage.Image, largest: int) -> tuple[int, int]:
    """The stored (not upright) size the largest variant needs, for JPEG draft decoding."""
    width, height = picture.size
    turned = picture.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
    upright_width = height if turned else width
    scale = largest / upright_width
    return max(1, int(width * scale)), max(1, int(height * scale))


def _srgb(picture: PILImage.Image, icc: bytes | None) -> PILImage.Image:
    """Pixels in sRGB (what browsers assume without a profile), alpha kept for WebP."""
    alpha = picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)
    if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
        picture = picture.convert("RGBA" if alpha else "RGB")
    if icc:
        try:
            picture = ImageCms.profileToProfile(picture, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                                ImageCms.createProfile("sRGB"),
                                                outputMode="RGBA" if picture.mode == "RGBA" else "RGB")
        except (ImageCms.PyCMSError, ValueError, OSError):
            pass  # an unusable profile: keep the pixels as they are
    return picture.convert("RGBA" if alpha else "RGB")


def _save(picture: PILImage.Image, fmt: str) -> bytes:
    clean = PILImage.frombytes(picture.mode, picture.size, picture.tobytes())  # no info, no EXIF
    buffer = io.BytesIO()
    if fmt == "webp":
        clean.save(buffer, "WEBP", **WEBP_OPTIONS)
    else:
        if clean.mode == "RGBA":  # JPEG has no transparency: flatten on white
            white = PILImage.new("RGB", clean.size, "white")
            white.paste(clean, mask=clean.getchannel("A"))
            clean = white
        clean.save(buffer, "JPEG", **JPEG_OPTIONS)
    return buffer.getvalue()


class PhotoCache:
    """A content-addressed memo of encoded variants in one folder (e.g. .sitegen-cache/images/).

    Safe to delete at any time; entries are written whole (temporary file, then rename), so a
    build stopped half-way or two builds at once never leave a broken entry.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        try:
            return (self.folder / key[:2] / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        target = self.folder / key[:2] / key
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{key}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)


def cache_key(image: Image, variant: Variant, largest: int) -> str:
    options = JPEG_OPTIONS if variant.format == "jpeg" else WEBP_OPTIONS
    recipe = (f"{image.digest}|{variant.format}|{variant.width}x{variant.height}|from {largest}|"
              f"{sorted(options.items())}|Pillow {PIL.__version__}|sitegen {SITEGEN_VERSION}|{RECIPE}")
    return hashlib.sha256(recipe.encode()).hexdigest()


def publish(image: Image, read: Callable[[], bytes], cache: PhotoCache | None) -> dict[str, bytes]:
    """File name → bytes of every variant of one photo; only what the cache lacks is encoded."""
    planned = variants(image)
    largest = planned[-1].width
    found: dict[str, bytes] = {}
    missing = []
    for variant in planned:
        data = cache.get(cache_key(image, variant, largest)) if cache else None
        if data is None:
            missing.append(variant)
        else:
            found[variant.file_name] = data
    if missing:
        source = read()
        encoded = encode(source, missing, largest)
        if cache and digest(source) == image.digest:  # not changed since it was read: safe to keep
            for variant in missing:
                cache.put(cache_key(image, variant, largest), encoded[variant.file_name])
        found.update(encoded)
    return {variant.file_name: found[variant.file_name] for variant in planned}
