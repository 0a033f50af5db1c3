"""The classifier's part in the checker: thresholds, severity, evidence and sharing with rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from prudence.adapters.embedding import Encoded
from prudence.adapters.models import load_model, save_model
from prudence.check.context import CheckContext
from prudence.check.detectors import DETECTORS
from prudence.check.engine import check_post, check_posts
from prudence.check.features import CONTEXT_FEATURES
from prudence.check.model import Analyzer, ClauseModel, Combination, Neighbours
from prudence.check.post import Audience, Post, Verdict
from prudence.policy.catalogue import clause_guidance
from prudence.school.profile import SchoolProfile
from prudence.services import training
from prudence.services.training import fit_vocabulary

WIDTH = 4 + len(CONTEXT_FEATURES)


class KeywordEncoder:
    """A stand-in for the sentence encoder: one dimension per word it knows."""

    words = ("useless", "photo", "snap", "sunset")

    def __init__(self) -> None:
        self.calls = 0

    def vector(self, text: str) -> npt.NDArray[np.float32]:
        return np.array([float(w in text.lower()) for w in self.words], dtype=np.float32)

    def encode_parts(
        self, texts: Sequence[str], parts: Sequence[Sequence[tuple[int, int]]]
    ) -> list[Encoded]:
        self.calls += 1
        return [
            Encoded(
                self.vector(text),
                np.array([self.vector(text[a:b]) for a, b in spans], dtype=np.float32).reshape(
                    len(spans), len(self.words)
                ),
            )
            for text, spans in zip(texts, parts, strict=True)
        ]


def model(combination: Combination = Combination.MODEL) -> ClauseModel:
    weights = np.zeros((3, WIDTH), dtype=np.float32)
    weights[0, 0] = 10.0  # "useless" -> 4.1.9
    weights[1, 1] = 10.0  # "photo" -> 4.1.8
    weights[2, 2] = 10.0  # "snap" -> 4.1.5
    block = np.zeros(WIDTH, dtype=np.float32)
    block[0] = 10.0  # only the derogatory remark is a block
    return ClauseModel(
        version="test",
        features=WIDTH,
        clauses=("4.1.9", "4.1.8", "4.1.5"),
        weights=weights,
        bias=np.full(3, -5.0, dtype=np.float32),
        thresholds=np.full(3, 0.5, dtype=np.float32),
        combination=(Combination.MODEL, Combination.MODEL, combination),
        block_weights=block,
        block_bias=-5.0,
    )


def context(
    profile: SchoolProfile, classifier: ClauseModel, encoder: KeywordEncoder
) -> CheckContext:
    return CheckContext(
        profile=profile, today=date(2026, 11, 24), encoder=encoder, classifier=classifier
    )


def check(ctx: CheckContext, text: str, **fields: object) -> dict[str, tuple[Verdict, list[str]]]:
    report = check_post(Post(id="p", text=text, **fields), ctx, DETECTORS, clause_guidance())  # type: ignore[arg-type]
    return {f.clause_id: (f.severity, [s.text for s in f.evidence]) for f in report.findings}


def test_a_clause_is_found_when_its_probability_passes_the_threshold(
    demo_profile: SchoolProfile,
) -> None:
    ctx = context(demo_profile, model(), KeywordEncoder())
    assert check(ctx, "The new timetable is useless.") == {
        "4.1.9": (Verdict.BLOCK, ["The new timetable is useless."])
    }
    assert check(ctx, "Lovely sunset tonight") == {}


def test_the_severity_comes_from_the_block_model(demo_profile: SchoolProfile) -> None:
    ctx = context(demo_profile, model(), KeywordEncoder())
    assert check(ctx, "Great photo from the trip")["4.1.8"][0] is Verdict.REVIEW


def test_the_evidence_is_the_sentence_that_carries_the_clause(demo_profile: SchoolProfile) -> None:
    ctx = context(demo_profile, model(), KeywordEncoder())
    found = check(ctx, "What a week. Honestly this umbrella is useless! Off to the pub.")
    assert found["4.1.9"][1] == ["Honestly this umbrella is useless!"]


def test_a_long_post_points_at_its_sentence_however_far_in(demo_profile: SchoolProfile) -> None:
    ctx = context(demo_profile, model(), KeywordEncoder())
    text = "What a week. " * 69 + "Honestly this umbrella is useless! " + "Off to the pub. " * 40
    report = check_post(Post(id="p", text=text), ctx, DETECTORS, clause_guidance())
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.9"]
    (span,) = finding.evidence
    assert (span.start, span.text) == (69 * 13, "Honestly this umbrella is useless!")


def test_a_rule_shows_where_once_the_classifier_alone_has_decided_a_clause(
    demo_profile: SchoolProfile,
) -> None:
    ctx = context(demo_profile, model(), KeywordEncoder())
    # 4.1.9 is the classifier's alone; the disparagement rule still points at the word.
    found = check(ctx, "What a week. Honestly the new head is useless! Off to the pub.")
    assert found["4.1.9"] == (Verdict.BLOCK, ["useless"])
    # Where the classifier does not cite the clause, the rule's finding is not admitted.
    text = "What a week. Honestly the new head is clueless!"
    assert "4.1.9" in check(CheckContext(profile=demo_profile, today=date(2026, 11, 24)), text)
    assert "4.1.9" not in check(ctx, text)


def test_a_post_the_gate_and_its_likeliest_clause_agree_on_cites_that_clause(
    demo_profile: SchoolProfile,
) -> None:
    unsure = model()
    weights = unsure.weights.copy()
    weights[0, 3] = 4.0  # "sunset" leans to 4.1.9 (0.27), short of its threshold (0.5)
    gate = np.zeros(WIDTH, dtype=np.float32)
    gate[3] = 10.0  # ...while the gate is sure something is wrong (0.99): together, 0.63
    sure = replace(unsure, weights=weights, gate_weights=gate, gate_bias=-5.0)
    text = "Another sunset over the car park"
    assert check(context(demo_profile, sure, KeywordEncoder()), text) == {}
    assert (
        check(context(demo_profile, replace(sure, fallback_threshold=0.7), KeywordEncoder()), text)
        == {}
    )
    cited = replace(sure, fallback_threshold=0.6)
    assert set(check(context(demo_profile, cited, KeywordEncoder()), text)) == {"4.1.9"}
    # Two signals that agree stand even where the gate alone would not pass the post...
    closed = replace(cited, gate_threshold=0.999)
    assert set(check(context(demo_profile, closed, KeywordEncoder()), text)) == {"4.1.9"}
    # ...but a clause that leans alone, with the gate unsure, is not enough.
    alone = replace(cited, gate_weights=np.zeros(WIDTH, dtype=np.float32))
    assert check(context(demo_profile, alone, KeywordEncoder()), text) == {}


def neighbours_of(
    vectors: npt.NDArray[np.float32], clauses: npt.NDArray[np.bool_], share: float, count: int
) -> Neighbours:
    """Training posts compared in the encoder's own directions, unreduced."""
    width = vectors.shape[1]
    return Neighbours(
        vectors,
        clauses.any(axis=1),
        clauses,
        share=share,
        centre=np.zeros(width, np.float32),
        directions=np.eye(width, dtype=np.float32),
        count=count,
    )


