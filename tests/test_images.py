"""Photos: upright, stripped of GPS/device/time, resized with srcset, small on list pages, cached."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path, PurePosixPath

import pytest
from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

from sitegen import images
from sitegen.build import build
from sitegen.config import load_config
from sitegen.errors import ErrorCollector
from sitegen.model import Image
from sitegen.sources import discover
from sitegen.stories import read_stories

BASE = Path(__file__).parent / "sites" / "invalid" / "_base"  # a small valid site
TODAY = dt.date(2026, 11, 23)
HOME_PHOTO_LIMIT = 300 * 1024


# ---- test photos ----

def phone_photo(size=(1200, 800)) -> bytes:
    """A JPEG as a phone writes it: stored landscape with Orientation=6 (shown portrait), GPS
    position, maker and model, capture time, an XMP packet and an ICC profile."""
    picture = PILImage.new("RGB", size, (200, 40, 40))
    picture.paste((20, 40, 220), (0, 0, size[0] // 8, size[1]))  # blue strip on the stored left
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "HUAWEI"
    exif[ExifTags.Base.Model] = "Mate 60 Pro"
    exif[ExifTags.Base.Software] = "HarmonyOS 4.2"
    exif[ExifTags.Base.DateTime] = "2026:10:31 19:05:12"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:10:31 19:05:12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 16.0, 42.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 9.0, 18.25)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, exif=exif, icc_profile=srgb,
                 xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><GPSLatitude>30,16.7N</GPSLatitude></x:xmpmeta>')
    return buffer.getvalue()


def noisy_photo(size=(4000, 3000)) -> bytes:
    """A camera-sized photo with detail everywhere (about 1.5 MB), the worst case for file size."""
    small = (size[0] // 4, size[1] // 4)
    channels = [PILImage.effect_noise(small, 28).resize(size, PILImage.Resampling.BILINEAR) for _ in range(3)]
    gradient = PILImage.linear_gradient("L").resize(size).convert("RGB")
    buffer = io.BytesIO()
    PILImage.blend(PILImage.merge("RGB", channels), gradient, 0.3).save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def plain_photo(size=(640, 480), colour="white") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def make_site(tmp_path: Path, stories: dict[str, str], files: dict[str, bytes], language: str = "zh-CN") -> Path:
    site = tmp_path / "site"
    shutil.copytree(BASE, site)
    if language != "zh-CN":
        with (site / "site.yaml").open("a", encoding="utf-8") as config:
            config.write(f"language: {language}\n")
    for rel, text in stories.items():
        target = site / "content" / "stories" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for rel, data in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return site


def story(title: str, slug: str, extra: str = "", body: str = "正文。\n") -> str:
    return f"---\ntitle: {title}\nslug: {slug}\ndate: 2026-10-31\n{extra}---\n\n{body}"


def referenced(page: Path) -> dict[str, list[str]]:
    """Every photo URL a page references, by attribute: src, and each srcset candidate."""
    text = page.read_text(encoding="utf-8")
    found = {"src": re.findall(r'<img[^>]*\ssrc="([^"]+)"', text), "srcset": []}
    for srcset in re.findall(r'\ssrcset="([^"]+)"', text):
        found["srcset"] += [candidate.split()[0] for candidate in srcset.split(",")]
    return found


def resolve(out: Path, page: Path, url: str) -> Path:
    """The output file a relative URL on ``page`` points to."""
    parts: list[str] = list(page.parent.relative_to(out).parts)
    for part in PurePosixPath(url).parts:
        if part == "..":
            parts.pop()
        else:
            parts.append(part)
    return out.joinpath(*parts)


def published_photos(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".webp", ".png"))


# ---- pure parts ----

@pytest.mark.parametrize("width, expected", [
    (4000, (480, 960, 1600)), (1600, (480, 960, 1600)), (1000, (480, 960, 1000)),
    (700, (480, 700)), (480, (480,)), (300, (300,)),
])
def test_variant_widths_are_never_upscaled(width, expected):
    assert images.widths(width) == expected


def test_list_pages_offer_at_most_960_px():
    assert images.widths(4000, images.LIST_MAX_WIDTH) == (480, 960)
    assert images.widths(700, images.LIST_MAX_WIDTH) == (480, 700)
    assert images.widths(300, images.LIST_MAX_WIDTH) == (300,)


def test_probe_turns_a_rotated_phone_photo_upright():
    assert images.probe(phone_photo((1200, 800))) == (800, 1200)
    assert images.probe(plain_photo((1200, 800))) == (1200, 800)


def test_variant_names_are_stable_ascii_with_a_content_hash():
    data = plain_photo((1200, 800))
    photo = Image("content/stories/a/合影 1.JPG", "合影 1.JPG", 1200, 800, images.digest(data))
    names = [v.file_name for v in images.variants(photo)]
    short = images.digest(data)[:8]
    assert names == [f"1-480.{short}.webp", f"1-960.{short}.webp", f"1-1200.{short}.webp",
                     f"1-480.{short}.jpg", f"1-960.{short}.jpg", f"1-1200.{short}.jpg"]


def test_encoding_is_deterministic_and_strips_every_tag():
    data = phone_photo()
    photo = Image("content/stories/a/p.jpg", "p.jpg", *images.probe(data), images.digest(data))
    first = images.publish(photo, lambda: data, None)
    assert first == images.publish(photo, lambda: data, None)  # byte for byte
    for name, encoded in first.items():
        with PILImage.open(io.BytesIO(encoded)) as picture:
            assert picture.size[1] > picture.size[0], name  # portrait, as the phone showed it
            assert picture.getpixel((picture.size[0] // 2, 2))[2] > 150  # the blue strip is on top
            assert "exif" not in picture.info and "xmp" not in picture.info and "icc_profile" not in picture.info
            assert dict(picture.getexif()) == {}
        assert b"HUAWEI" not in encoded and b"Mate 60" not in encoded and b"2026:10:31" not in encoded


# ---- a whole site ----

@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("photos")
    files = {
        "content/stories/phone/phone.jpg": phone_photo(),
        "content/stories/big/camera.jpg": noisy_photo(),
        "content/images/logo.jpg": plain_photo((800, 600), "green"),
    }
    site = make_site(tmp, {
        "phone/index.md": story("手机照片", "phone", "cover: phone.jpg\ncover_alt: 竖拍的照片\n",
                                "![居民合影](phone.jpg \"▲ 居民合影\")\n\n![中心标志](logo.jpg)\n"),
        "big/index.md": story("大照片", "big", "cover: camera.jpg\ncover_alt: 相机拍的大照片\n",
                              "![共用](images/logo.jpg)\n"),
    }, files)
    out = tmp / "out"
    result = build(site, out, TODAY, cache_dir=None)
    return site, out, files, result


def test_no_published_photo_keeps_gps_device_or_time(photo_site):
    _, out, files, _ = photo_site
    published = published_photos(out)
    assert len(published) >= 12
    sources = set(files.values())
    for path in published:
        data = path.read_bytes()
        assert data not in sources, path  # never the original file as it is
        with PILImage.open(path) as picture:
            exif = picture.getexif()
            assert "exif" not in picture.info and "xmp" not in picture.info, path
            assert ExifTags.IFD.GPSInfo not in exif and exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, path
            for tag in (ExifTags.Base.Make, ExifTags.Base.Model, ExifTags.Base.Software, ExifTags.Base.DateTime,
                        ExifTags.Base.DateTimeOriginal, ExifTags.Base.Orientation):
                assert tag not in exif, (path, tag)
        assert b"HUAWEI" not in data and b"GPSLatitude" not in data, path
    assert not list(out.rglob("phone.jpg")) and not list(out.rglob("camera.jpg"))


def test_story_page_uses_picture_with_upright_width_and_height(photo_site):
    _, out, _, _ = photo_site
    page = out / "stories/phone/index.html"
    html = page.read_text(encoding="utf-8")
    figure = re.search(r"<figure><picture>.*?</figure>", html).group(0)
    assert '<source type="image/webp" srcset="phone-480.' in figure
    assert re.search(r'<img src="phone-800\.\w{8}\.jpg" srcset="phone-480\.\w{8}\.jpg 480w, '
                     r'phone-800\.\w{8}\.jpg 800w" sizes="[^"]+" width="800" height="1200" alt="居民合影" '
                     r'loading="lazy" decoding="async">', figure), figure
    assert "<figcaption>▲ 居民合影</figcaption>" in figure
    cover = re.search(r'<figure class="cover">(.*?)</figure>', html).group(1)
    assert cover.startswith('<picture><source type="image/webp" srcset="phone-480.')  # beside the page
    assert 'width="800" height="1200" alt="竖拍的照片"' in cover
    assert 'loading="lazy"' not in cover  # the first thing on screen loads at once
    with PILImage.open(resolve(out, page, re.search(r'<img src="([^"]+)"', figure).group(1))) as picture:
        assert picture.size == (800, 1200)
    for urls in referenced(page).values():
        for url in urls:
            assert resolve(out, page, url).is_file(), url


def test_a_shared_photo_is_found_in_content_images_and_published_once(photo_site):
    _, out, _, _ = photo_site
    for slug in ("phone", "big"):  # 'logo.jpg' (looked up beside the story first) and 'images/logo.jpg'
        page = out / f"stories/{slug}/index.html"
        logo = [u for u in referenced(page)["src"] if "logo-" in u]
        assert logo and logo[0].startswith("../../images/logo-800."), logo
        assert resolve(out, page, logo[0]).is_file()
    assert len(list(out.glob("images/logo-*"))) == 4  # 480 and 800, WebP and JPEG
    assert not list(out.glob("stories/*/logo-*"))


def test_home_page_fetches_no_photo_over_300_kb(photo_site):
    _, out, files, _ = photo_site
    assert len(files["content/stories/big/camera.jpg"]) > 1_000_000  # the 1.5 MB photo
    home = out / "index.html"
    urls = referenced(home)
    assert any("camera-" in u for u in urls["srcset"])  # the big photo is on the home page
    for url in urls["src"] + urls["srcset"]:
        size = resolve(out, home, url).stat().st_size
        assert size <= HOME_PHOTO_LIMIT, (url, size)
        assert not re.search(r"-1600\.", url), url  # list cards offer 480 and 960 only
    # the story page itself may offer the 1600 px version for large screens
    assert any("camera-1600." in u for u in referenced(out / "stories/big/index.html")["srcset"])


def test_link_preview_points_at_a_published_jpeg(photo_site):
    _, out, _, _ = photo_site
    html = (out / "stories/big/index.html").read_text(encoding="utf-8")
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert re.fullmatch(r"https://invalid\.example\.org/stories/big/camera-1600\.\w{8}\.jpg", image)
    assert list(out.glob("stories/big/camera-1600.*.jpg"))


def test_the_same_photos_build_byte_identical(photo_site, tmp_path):
    site, out, _, _ = photo_site
    again = tmp_path / "again"
    build(site, again, TODAY, cache_dir=None)
    assert {p.relative_to(again): p.read_bytes() for p in published_photos(again)} == \
           {p.relative_to(out): p.read_bytes() for p in published_photos(out)}


# ---- the cache ----

def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unchanged_photo_is_never_encoded_twice(tmp_path, monkeypatch):
    site = make_site(tmp_path, {
        "a/index.md": story("甲", "a", "cover: a.jpg\ncover_alt: 甲\n", "![乙](b.jpg)\n"),
    }, {"content/stories/a/a.jpg": phone_photo(), "content/stories/a/b.jpg": plain_photo((1700, 900))})
    encoded: list[str] = []
    real_encode = images.encode

    def counting(data, wanted, largest):
        encoded.extend(v.file_name for v in wanted)
        return real_encode(data, wanted, largest)

    monkeypatch.setattr(images, "encode", counting)
    cache = tmp_path / "cache"
    build(site, tmp_path / "first", TODAY, cache_dir=cache)
    assert len(encoded) == 4 + 6  # a.jpg: 480 and 800 wide; b.jpg: 480, 960, 1600; each WebP + JPEG
    assert len([p for p in cache.rglob("*") if p.is_file()]) == 10

    encoded.clear()
    build(site, tmp_path / "second", TODAY, cache_dir=cache)
    assert encoded == []  # everything came from the cache
    build(site, tmp_path / "clean", TODAY, cache_dir=None)  # no cache at all
    assert snapshot(tmp_path / "second") == snapshot(tmp_path / "clean")

    encoded.clear()  # one photo replaced: only that one is encoded again
    (site / "content/stories/a/b.jpg").write_bytes(plain_photo((1700, 900), "yellow"))
    build(site, tmp_path / "third", TODAY, cache_dir=cache)
    assert len(encoded) == 6 and all(name.startswith("b-") for name in encoded)


def test_the_default_cache_lives_in_the_site_and_is_ignored_by_git(tmp_path):
    site = make_site(tmp_path, {"a/index.md": story("甲", "a", "cover: a.jpg\ncover_alt: 甲\n")},
                     {"content/stories/a/a.jpg": plain_photo()})
    build(site, tmp_path / "out", TODAY)
    assert len(list((site / ".sitegen-cache" / "images").rglob("*"))) > 0
    gitignore = (Path(__file__).parent.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.sitegen-cache/" in gitignore


# ---- messages ----

def read(site: Path):
    errors = ErrorCollector()
    config = load_config(site, errors)
    return read_stories(discover(site, config), config, errors), errors


def large_png() -> bytes:
    """Over 10 MB: a PNG saved without compression (as some scanners and screenshot tools do)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (1900, 1900), "white").save(buffer, "PNG", compress_level=0)
    assert len(buffer.getvalue()) > images.LARGE_BYTES
    return buffer.getvalue()


