"""Attached images, looked at for real: faces in photographs, text, QR codes, the school's logo,
metadata, and files that are broken or hostile."""

from __future__ import annotations

import json
import os
import shutil
import struct
import zlib
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont
from skimage import data

from prudence.adapters.faces import FaceDetector
from prudence.adapters.image_files import ImageUnreadable, open_picture, strip_metadata
from prudence.adapters.image_reader import PictureReader
from prudence.check.post import Post, Verdict
from prudence.services.checking import build_post_checker
from tests.conftest import ROOT, run_prudence

DEMO = ROOT / "examples" / "demo-school"
ASTRONAUT_FACE = (165, 55, 120, 130)  # by eye, in scikit-image's 512 × 512 photograph

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and os.environ.get("CI") != "true",
    reason="Tesseract is not installed: apt-get install tesseract-ocr",
)


def centre_inside(box: tuple[int, int, int, int], area: tuple[int, int, int, int]) -> bool:
    x, y, w, h = area
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    return x <= cx <= x + w and y <= cy <= y + h


def save(pixels: np.ndarray, path: Path, **options: object) -> Path:
    Image.fromarray(pixels).save(path, **options)
    return path


def with_location(path: Path, pixels: np.ndarray, orientation: int = 1) -> Path:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Apple", "iPhone 15 Pro", orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 30.0, 12.5), "W", (0.0, 7.0, 39.9)
    Image.fromarray(pixels).save(path, exif=exif)
    return path


@pytest.fixture(scope="module")
def checker():  # type: ignore[no-untyped-def]
    return build_post_checker(DEMO / "profile.yaml", date(2026, 11, 24))


@pytest.fixture(scope="module")
def faces() -> FaceDetector:
    return FaceDetector()


# --- faces ----------------------------------------------------------------------------------


@pytest.mark.clause("4.1.8")
def test_the_astronauts_face_is_found_where_it_is(faces: FaceDetector) -> None:
    (box,) = faces.faces(data.astronaut())
    assert centre_inside(box, ASTRONAUT_FACE)


@pytest.mark.parametrize("factor", [0.5, 2.0, 4.0])
def test_a_face_is_found_at_any_size(faces: FaceDetector, factor: float) -> None:
    image = cv2.resize(data.astronaut(), None, fx=factor, fy=factor)
    area = tuple(round(v * factor) for v in ASTRONAUT_FACE)
    assert any(centre_inside(b, area) for b in faces.faces(image))  # type: ignore[arg-type]


def test_a_face_is_found_tilted_and_in_poor_light(faces: FaceDetector) -> None:
    matrix = cv2.getRotationMatrix2D((256, 256), 25, 1.0)
    tilted = cv2.warpAffine(data.astronaut(), matrix, (512, 512), borderMode=cv2.BORDER_REFLECT)
    dark = (255 * (tilted / 255.0) ** 2.5).astype(np.uint8)
    assert len(faces.faces(dark)) == 1


@pytest.mark.parametrize("name", ["coffee", "chelsea", "rocket", "coins", "horse", "brick"])
def test_photographs_without_people_have_no_faces(faces: FaceDetector, name: str) -> None:
    image = getattr(data, name)()
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    assert faces.faces(np.ascontiguousarray(image[..., :3])) == []


