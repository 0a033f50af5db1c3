"""The classifier's word features are exactly the TF-IDF that training fitted."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from prudence.services.training import fit_vocabulary

TEXTS = [
    "Our head has no clue what she's doing",
    "the head of the river race was brilliant",
    "No clue where the car keys are, again",
    "Photo of my Year 5s at the zoo today 😀",
    "photo photo PHOTO of the sunset",
]


def test_word_features_match_the_reference_tfidf_on_seen_and_unseen_text() -> None:
    vocabulary = fit_vocabulary(TEXTS)
    reference = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(TEXTS)
    unseen = ["The head has no clue about the photo", "completely new words here"]
    for text in TEXTS + unseen:
        expected = reference.transform([text]).toarray()[0]
        assert np.allclose(vocabulary.vector(text), expected, atol=1e-6), text


def test_a_text_with_no_known_words_is_all_zeros() -> None:
    assert not fit_vocabulary(TEXTS).vector("zzz qqq").any()
