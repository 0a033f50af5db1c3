"""The sentence encoder reproduces the reference model's embeddings and their sense of meaning."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from prudence.adapters.embedding import SentenceEncoder
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], npt.NDArray[np.float32]]:
    data = json.loads((FIXTURES / "embedding_reference.json").read_text("utf-8"))
    # Includes emoji, right-to-left script, an empty text and one past the 256-token limit.
    return data["texts"], np.array(data["vectors"], dtype=np.float32)


def test_the_full_precision_graph_matches_the_reference_implementation(
    reference: tuple[list[str], npt.NDArray[np.float32]], tmp_path: Path
) -> None:
    texts, vectors = reference
    exact = SentenceEncoder(cache=tmp_path, quantised=False)
    assert np.abs(exact.encode(texts) - vectors).max() < 1e-5


def test_the_quantised_graph_keeps_the_reference_meaning(
    encoder: SentenceEncoder, reference: tuple[list[str], npt.NDArray[np.float32]]
) -> None:
    texts, vectors = reference
    cosines = (encoder.encode(texts) * vectors).sum(axis=1)
    assert cosines.min() > 0.97


def test_the_quantised_graph_is_built_once_and_cached(tmp_path: Path) -> None:
    SentenceEncoder(cache=tmp_path)
    cached = list(tmp_path.glob("*.onnx"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    SentenceEncoder(cache=tmp_path)
    assert [p.stat().st_mtime_ns for p in tmp_path.glob("*.onnx")] == [stamp]


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
    assert np.abs(together - alone).max() < 1e-4
    assert encoder.encode([]).shape == (0, 384)


def test_a_sentence_is_read_in_the_context_of_its_post(encoder: SentenceEncoder) -> None:
    text = "Lovely weekend in the Lakes. Our head is a total joke and everyone knows it."
    (whole,) = encoder.encode_parts([text], [[(0, 28), (29, len(text))]])
    walk, insult = whole.parts
    alone_walk, alone_insult = encoder.encode([text[:28], text[29:]])
    # Each part is closest to the same sentence encoded on its own.
    assert float(walk @ alone_walk) > float(walk @ alone_insult)
    assert float(insult @ alone_insult) > float(insult @ alone_walk)
    assert float(insult @ alone_insult) > 0.6


def test_a_part_beyond_the_token_limit_is_encoded_on_its_own(encoder: SentenceEncoder) -> None:
    text = "word " * 400 + "Our head is a total joke."
    tail = (text.index("Our"), len(text))
    (encoded,) = encoder.encode_parts([text], [[tail]])
    (alone,) = encoder.encode([text[tail[0] :]])
    assert np.abs(encoded.parts[0] - alone).max() < 1e-5