@pytest.mark.clause("4.1.8")
def test_a_photo_of_the_class_trip_is_blocked_with_the_face_boxed(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = save(data.astronaut(), tmp_path / "trip.jpg")
    report = checker.report(Post("p", "Science museum trip with my class!", images=(str(photo),)))
    assert report.verdict is Verdict.BLOCK
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.8"]
    assert finding.severity is Verdict.BLOCK
    (region,) = finding.evidence
    assert region.image == str(photo) and centre_inside(region.box, ASTRONAUT_FACE)


def test_a_face_at_the_weekend_is_for_the_author_to_review(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = save(data.astronaut(), tmp_path / "me.png")
    report = checker.report(Post("p", "New haircut, who dis", images=(str(photo),)))
    assert report.verdict is Verdict.REVIEW


# --- text, codes and the logo ---------------------------------------------------------------


def exercise_book(path: Path, *lines: str) -> Path:
    page = Image.new("RGB", (900, 600), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=44)
    for n, line in enumerate(lines):
        draw.text((60, 80 + n * 90), line, fill=(20, 20, 60), font=font)
    page.save(path)
    return path


@needs_tesseract
@pytest.mark.clause("4.1.7")
def test_a_pupils_name_on_an_exercise_book_is_read_and_boxed(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = exercise_book(tmp_path / "book.png", "Maths book", "Isla Patel", "Class 4B")
    report = checker.report(Post("p", "Marking marathon tonight", images=(str(book),)))
    assert report.verdict is Verdict.BLOCK
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.7"]
    assert "Isla Patel" in finding.message
    boxes = [region.box for region in finding.evidence]
    assert len(boxes) == 2  # "Isla" and "Patel", each boxed on the line where it is written
    assert all(150 <= y <= 200 for _, y, _, _ in boxes)


@needs_tesseract
def test_an_ordinary_sign_in_a_photo_is_fine(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sign = exercise_book(tmp_path / "sign.png", "Fresh bread daily", "Open 8am to 4pm")
    report = checker.report(Post("p", "Best bakery in town", images=(str(sign),)))
    assert report.verdict is Verdict.OK


@pytest.mark.clause("4.1.11")
def test_a_qr_code_to_the_schools_website_is_followed(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code = cv2.QRCodeEncoder.create().encode("https://www.brookfield-primary.example/tutoring")
    big = cv2.resize(code, None, fx=10, fy=10, interpolation=cv2.INTER_NEAREST)
    page = np.full((600, 800), 255, dtype=np.uint8)
    page[100 : 100 + big.shape[0], 300 : 300 + big.shape[1]] = big
    flyer = save(np.stack([page] * 3, axis=-1), tmp_path / "flyer.png")
    report = checker.report(Post("p", "Tutoring places left!", images=(str(flyer),)))
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.11"]
    x, y, w, h = finding.evidence[0].box
    assert 280 <= x <= 340 and 80 <= y <= 140 and w >= 250


def logo_in(scene: np.ndarray, scale: float, angle: float, hidden: float = 0.0) -> np.ndarray:
    logo = Image.open(DEMO / "logo.png").convert("RGBA")
    logo = logo.resize((int(logo.width * scale), int(logo.height * scale)))
    logo = logo.rotate(angle, expand=True, fillcolor=(0, 0, 0, 0))
    base = Image.fromarray(scene).convert("RGBA").resize((1200, 800))
    base.alpha_composite(logo, (500, 200))
    pixels = np.asarray(base.convert("RGB")).copy()
    pixels[200 : 200 + int(logo.height * hidden), 500 : 500 + logo.width] = 90
    return pixels


@pytest.mark.clause("4.1.11")
@pytest.mark.parametrize(("scale", "angle", "hidden"), [(1, 0, 0), (0.4, 25, 0), (0.7, -90, 0.35)])
def test_the_schools_logo_is_found_scaled_turned_and_partly_hidden(
    checker,
    tmp_path: Path,
    scale: float,
    angle: float,
    hidden: float,  # type: ignore[no-untyped-def]
) -> None:
    photo = save(logo_in(data.coffee(), scale, angle, hidden), tmp_path / "mug.png")
    report = checker.report(Post("p", "Morning coffee", images=(str(photo),)))
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.11"]
    x, y, w, h = finding.evidence[0].box
    assert abs(x - 500) < 40 and abs(y - 200) < 40


def test_no_logo_is_seen_in_photographs_without_it(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("coffee", "rocket", "chelsea"):
        photo = save(getattr(data, name)(), tmp_path / f"{name}.png")
        report = checker.report(Post("p", "Weekend", images=(str(photo),)))
        assert all(f.clause_id != "4.1.11" for f in report.findings), name


# --- metadata -------------------------------------------------------------------------------


@pytest.mark.clause("4.2")
def test_where_a_photo_was_taken_is_reported_and_strip_removes_it(
    checker,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    photo = with_location(tmp_path / "garden.jpg", data.coffee())
    report = checker.report(Post("p", "Garden looking lovely", images=(str(photo),)))
    (finding,) = [f for f in report.findings if f.clause_id == "4.2"]
    assert "51.50347, -0.12775" in finding.message and "iPhone 15 Pro" in finding.message

    clean = tmp_path / "clean.jpg"
    strip_metadata(photo, clean)
    with Image.open(clean) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif and 0x0110 not in exif
        assert image.size == (600, 400)
    report = checker.report(Post("p", "Garden looking lovely", images=(str(clean),)))
    assert report.verdict is Verdict.OK


def test_strip_keeps_a_sideways_photo_upright(tmp_path: Path) -> None:
    photo = with_location(tmp_path / "portrait.jpg", data.coffee(), orientation=6)
    assert open_picture(photo).width == 400  # displayed turned a quarter
    clean = tmp_path / "portrait-clean.jpg"
    strip_metadata(photo, clean)
    with Image.open(clean) as image:
        assert image.size == (400, 600) and 0x0112 not in image.getexif()


def test_strip_refuses_to_write_over_the_original(tmp_path: Path) -> None:
    photo = with_location(tmp_path / "garden.jpg", data.coffee())
    with pytest.raises(ImageUnreadable, match="new file"):
        strip_metadata(photo, photo)


def test_prudence_strip_writes_a_clean_copy(tmp_path: Path) -> None:
    photo = with_location(tmp_path / "garden.jpg", data.coffee())
    result = run_prudence("strip", str(photo), "-o", str(tmp_path / "clean.jpg"))
    assert result.returncode == 0, result.stderr
    with Image.open(tmp_path / "clean.jpg") as image:
        assert not image.getexif().get_ifd(0x8825)
    bad = run_prudence("strip", str(tmp_path / "missing.jpg"), "-o", str(tmp_path / "x.jpg"))
    assert bad.returncode == 2 and "missing.jpg" in bad.stderr


# --- hostile files --------------------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a vast image: a decompression bomb's calling card."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.jpg", b"Dear parents, the trip is on Friday", "not an image"),
        ("empty.png", b"", "empty"),
        ("bomb.png", png_claiming(100_000, 100_000), "decompression bomb"),
    ],
)
def test_a_file_that_is_not_a_usable_image_gets_a_clear_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    facts = PictureReader(tmp_path).look(name)
    assert facts.problem is not None and reason in facts.problem


def test_a_folder_named_like_a_photo_gets_a_clear_reason(tmp_path: Path) -> None:
    (tmp_path / "album.jpg").mkdir()
    facts = PictureReader(tmp_path).look("album.jpg")
    assert facts.problem == "it is not a file"


def test_a_truncated_photo_gets_a_clear_reason(tmp_path: Path) -> None:
    whole = save(data.astronaut(), tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[: len(whole) // 2])
    facts = PictureReader(tmp_path).look("cut.jpg")
    assert facts.problem is not None and "truncated" in facts.problem


def test_a_100_megapixel_photo_is_looked_at_in_bounded_memory(tmp_path: Path) -> None:
    huge = Image.new("RGB", (12_000, 8_400), (90, 120, 160))
    huge.paste(Image.fromarray(data.astronaut()).resize((2400, 2400)), (4000, 3000))
    huge.save(tmp_path / "huge.jpg", quality=80)
    del huge
    picture = open_picture(tmp_path / "huge.jpg")
    assert (picture.width, picture.height) == (12_000, 8_400)
    assert max(picture.frames[0].shape[:2]) <= 2048
    facts = PictureReader(tmp_path).look("huge.jpg")
    assert facts.problem is None and len(facts.faces) == 1
    assert centre_inside(facts.faces[0], (4000, 3000, 2400, 2400))


def test_a_face_in_a_later_frame_of_an_animated_gif_is_found(tmp_path: Path) -> None:
    blank = Image.fromarray(data.coffee()).resize((512, 512))
    face = Image.fromarray(data.astronaut())
    frames = [blank, blank, blank, face, blank]
    frames[0].save(tmp_path / "loop.gif", save_all=True, append_images=frames[1:], duration=80)
    facts = PictureReader(tmp_path).look("loop.gif")
    assert len(facts.faces) == 1 and centre_inside(facts.faces[0], ASTRONAUT_FACE)


def test_an_iphone_heic_photo_is_read(tmp_path: Path) -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    save(data.astronaut(), tmp_path / "IMG_0042.heic")
    facts = PictureReader(tmp_path).look("IMG_0042.heic")
    assert facts.problem is None and len(facts.faces) == 1


def test_a_batch_with_broken_images_checks_every_post(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    save(data.astronaut(), tmp_path / "photos" / "trip.jpg")
    (tmp_path / "photos" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    posts = [
        {"id": "a", "text": "Trip with my class", "images": ["photos/trip.jpg"]},
        {
            "id": "b",
            "text": "Sunset from the pier",
            "images": ["photos/broken.jpg", "photos/missing.png"],
        },
        {"id": "c", "text": "Lovely walk on the beach"},
    ]
    batch = tmp_path / "posts.jsonl"
    batch.write_text("\n".join(json.dumps(p) for p in posts), "utf-8")
    result = run_prudence("check", "--profile", str(DEMO / "profile.yaml"), "--jsonl", str(batch))
    assert result.returncode == 0, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["verdict"]) for r in reports] == [
        ("a", "block"),
        ("b", "review"),
        ("c", "ok"),
    ]
    notes = reports[1]["notes"]
    assert [n["image"].split("/")[-1] for n in notes] == ["broken.jpg", "missing.png"]
    assert "truncated or damaged" in notes[0]["note"] and "cannot be opened" in notes[1]["note"]
    # The face is evidence beside whatever the text gives ("Trip with my class").
    (box,) = [e for e in reports[0]["findings"][0]["evidence"] if "image" in e]
    assert box["image"].endswith("photos/trip.jpg") and len(box["box"]) == 4
