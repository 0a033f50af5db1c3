"""`make eval-faces`: how well the face detector finds faces in real photographs, and how often
it sees one where there is none.

The photographs are the ones scikit-image ships: the astronaut and the cameraman (one face each),
100 faces from Labeled Faces in the Wild (scikit-image's `lfw_subset`, 25 pixels square, set into
a scene at four times that size) and, for false alarms, 19 photographs with no human face (a
cat, coffee, a rocket, coins, a horse…) and LFW's 100 faceless crops. Every photograph is also
looked at scaled, rotated, cropped, darkened and mirrored, as phones take them.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator

import cv2
import numpy as np
from skimage import data

from prudence.adapters.faces import FaceDetector
from prudence.check.images import Box

Pixels = np.ndarray

# Where the face is in each original photograph, by eye: x, y, width, height.
FACES = {"astronaut": (165, 55, 120, 130), "camera": (195, 95, 95, 110)}
SCENES = [
    "coffee", "chelsea", "rocket", "hubble_deep_field", "immunohistochemistry", "retina",
    "brick", "grass", "gravel", "coins", "moon", "page", "text", "horse", "clock",
    "colorwheel", "logo", "cat", "cell",
]  # fmt: skip


def rgb(image: Pixels) -> Pixels:
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    image = image[..., :3]
    if image.dtype != np.uint8:
        image = (255 * (image.astype(np.float64) / max(float(image.max()), 1e-9))).astype(np.uint8)
    return np.ascontiguousarray(image)


def variants(image: Pixels, box: Box | None) -> Iterator[tuple[str, Pixels, Box | None]]:
    """The photograph as phones and people change it, with where the face went."""
    height, width = image.shape[:2]
    yield "original", image, box
    for factor in (0.5, 2.0, 4.0):
        scaled = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        yield f"scaled x{factor}", scaled, _scale(box, factor)
    for angle in (-30, -15, 15, 30):
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        turned = cv2.warpAffine(image, matrix, (width, height), borderMode=cv2.BORDER_REFLECT)
        yield f"rotated {angle}°", turned, _rotate(box, matrix)
    yield "rotated 90°", np.ascontiguousarray(np.rot90(image)), _rot90(box, width)
    if box is not None:
        x, y, w, h = box
        left, top = max(0, x - w), max(0, y - h)
        crop = image[top : min(height, y + 2 * h), left : min(width, x + 2 * w)]
        yield "cropped close", np.ascontiguousarray(crop), (x - left, y - top, w, h)
    else:
        yield "cropped", np.ascontiguousarray(image[: height // 2, : width // 2]), None
    for gamma in (2.0, 3.0):
        dark = (255 * (image / 255.0) ** gamma).astype(np.uint8)
        yield f"darkened γ{gamma}", dark, box
    noisy = np.clip(image + np.random.default_rng(7).normal(0, 12, image.shape), 0, 255)
    yield "noisy", noisy.astype(np.uint8), box
    mirrored = np.ascontiguousarray(image[:, ::-1])
    yield "mirrored", mirrored, None if box is None else (width - box[0] - box[2], *box[1:])


def _scale(box: Box | None, factor: float) -> Box | None:
    return None if box is None else tuple(round(v * factor) for v in box)  # type: ignore[return-value]


def _rotate(box: Box | None, matrix: Pixels) -> Box | None:
    if box is None:
        return None
    x, y, w, h = box
    corners = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], float)
    moved = corners @ matrix.T
    left, top = moved.min(axis=0)
    right, bottom = moved.max(axis=0)
    return (round(left), round(top), round(right - left), round(bottom - top))


def _rot90(box: Box | None, width: int) -> Box | None:
    if box is None:
        return None
    x, y, w, h = box
    return (y, width - x - w, h, w)


def found(faces: list[Box], truth: Box) -> bool:
    """A face is found when a box's centre falls inside it."""
    x, y, w, h = truth
    return any(x <= fx + fw / 2 <= x + w and y <= fy + fh / 2 <= y + h for fx, fy, fw, fh in faces)


def lfw_scenes(faces: bool) -> Iterator[tuple[Pixels, Box]]:
    crops = data.lfw_subset()
    chosen = crops[:100] if faces else crops[100:]
    rng = np.random.default_rng(11)
    for n, crop in enumerate(chosen):
        scene = cv2.resize(rgb(getattr(data, SCENES[n % len(SCENES)])()), (400, 300))
        face = cv2.resize(rgb(crop), (100, 100), interpolation=cv2.INTER_CUBIC)
        x, y = int(rng.integers(0, 300)), int(rng.integers(0, 200))
        scene[y : y + 100, x : x + 100] = face
        yield scene, (x, y, 100, 100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scores", default="0.5,0.6,0.7", help="thresholds to compare")
    args = parser.parse_args()
    columns = ("photos", 8), ("LFW faces", 11), ("false alarms", 14), ("faceless LFW", 14)
    print(f"{'threshold':<10}" + "".join(f"{name:>{width}}" for name, width in columns))
    for threshold in (float(s) for s in args.scores.split(",")):
        detector = FaceDetector(min_score=threshold)
        hits = trials = 0
        for name, truth in FACES.items():
            for _, image, box in variants(rgb(getattr(data, name)()), truth):
                trials += 1
                hits += found(detector.faces(image), box) if box else 0
        lfw = sum(found(detector.faces(scene), box) for scene, box in lfw_scenes(True))
        alarms = looked = 0
        for name in SCENES:
            for _, image, _ in variants(rgb(getattr(data, name)()), None):
                looked += 1
                alarms += len(detector.faces(image))
        faceless = sum(found(detector.faces(scene), box) for scene, box in lfw_scenes(False))
        print(
            f"{threshold:<10.2f}{hits / trials:>8.1%}{lfw / 100:>11.1%}"
            f"{alarms:>7} in {looked:<4}{faceless / 100:>14.1%}"
        )
    detector = FaceDetector()
    image = cv2.resize(rgb(data.astronaut()), (2048, 1536))
    times = []
    for _ in range(20):
        started = time.perf_counter()
        detector.faces(image)
        times.append(time.perf_counter() - started)
    median = statistics.median(times) * 1000
    print(f"\none 2048 × 1536 image (whole and four quarters): {median:.0f} ms")


if __name__ == "__main__":
    main()
