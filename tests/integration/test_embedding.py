"""The sentence encoder reproduces the reference model's embeddings and their sense of meaning."""

from __future__ import annotations

import json

import numpy as np
import pytest

from prudence.adapters.embedding import SentenceEncoder
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_embeddings_match_the_reference_implementation(encoder: SentenceEncoder) -> None:
    reference = json.loads((FIXTURES / "embedding_reference.json").read_text("utf-8"))
    vectors = encoder.encode(reference["texts"])
    # Includes emoji, right-to-left script, an empty text and one past the 256-token limit.
    assert np.abs(vectors - np.array(reference["vectors"])).max() < 1e-5


def test_texts_alike_in_meaning_are_closer_than_texts_alike_in_words(
    encoder: SentenceEncoder,
) -> None:
    photo, picture, sunset = encoder.encode(
        [
            "Photo of my class on the school trip",
            "Pics of the kids I teach at the zoo",
            "Photo of the sunset on my trip",
        ]
    )
    assert float(photo @ picture) > 0.4
    assert float(picture @ sunset) < float(picture @ photo)


def test_order_is_kept_whatever_the_lengths(encoder: SentenceEncoder) -> None:
    texts = ["a much longer text about the school fair and the raffle", "hi", "medium length post"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5
    assert encoder.encode([]).shape == (0, 384)
