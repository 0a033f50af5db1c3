"""Text in an image, read by Tesseract (Debian's `tesseract-ocr`) through `pytesseract`."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from prudence.check.images import Box

log = logging.getLogger(__name__)

Pixels = npt.NDArray[np.uint8]

_SIDE = 1600  # long side Tesseract reads: text a phone photo can show stays legible
_TIMEOUT = 30  # seconds: a pathological image costs its text, never the check
_MIN_CONFIDENCE = 45
INSTALL_HINT = (
    "install it with `apt-get install tesseract-ocr` (Debian, Ubuntu) or your system's package"
)


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed, or did not finish in time."""


@dataclass(frozen=True)
class ReadWord:
    text: str
    box: Box
    line: tuple[int, int, int]  # block, paragraph, line: the words of one line share it


def read_words(image: Pixels) -> list[ReadWord]:
    """The words Tesseract is reasonably sure of, in reading order, with their boxes."""
    import cv2
    import pytesseract
    from PIL import Image

    # One thread per Tesseract: measured on two cores, twice as fast as its default, and the
    # other core is left for the rest of the image checks, which run meanwhile.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    scale = min(1.0, _SIDE / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    try:
        data = pytesseract.image_to_data(
            Image.fromarray(small),
            config="--psm 11",  # sparse text: signs, books and screens in a photo, not a page
            output_type=pytesseract.Output.DICT,
            timeout=_TIMEOUT,
        )
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable(f"Tesseract is not installed: {INSTALL_HINT}") from None
    except RuntimeError as error:  # pytesseract's timeout
        raise OcrUnavailable(f"Tesseract did not finish within {_TIMEOUT} s ({error})") from None
    words = []
    for i, text in enumerate(data["text"]):
        text = text.strip()
        if (
            not text
            or float(data["conf"][i]) < _MIN_CONFIDENCE
            or not any(c.isalnum() for c in text)
        ):
            continue
        box = tuple(round(data[key][i] / scale) for key in ("left", "top", "width", "height"))
        words.append(
            ReadWord(text, box, (data["block_num"][i], data["par_num"][i], data["line_num"][i]))
        )
    return words