def sunset_neighbours(share: float) -> Neighbours:
    """Training posts in KeywordEncoder's space: sunsets were remarks about the school (4.1.9),
    photos were harmless."""
    vectors = np.array([[0, 0, 0, 1], [0, 0, 0, 1], [0, 1, 0, 0], [0, 1, 0, 0]], np.float32)
    clauses = np.zeros((4, 3), dtype=bool)
    clauses[:2, 0] = True
    return neighbours_of(vectors, clauses, share, count=2)


@pytest.mark.clause("4.1.9")
@pytest.mark.parametrize(("share", "cited"), [(0.0, False), (0.4, False), (0.6, True)])
def test_the_training_posts_nearest_in_meaning_share_the_verdict(
    demo_profile: SchoolProfile, share: float, cited: bool
) -> None:
    # The linear model knows nothing of sunsets (4.1.9 at 0.007); both nearest training posts
    # engage 4.1.9, so the blend is 0.007 (1 - share) + share against a threshold of 0.5.
    ctx = context(
        demo_profile, replace(model(), neighbours=sunset_neighbours(share)), KeywordEncoder()
    )
    assert ("4.1.9" in check(ctx, "Another sunset over the car park")) is cited
    # A post nearest the harmless photos is not pulled towards 4.1.9 at any share.
    assert "4.1.9" not in check(ctx, "Great photo from the trip")


def test_the_nearest_neighbours_outweigh_the_further_ones() -> None:
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], np.float32)
    breaches = np.array([True, False, False])
    clauses = breaches[:, None].copy()
    voted, engaged, near = neighbours_of(vectors, clauses, share=1.0, count=3).vote(
        np.array([[0.96, 0.28], [0.0, 1.0]], np.float32)
    )
    assert near.tolist() == [True, True]
    # The first row is 0.96 alike to the breach and 0.936 to the nearer harmless post, 0.28 to
    # the other: at a temperature of 0.05 the breach carries most of the weight.
    assert voted[0] == pytest.approx(np.exp(0) / (1 + np.exp(-0.48) + np.exp(-13.6)), abs=1e-4)
    assert voted[1] < 0.01 and np.array_equal(voted, engaged[:, 0])