@pytest.mark.parametrize("language, words", [
    ("zh-CN", "照片“huge.png”有 10 MB，超过 10 MB：网站仍会发布缩小后的版本"),
    ("en", "photo 'huge.png' is 10 MB, over 10 MB: the site still publishes resized copies"),
])
def test_a_photo_over_10_mb_is_a_warning_with_its_line_and_still_published(tmp_path, language, words):
    site = make_site(tmp_path, {"a/index.md": story("甲", "a", body="第一段。\n\n![大图](huge.png)\n")},
                     {"content/stories/a/huge.png": large_png()}, language)
    _, errors = read(site)
    assert errors.errors == []
    assert [(str(p.location), p.message.startswith(words)) for p in errors.warnings] == \
           [("content/stories/a/index.md:9:7", True)]
    if language == "en":  # publishing it once is enough
        result = build(site, tmp_path / "out", TODAY, cache_dir=None)
        assert [w.message for w in result.warnings if "huge.png" in w.message] == [errors.warnings[0].message]
        assert sorted(p.name.split(".")[0] for p in (tmp_path / "out/stories/a").glob("huge-*.jpg")) == \
               ["huge-1600", "huge-480", "huge-960"]


def test_a_photo_name_in_the_wrong_case_names_the_real_file(tmp_path):
    site = make_site(tmp_path, {"a/index.md": story("甲", "a", body="![合影](Choir.JPG)\n")},
                     {"content/stories/a/choir.jpg": plain_photo()}, "en")
    _, errors = read(site)
    assert [str(p) for p in errors.errors] == [
        "content/stories/a/index.md:7:7: error: photo 'Choir.JPG' not found, but there is "
        "content/stories/a/choir.jpg; write the name exactly as the file is spelt (web servers treat capital "
        "letters as different)"]


