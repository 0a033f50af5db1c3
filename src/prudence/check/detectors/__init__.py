"""The detectors, each owning one concern. Adding one is a module and a line below."""

from __future__ import annotations

from prudence.check.detectors import (
    adult_mentions,
    compromising,
    confidential_terms,
    contact_details,
    disparagement,
    information_requests,
    meaning,
    persuasion,
    photographs,
    pupil_contact,
    pupil_mentions,
    school_identifiers,
    unsuitable_content,
)
from prudence.check.engine import Detector

# The precise rules, each owning one concern; the classifier comes last and speaks for meaning.
RULES: tuple[Detector, ...] = (
    pupil_contact.detect,
    contact_details.detect,
    school_identifiers.detect,
    confidential_terms.detect,
    pupil_mentions.detect,
    adult_mentions.detect,
    information_requests.detect,
    disparagement.detect,
    compromising.detect,
    persuasion.detect,
    unsuitable_content.detect,
    photographs.detect,
)
DETECTORS: tuple[Detector, ...] = (*RULES, meaning.detect)
