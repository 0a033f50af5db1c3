"""The classifier's word features are exactly the TF-IDF that training fitted."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from prudence.check.model import CHARACTER_GRAMS, Analyzer
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


def test_character_features_match_the_reference_tfidf_on_seen_and_unseen_text() -> None:
    vocabulary = fit_vocabulary(TEXTS, Analyzer.CHARACTERS)
    reference = TfidfVectorizer(
        analyzer="char_wb", ngram_range=CHARACTER_GRAMS, min_df=3, sublinear_tf=True
    ).fit(TEXTS)
    unseen = ["Phooto of the heeead  \t with\ttabs", "a b", "zzzzzzzz", "🙄🙄 ok"]
    assert len(vocabulary) == len(reference.get_feature_names_out())
    for text in TEXTS + unseen:
        expected = reference.transform([text]).toarray()[0]
        assert np.allclose(vocabulary.vector(text), expected, atol=1e-6), text


def test_misspelt_words_share_character_features_with_the_word() -> None:
    texts = ["photo of the sea", "a photo booth", "photos from Friday", "the sea at night"]
    vocabulary = fit_vocabulary(texts, Analyzer.CHARACTERS)
    assert float(vocabulary.vector("phottos") @ vocabulary.vector("photos")) > 0.3
    assert float(vocabulary.vector("phottos") @ vocabulary.vector("the sea")) == 0
    assert not vocabulary.vector("zzz qqq").any()