@pytest.mark.clause("4.1.8")
def test_the_neighbours_abstain_where_no_training_post_is_near(
    demo_profile: SchoolProfile,
) -> None:
    # Two training posts, both photo remarks (4.1.8), near "useless" in KeywordEncoder's space.
    vectors = np.array([[0.954, 0.3, 0.0, 0.0], [0.954, 0.0, 0.3, 0.0]], np.float32)
    clauses = np.zeros((2, 3), dtype=bool)
    clauses[:, 1] = True
    photos = replace(model(), neighbours=neighbours_of(vectors, clauses, share=0.9, count=2))
    ctx = context(demo_profile, photos, KeywordEncoder())
    # A post 0.954 alike takes their vote, nine tenths of each probability: 4.1.8 at 0.9, and
    # 4.1.9, which the linear model alone gives 0.99, at 0.1.
    assert set(check(ctx, "The new timetable is useless.")) == {"4.1.8"}
    # A post about sunsets is nowhere near them (0.0, short of NEAR_ENOUGH): the linear model
    # alone decides it, though their vote would be all for 4.1.8.
    vote = (
        photos.neighbours.vote(np.array([[0, 0, 0, 1]], np.float32)) if photos.neighbours else None
    )
    assert vote is not None and vote.near.tolist() == [False] and vote.clauses[0, 1] == 1.0
    assert check(ctx, "Lovely sunset tonight") == {}


def test_many_rows_vote_as_each_would_alone() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(300, 8)).astype(np.float32)
    clauses = rng.random((300, 2)) < 0.3
    neighbours = neighbours_of(vectors, clauses, share=0.5, count=5)
    rows = rng.normal(size=(700, 8)).astype(np.float32)
    together = neighbours.vote(rows)
    for i in (0, 255, 256, 699):
        alone = neighbours.vote(rows[i : i + 1])
        assert together[0][i] == pytest.approx(alone[0][0], abs=1e-5)
        assert together[1][i] == pytest.approx(alone[1][0], abs=1e-5)


@pytest.mark.parametrize(
    ("combination", "expected"),
    [
        (Combination.MODEL, {"4.1.5": "both"}),  # the classifier decides; the rule shows where
        (Combination.RULES, {"4.1.5": "rules"}),
        (Combination.EITHER, {"4.1.5": "both"}),
    ],
)
def test_training_decides_whether_rules_or_classifier_speak_for_a_clause(
    demo_profile: SchoolProfile, combination: Combination, expected: dict[str, str]
) -> None:
    ctx = context(demo_profile, model(combination), KeywordEncoder())
    # The classifier's evidence is the first sentence ("snap"); the rule's, the number.
    text = "Snap happy today! Ring 07700 900123 if you need me"
    report = check_post(
        Post(id="p", text=text, audience=Audience.PUPILS), ctx, DETECTORS, clause_guidance()
    )
    (finding,) = [f for f in report.findings if f.clause_id == "4.1.5"]
    from_rules = any(s.text == "07700 900123" for s in finding.evidence)
    from_model = any(s.text == "Snap happy today!" for s in finding.evidence)
    source = {(True, False): "rules", (False, True): "classifier", (True, True): "both"}
    assert {"4.1.5": source[(from_rules, from_model)]} == expected


def test_a_batch_is_embedded_in_one_pass_and_nothing_is_kept(demo_profile: SchoolProfile) -> None:
    encoder = KeywordEncoder()
    ctx = context(demo_profile, model(), encoder)
    posts = [Post(id=str(i), text=f"post number {i}") for i in range(50)]
    reports = check_posts(posts, ctx, DETECTORS, clause_guidance())
    assert [r.post_id for r in reports] == [str(i) for i in range(50)]
    assert encoder.calls == 1
    assert ctx.embedding("post number 3") is not None and encoder.calls == 2  # cache was emptied


