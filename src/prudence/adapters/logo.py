"""The school's logo in a photo, found by matching local features (SIFT) and a homography, so it
is found scaled, rotated, in perspective or partly hidden."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from prudence.check.images import Box

Pixels = npt.NDArray[np.uint8]

_RATIO = 0.75  # Lowe's ratio test: a match must be clearly better than the next best
_MIN_INLIERS = 12  # matches that agree on one placement of the logo
_LOGO_SIDE = 512


class LogoFinder:
    """Finds one school's logo; boxes are in the pixels of the image given."""

    def __init__(self, logo: Path) -> None:
        import cv2

        from prudence.adapters.image_files import open_picture

        picture = open_picture(logo)
        grey = cv2.cvtColor(picture.frames[0], cv2.COLOR_RGB2GRAY)
        scale = _LOGO_SIDE / max(grey.shape)
        if scale < 1:
            grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        self._sift = cv2.SIFT_create()  # type: ignore[attr-defined]
        self._points, self._descriptors = self._sift.detectAndCompute(grey, None)
        self._corners = np.array(
            [[0, 0], [grey.shape[1], 0], [grey.shape[1], grey.shape[0]], [0, grey.shape[0]]],
            dtype=np.float32,
        ).reshape(-1, 1, 2)
        if self._descriptors is None or len(self._points) < _MIN_INLIERS:
            raise ValueError(f"the logo {logo} has too little detail to be recognised in photos")

    def find(self, image: Pixels) -> Box | None:
        import cv2

        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        points, descriptors = self._sift.detectAndCompute(grey, None)
        if descriptors is None or len(points) < _MIN_INLIERS:
            return None
        pairs = cv2.BFMatcher(cv2.NORM_L2).knnMatch(self._descriptors, descriptors, k=2)
        good = [p[0] for p in pairs if len(p) == 2 and p[0].distance < _RATIO * p[1].distance]
        if len(good) < _MIN_INLIERS:
            return None
        source = np.array([self._points[m.queryIdx].pt for m in good], dtype=np.float32).reshape(
            -1, 1, 2
        )
        target = np.array([points[m.trainIdx].pt for m in good], dtype=np.float32).reshape(-1, 1, 2)
        homography, inliers = cv2.findHomography(source, target, cv2.RANSAC, 5.0)
        if homography is None or int(inliers.sum()) < _MIN_INLIERS:
            return None
        outline = cv2.perspectiveTransform(self._corners, homography)
        if not cv2.isContourConvex(outline.astype(np.int32)):
            return None  # a twisted placement is a chance agreement, not the logo
        x, y, w, h = cv2.boundingRect(outline.astype(np.int32))
        height, width = grey.shape
        left, top = max(0, x), max(0, y)
        right, bottom = min(width, x + w), min(height, y + h)
        if right - left < 8 or bottom - top < 8:
            return None
        return (left, top, right - left, bottom - top)