def test_a_missing_shared_photo_names_the_shared_folder(tmp_path):
    site = make_site(tmp_path, {"a/index.md": story("甲", "a", body="![标志](images/logo.jpg)\n")}, {}, "en")
    _, errors = read(site)
    assert [p.message for p in errors.errors] == [
        "photo 'images/logo.jpg' not found in content/images/; check the file name (letters are case-sensitive) "
        "or copy the photo there"]


def test_a_photo_beside_the_story_wins_over_the_shared_one(tmp_path):
    site = make_site(tmp_path, {"a/index.md": story("甲", "a", body="![标志](logo.jpg)\n")},
                     {"content/stories/a/logo.jpg": plain_photo(colour="red"),
                      "content/images/logo.jpg": plain_photo(colour="blue")})
    stories, errors = read(site)
    [only] = [s for s in stories if s.slug == "a"]
    assert errors.problems == []
    assert only.images[0].src_path == "content/stories/a/logo.jpg" and not only.images[0].shared


def test_a_transparent_png_keeps_alpha_in_webp_and_gets_white_behind_it_in_jpeg():
    buffer = io.BytesIO()
    PILImage.new("RGBA", (600, 400), (255, 0, 0, 0)).save(buffer, "PNG")
    data = buffer.getvalue()
    photo = Image("content/images/x.png", "x.png", *images.probe(data), images.digest(data), shared=True)
    files = images.publish(photo, lambda: data, None)
    with PILImage.open(io.BytesIO(files[f"x-480.{photo.digest[:8]}.webp"])) as webp:
        assert webp.mode == "RGBA" and webp.getpixel((10, 10))[3] == 0
    with PILImage.open(io.BytesIO(files[f"x-600.{photo.digest[:8]}.jpg"])) as jpeg:
        assert jpeg.getpixel((10, 10)) == (255, 255, 255)


def test_an_svg_drawing_is_published_as_it_is_with_a_plain_img(tmp_path):
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    site = make_site(tmp_path, {"a/index.md": story("甲", "a", body="![平面图](plan.svg)\n")},
                     {"content/stories/a/plan.svg": drawing})
    build(site, tmp_path / "out", TODAY, cache_dir=None)
    assert (tmp_path / "out/stories/a/plan.svg").read_bytes() == drawing
    html = (tmp_path / "out/stories/a/index.html").read_text(encoding="utf-8")
    assert '<img src="plan.svg" alt="平面图" loading="lazy" decoding="async">' in html
