"""Looks at an attached image and reports what it shows as `ImageFacts` for the detectors.

Each look is bounded: the file is opened within limits (see `image_files`), the checks run on a
copy at most 2,048 pixels across, Tesseract has a time limit, and a check that fails costs only
what it would have found, named in `ImageFacts.unread`, never the rest of the image or the post.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from prudence.adapters.faces import FaceDetector, FaceModelMissing
from prudence.adapters.image_files import ImageUnreadable, Picture, Pixels, open_picture
from prudence.adapters.logo import LogoFinder
from prudence.adapters.ocr import OcrUnavailable, read_words
from prudence.check.images import Box, ImageFacts, Word

log = logging.getLogger(__name__)

T = TypeVar("T")


@cache
def face_detector() -> FaceDetector:
    """The face detector, loaded once per process and only when first needed."""
    return FaceDetector()


@cache
def _reader_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="prudence-ocr")


@cache
def _warn_once(message: str) -> None:
    log.warning("%s", message)


def _scaled(box: Box, scale: float, picture: Picture) -> Box:
    x, y, w, h = (round(v * scale) for v in box)
    x, y = min(x, picture.width), min(y, picture.height)
    return (x, y, min(w, picture.width - x), min(h, picture.height - y))


def _overlaps(a: Box, b: Box) -> bool:
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    smaller = min(a[2] * a[3], b[2] * b[3]) or 1
    return ix * iy / smaller > 0.5


class PictureReader:
    """Looks at images for one school: relative paths from `base`, the school's logo if any."""

    def __init__(self, base: Path, logo: Path | None = None, read_text: bool = True) -> None:
        self._base = base
        self._logo_path = logo
        self._logo: LogoFinder | None = None
        self._logo_problem: str | None = None
        self._read_text = read_text

    def _logo_finder(self) -> LogoFinder | None:
        if self._logo is None and self._logo_problem is None and self._logo_path is not None:
            try:
                self._logo = LogoFinder(self._logo_path)
            except (ImageUnreadable, ValueError) as error:
                self._logo_problem = f"the school's logo {self._logo_path}: {error}"
        return self._logo

    def look(self, path: str) -> ImageFacts:
        file = Path(path) if Path(path).is_absolute() else self._base / path
        try:
            picture = open_picture(file)
        except ImageUnreadable as error:
            return ImageFacts(path, problem=str(error))
        except Exception as error:  # a decoder failing in a way Pillow does not name
            log.warning("%s could not be decoded: %r", path, error)
            return ImageFacts(path, problem=f"it could not be decoded ({error})")
        unread: list[str] = []
        first = picture.frames[0]

        def attempt(what: str, work: Callable[[], T], fallback: T) -> T:
            try:
                return work()
            except (FaceModelMissing, OcrUnavailable) as error:
                _warn_once(f"{what} not looked at in images: {error}")
                unread.append(f"{what}: {error}")
            except Exception as error:  # an analysis library failing on odd pixels
                log.warning("%s in %s could not be looked at: %r", what, path, error)
                unread.append(f"{what}: {error}")
            return fallback

        no_faces: list[Box] = []
        no_text: tuple[list[Word], str, list[str]] = ([], "", [])
        # Tesseract runs in its own process: read the text meanwhile, not after.
        reading = _reader_pool().submit(
            attempt, "text", lambda: self._text(first, picture), no_text
        )
        faces = attempt("faces", lambda: self._faces(picture), no_faces)
        logo = attempt("the school's logo", lambda: self._find_logo(picture), None)
        words, text, codes = reading.result()
        if self._logo_problem:
            unread.append(self._logo_problem)
        return ImageFacts(
            path=path,
            width=picture.width,
            height=picture.height,
            faces=tuple(faces),
            text=text,
            words=tuple(words),
            codes=tuple(codes),
            logo=logo,
            location=picture.location,
            device=picture.device,
            unread=tuple(unread),
        )

    def _faces(self, picture: Picture) -> list[Box]:
        found: list[Box] = []
        for frame in picture.frames:
            for box in face_detector().faces(frame):
                scaled = _scaled(box, picture.scale, picture)
                if not any(_overlaps(scaled, other) for other in found):
                    found.append(scaled)
        return sorted(found)

    def _find_logo(self, picture: Picture) -> Box | None:
        finder = self._logo_finder()
        if finder is None:
            return None
        for frame in picture.frames:
            box = finder.find(frame)
            if box is not None:
                return _scaled(box, picture.scale, picture)
        return None

    def _text(self, image: Pixels, picture: Picture) -> tuple[list[Word], str, list[str]]:
        """The image's words and its QR codes' contents as one text, each piece with its box."""
        pieces: list[tuple[str, Box, object]] = []
        if self._read_text:
            pieces += [(w.text, w.box, w.line) for w in read_words(image)]
        codes = _codes(image)
        pieces += [(payload, box, ("code", n)) for n, (payload, box) in enumerate(codes)]
        words: list[Word] = []
        text = ""
        previous: object = None
        for piece, box, line in pieces:
            if text:
                text += " " if line == previous else "\n"
            words.append(
                Word(len(text), len(text) + len(piece), _scaled(box, picture.scale, picture))
            )
            text += piece
            previous = line
        return words, text, [payload for payload, _ in codes]


def _codes(image: Pixels) -> list[tuple[str, Box]]:
    """What the QR codes in the image hold, and where they are."""
    import cv2

    found, payloads, corners, _ = cv2.QRCodeDetector().detectAndDecodeMulti(image)
    if not found or corners is None:
        return []
    codes = []
    for payload, points in zip(payloads, corners, strict=True):
        if payload:
            x, y, w, h = cv2.boundingRect(np.asarray(points, dtype=np.int32))
            codes.append((payload, (max(0, x), max(0, y), w, h)))
    return codes