def test_the_model_survives_a_round_trip_through_its_file(tmp_path: Path) -> None:
    texts = ["add me on snap", "snap me later", "add me on insta", "insta later"]
    original = replace(
        model(Combination.EITHER),
        gate_threshold=0.6,
        fallback_threshold=0.9,
        vocabulary=fit_vocabulary(texts),
        characters=fit_vocabulary(texts, Analyzer.CHARACTERS),
    )
    save_model(original, tmp_path / "m.npz", {"posts": 3})
    loaded = load_model(tmp_path / "m.npz")
    assert loaded.clauses == original.clauses and loaded.combination == original.combination
    assert np.array_equal(loaded.weights, original.weights)
    assert loaded.block_bias == original.block_bias
    assert (loaded.gate_threshold, loaded.fallback_threshold) == (0.6, 0.9)
    assert loaded.characters is not None and loaded.characters.analyzer is Analyzer.CHARACTERS
    text = "Add me on Snapchat x"
    assert np.array_equal(loaded.text_vector(text), original.text_vector(text))
    assert loaded.neighbours is None
    assert loaded.text_vector(text).shape == (
        len(original.vocabulary or ()) + len(original.characters or ()),
    )


def test_the_neighbours_are_kept_in_half_precision_and_vote_as_before(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    # Two hundred posts about ten topics, as meanings cluster.
    topics = rng.normal(size=(10, 384))
    vectors = (topics[rng.integers(10, size=200)] + rng.normal(scale=0.5, size=(200, 384))).astype(
        np.float32
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    clauses = rng.random((200, 3)) < 0.2
    neighbours = training.fit_neighbours(vectors, clauses.any(axis=1), clauses, share=0.35)
    save_model(replace(model(), neighbours=neighbours), tmp_path / "m.npz", {})
    loaded = load_model(tmp_path / "m.npz").neighbours
    assert loaded is not None
    assert (loaded.share, loaded.count, loaded.temperature) == (0.35, 10, 0.05)
    assert np.array_equal(loaded.clauses, clauses) and np.array_equal(
        loaded.breaches, clauses.any(1)
    )
    assert (
        np.abs(loaded.vectors @ loaded.vectors.T - neighbours.vectors @ neighbours.vectors.T).max()
        < 0.001
    )
    assert np.array_equal(loaded.directions, neighbours.directions)
    queries = vectors[:20] + rng.normal(scale=0.3, size=(20, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    assert np.abs(loaded.vote(queries)[1] - neighbours.vote(queries)[1]).max() < 0.01


@pytest.mark.parametrize(
    ("clause", "rule_false_alarms", "expected"),
    [
        ("4.1.9", 1, Combination.EITHER),
        ("4.1.9", 2, Combination.EITHER),
        ("4.1.9", 4, Combination.MODEL),
        # Contact details given to pupils: the rules read the policy's letter and keep speaking.
        ("4.1.5", 40, Combination.EITHER),
    ],
)
def test_the_precise_rules_keep_a_clause_unless_the_classifier_alone_is_clearly_better(
    clause: str, rule_false_alarms: int, expected: Combination
) -> None:
    actual = np.arange(400) < 100  # a hundred posts engage the clause
    rules = np.zeros(400, dtype=bool)
    rules[100 : 100 + rule_false_alarms] = True  # the rule only adds false alarms
    # The classifier is right on every post: alone it scores F1 1.0, with the rule 200/201 or
    # 200/202 (a gain of 0.005 or 0.0099 for the classifier alone, not enough) or 200/204 (enough).
    choice, *_ = training._choose(
        0.0,
        np.ones(400),
        actual.astype(float)[:, None],
        actual[:, None],
        rules[:, None],
        ~actual,
        (clause,),
    )
    assert choice.combinations == [expected]


def test_training_gives_the_neighbours_a_share_where_meaning_is_not_a_straight_line() -> None:
    # Posts on a circle of meanings: remarks about the school at 0 and 180 degrees, harmless
    # posts at 90 and 270. No straight line parts them; nearness does.
    rng = np.random.default_rng(11)
    items, rows = [], []
    for i in range(400):
        quarter = i % 4
        angle = quarter * np.pi / 2 + rng.normal(scale=0.15)
        bad = quarter in (0, 2)
        items.append(
            training.LabelledPost(
                post=Post(id=f"p{i}", text=f"an ordinary post {i}"),
                school=f"school{i % 5}",
                clauses=frozenset({"4.1.9"} if bad else set()),
                verdict=Verdict.BLOCK if bad else Verdict.OK,
            )
        )
        rows.append(
            np.concatenate([[np.cos(angle), np.sin(angle)], np.zeros(len(CONTEXT_FEATURES))])
        )
    trained, report = training.train(items, np.array(rows, np.float32), [set()] * len(items))
    assert report["neighbour_share"] > 0 and trained.neighbours is not None
    assert report["micro_f1"] > 0.95 and report["without_neighbours"]["micro_f1"] < 0.8
    # The model keeps the training posts' meanings and labels, to vote on the posts it meets.
    assert trained.neighbours.vectors.shape == (400, 2)
    assert trained.neighbours.clauses[:, 0].tolist() == [i % 4 in (0, 2) for i in range(400)]
