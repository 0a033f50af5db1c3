"""Opening attached images safely, reading what their metadata gives away, and stripping it.

Every image is opened with limits: a file over 100 MB, an image claiming more than 120
megapixels (a decompression bomb; a 108-megapixel phone photo still passes), a file that is not
an image, or one that is truncated, gives `ImageUnreadable` with the reason, never a crash.
What the checks look at is a copy at most 2,048 pixels on its long side, so time and memory stay
bounded whatever the camera.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MAX_BYTES = 100 * 1024 * 1024
MAX_MEGAPIXELS = 120
ANALYSIS_SIDE = 2048  # long side, in pixels, of the copy the checks look at
MAX_FRAMES = 8  # frames of an animation that are looked at, spread across it
FORMATS = "JPEG, PNG, GIF, WebP, HEIC, TIFF and BMP"

Pixels = npt.NDArray[np.uint8]

_GPS_IFD = 0x8825
_EXIF_IFD = 0x8769
# Tags that say whose device took the photo, with the words a colleague will recognise.
_DEVICE_TAGS = {
    0x010F: "make",
    0x0110: "model",
    0xA430: "owner",
    0xA431: "serial number",
    0xA435: "lens serial number",
    0x013B: "artist",
}
_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def _upright() -> dict[int, Any]:
    from PIL import Image

    t = Image.Transpose
    return {
        2: t.FLIP_LEFT_RIGHT,
        3: t.ROTATE_180,
        4: t.FLIP_TOP_BOTTOM,
        5: t.TRANSPOSE,
        6: t.ROTATE_270,
        7: t.TRANSVERSE,
        8: t.ROTATE_90,
    }


class ImageUnreadable(Exception):
    """The file cannot be looked at; the message says why, in words for the colleague."""


@dataclass(frozen=True)
class Picture:
    """An image ready for the checks: frames at analysis size, and what its metadata says."""

    frames: tuple[Pixels, ...]  # RGB, upright, at most ANALYSIS_SIDE on the long side
    width: int  # of the original as displayed (upright)
    height: int
    location: tuple[float, float] | None
    device: tuple[str, ...]

    @property
    def scale(self) -> float:
        """Original pixels per analysed pixel."""
        return self.width / int(self.frames[0].shape[1])


@cache
def _register_formats() -> None:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()  # HEIC from iPhones
    Image.MAX_IMAGE_PIXELS = MAX_MEGAPIXELS * 1_000_000  # Pillow's own bomb guard, at our limit


def _degrees(value: Any) -> float:
    d, m, s = (float(Fraction(str(part))) for part in value)
    return float(d + m / 60 + s / 3600)


def _location(exif: Any) -> tuple[float, float] | None:
    gps = exif.get_ifd(_GPS_IFD)
    try:
        latitude = _degrees(gps[2]) * (-1 if gps.get(1) == "S" else 1)
        longitude = _degrees(gps[4]) * (-1 if gps.get(3) == "W" else 1)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return round(latitude, 6), round(longitude, 6)


def _device(exif: Any) -> tuple[str, ...]:
    tags = dict(exif.items()) | dict(exif.get_ifd(_EXIF_IFD).items())
    found = []
    for tag, label in _DEVICE_TAGS.items():
        value = tags.get(tag)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value.strip("\x00 "):
            found.append(f"{label}: {value.strip(chr(0) + ' ')}")
    return tuple(found)


def open_picture(path: Path) -> Picture:
    """The image at `path`, opened within the limits; ImageUnreadable says what is wrong."""
    from PIL import Image, UnidentifiedImageError

    _register_formats()
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImageUnreadable(f"the file cannot be opened ({error.strerror or error})") from None
    if size > MAX_BYTES:
        raise ImageUnreadable(
            f"the file is {size / 1024 / 1024:.0f} MB; Prudence looks at images up to "
            f"{MAX_BYTES // 1024 // 1024} MB"
        )
    if not path.is_file():
        raise ImageUnreadable("it is not a file")
    if size == 0:
        raise ImageUnreadable("the file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return _prepare(image)
    except UnidentifiedImageError:
        raise ImageUnreadable(f"it is not an image Prudence can read ({FORMATS})") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageUnreadable(
            f"it claims more than {MAX_MEGAPIXELS} megapixels: it may be a decompression bomb"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageUnreadable(f"the file is truncated or damaged ({error})") from None


def _prepare(image: Any) -> Picture:
    width, height = image.size
    if width * height > MAX_MEGAPIXELS * 1_000_000:
        raise ImageUnreadable(
            f"it claims to be {width}×{height} pixels ({width * height / 1e6:.0f} megapixels), "
            f"more than the {MAX_MEGAPIXELS} Prudence will open: it may be a decompression bomb"
        )
    exif = image.getexif()
    orientation = exif.get(0x0112, 1)
    if orientation in _ROTATED:
        width, height = height, width
    location, device = _location(exif), _device(exif)
    if image.format == "JPEG":
        image.draft("RGB", (ANALYSIS_SIDE, ANALYSIS_SIDE))  # decode at 1/2, 1/4 or 1/8 size
    count = int(getattr(image, "n_frames", 1))
    picks = sorted({round(i * (count - 1) / max(MAX_FRAMES - 1, 1)) for i in range(MAX_FRAMES)})
    frames = []
    for index in picks if count > 1 else [0]:
        if count > 1:
            image.seek(index)
        frame = image.convert("RGB")
        frame.thumbnail((ANALYSIS_SIDE, ANALYSIS_SIDE))
        if orientation in (upright := _upright()):
            frame = frame.transpose(upright[orientation])
        frames.append(np.asarray(frame, dtype=np.uint8))
    return Picture(tuple(frames), width, height, location, device)


def strip_metadata(source: Path, target: Path) -> None:
    """Writes a copy of the image with its pixels upright and no metadata: no position, no device,
    no owner, no date. The format follows the target's suffix (the source's when the same)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    _register_formats()
    if source.resolve() == target.resolve():
        raise ImageUnreadable("write the clean copy to a new file, not over the original")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height = image.size
                if width * height > MAX_MEGAPIXELS * 1_000_000:
                    raise ImageUnreadable(f"it claims more than {MAX_MEGAPIXELS} megapixels")
                suffix = target.suffix.lower().lstrip(".")
                kind = Image.registered_extensions().get(f".{suffix}", image.format)
                animated = int(getattr(image, "n_frames", 1)) > 1
                if animated and kind in {"GIF", "WEBP", "PNG"}:
                    frames = [frame.copy() for frame in _frames(image)]
                    clean = [_without_metadata(f) for f in frames]
                    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
                    clean[0].save(
                        partial,
                        format=kind,
                        save_all=True,
                        append_images=clean[1:],
                        duration=image.info.get("duration", 100),
                        loop=image.info.get("loop", 0),
                    )
                else:
                    upright = ImageOps.exif_transpose(image)
                    clean_image = _without_metadata(upright)
                    if kind == "JPEG" and clean_image.mode not in ("RGB", "L"):
                        clean_image = clean_image.convert("RGB")
                    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
                    options = {"quality": 95} if kind in {"JPEG", "WEBP", "HEIF"} else {}
                    clean_image.save(partial, format=kind, **options)
                partial.replace(target)
    except UnidentifiedImageError:
        raise ImageUnreadable(f"it is not an image Prudence can read ({FORMATS})") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageUnreadable(f"it claims more than {MAX_MEGAPIXELS} megapixels") from None
    except (OSError, SyntaxError, EOFError) as error:
        raise ImageUnreadable(
            f"the file is truncated, damaged or cannot be written ({error})"
        ) from None


def _frames(image: Any) -> list[Any]:
    frames = []
    for index in range(int(getattr(image, "n_frames", 1))):
        image.seek(index)
        frames.append(image.convert("RGBA"))
    return frames


def _without_metadata(image: Any) -> Any:
    """The same pixels in a new image, which carries none of the old one's metadata."""
    from PIL import Image

    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    if image.mode == "P" and (palette := image.getpalette()):
        clean.putpalette(palette)
    return clean
