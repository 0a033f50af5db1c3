"""Concerns: each kind rests on the clause that asks for it, and a report is complete or refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from prudence.cases.concerns import ConcernKind, SafetyTopic, Subject, SubjectKind
from prudence.policy.catalogue import model_policy
from prudence.school.people import Role
from tests.unit.cases.factories import HEADTEACHER, concern, parent, pupil


@pytest.mark.parametrize(
    ("kind", "clauses"),
    [
        (ConcernKind.PUPIL_CONTACT, ("4.1.4",)),
        (ConcernKind.PUPIL_SEEKING_INVOLVEMENT, ("3.3",)),
        (ConcernKind.COLLEAGUE_TARGETED_ONLINE, ("2.5",)),
        (ConcernKind.POLICY_NOT_FOLLOWED, ("3.3", "3.4")),
        (ConcernKind.MEDIA_CONTACT_OR_PAYMENT, ("4.1.12",)),
        (ConcernKind.PUPIL_BEHAVIOUR_ONLINE, ("5.1.5",)),
        (ConcernKind.PUPIL_SAFETY_SEEN_ONLINE, ("4.1.15",)),
    ],
)
def test_each_kind_of_concern_rests_on_the_clause_that_asks_for_it(
    kind: ConcernKind, clauses: tuple[str, ...]
) -> None:
    assert kind.clauses == clauses


def test_every_clause_a_concern_rests_on_is_in_the_model_policy() -> None:
    known = {clause.id for clause in model_policy()}
    assert {clause for kind in ConcernKind for clause in kind.clauses} <= known


@pytest.mark.clause("3.3")
@pytest.mark.clause("3.4")
def test_a_colleague_reporting_a_colleague_answers_to_3_3_and_a_parent_to_3_4() -> None:
    assert concern().clause == "3.3"
    assert concern(external_reporter=parent()).clause == "3.4"


@pytest.mark.clause("4.1.4")
def test_a_pupils_friend_request_is_reported_under_4_1_4_whoever_reports_it() -> None:
    friend_request = concern(kind=ConcernKind.PUPIL_CONTACT, subject=pupil())
    assert friend_request.clause == "4.1.4"


def test_a_concern_is_reported_by_a_colleague_or_by_an_outsider_never_both_nor_neither() -> None:
    with pytest.raises(ValueError, match="colleague or by an external reporter"):
        concern(reported_by=None)
    with pytest.raises(ValueError, match="colleague or by an external reporter"):
        concern(reported_by="dan.wright", external_reporter=parent())


def test_a_parents_report_carries_the_reference_they_follow_it_up_with() -> None:
    reported = concern(external_reporter=parent("OAK-7Q4M"))
    assert reported.reported_by is None
    assert reported.external_reporter is not None
    assert reported.external_reporter.follow_up_reference == "OAK-7Q4M"
    with pytest.raises(ValueError, match="follow-up reference"):
        parent(" ")


def test_a_concern_without_a_description_is_refused() -> None:
    with pytest.raises(ValueError, match="description"):
        concern(description="  ")


def test_a_concern_received_at_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        concern(received_at=datetime(2026, 11, 24, 9, 0))


@pytest.mark.clause("4.1.15")
def test_something_seen_about_a_pupils_safety_names_the_risk() -> None:
    seen = concern(
        kind=ConcernKind.PUPIL_SAFETY_SEEN_ONLINE,
        subject=pupil(),
        topics=frozenset({SafetyTopic.RADICALISATION}),
    )
    assert seen.topics == {SafetyTopic.RADICALISATION}
    with pytest.raises(ValueError, match="which risk"):
        concern(kind=ConcernKind.PUPIL_SAFETY_SEEN_ONLINE, subject=pupil())


def test_safety_topics_belong_only_to_concerns_about_a_pupils_safety() -> None:
    with pytest.raises(ValueError, match="safety topics"):
        concern(topics=frozenset({SafetyTopic.FGM}))


def test_the_safety_topics_are_the_duties_4_1_15_names() -> None:
    assert {topic.name for topic in SafetyTopic} == {
        "CHILD_SEXUAL_EXPLOITATION",
        "RADICALISATION",
        "MISSING_FROM_EDUCATION",
        "FGM",
        "OTHER",
    }


def test_only_a_colleague_holds_roles_and_the_headteacher_is_recognised_by_role() -> None:
    head = Subject(SubjectKind.COLLEAGUE, HEADTEACHER, frozenset({Role.HEADTEACHER}))
    assert head.is_headteacher
    assert not pupil().is_headteacher
    with pytest.raises(ValueError, match="only a colleague holds roles"):
        Subject(SubjectKind.PUPIL, "harry.whitaker", frozenset({Role.COLLEAGUE}))


def test_a_subject_needs_an_id() -> None:
    with pytest.raises(ValueError, match="id of the person"):
        Subject(SubjectKind.OTHER, " ")
