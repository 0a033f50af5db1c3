"""The detectors, each owning one concern. Adding one is a module and a line below."""

from __future__ import annotations

from prudence.check.detectors import contact_details, meaning, pupil_contact, school_identifiers
from prudence.check.engine import Detector

DETECTORS: tuple[Detector, ...] = (
    pupil_contact.detect,
    contact_details.detect,
    school_identifiers.detect,
    meaning.detect,
)
