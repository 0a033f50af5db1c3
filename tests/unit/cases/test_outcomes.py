"""Outcomes: how long an allegation stays on file, and whether a reference may mention it."""

from __future__ import annotations

from datetime import date

import pytest

from prudence.cases.outcomes import Outcome, PersonnelRecord, purge_due, retention_until

pytestmark = [pytest.mark.clause("2.7")]

ALLEGED_ON = date(2026, 11, 24)
KEPT = [Outcome.SUBSTANTIATED, Outcome.UNSUBSTANTIATED, Outcome.UNFOUNDED]
REMOVED = [Outcome.MALICIOUS, Outcome.FALSE]


def record(
    outcome: Outcome,
    allegation_id: str = "allegation-1",
    *,
    alleged_on: date = ALLEGED_ON,
    pension_age_on: date = date(2058, 6, 1),
    kept_with_consent: bool = False,
) -> PersonnelRecord:
    return PersonnelRecord(
        allegation_id=allegation_id,
        person_id="jess.moore",
        outcome=outcome,
        allegation_date=alleged_on,
        normal_pension_age_date=pension_age_on,
        kept_with_consent=kept_with_consent,
    )


def test_the_five_outcomes_are_those_statutory_guidance_names() -> None:
    assert [outcome.value for outcome in Outcome] == [
        "substantiated",
        "malicious",
        "false",
        "unsubstantiated",
        "unfounded",
    ]
    assert all(outcome.meaning and outcome.next_steps for outcome in Outcome)


@pytest.mark.parametrize("outcome", KEPT)
def test_a_record_is_kept_until_normal_pension_age_when_that_is_later(outcome: Outcome) -> None:
    assert retention_until(outcome, ALLEGED_ON, date(2058, 6, 1)) == date(2058, 6, 1)


@pytest.mark.parametrize("outcome", KEPT)
def test_a_record_is_kept_ten_years_from_the_allegation_when_that_is_later(
    outcome: Outcome,
) -> None:
    assert retention_until(outcome, ALLEGED_ON, date(2029, 3, 1)) == date(2036, 11, 24)


def test_ten_years_from_the_29th_of_february_ends_on_the_28th() -> None:
    assert retention_until(Outcome.SUBSTANTIATED, date(2028, 2, 29), date(2030, 1, 1)) == date(
        2038, 2, 28
    )


@pytest.mark.parametrize("outcome", REMOVED)
def test_a_malicious_or_false_allegation_is_removed_from_the_personnel_record(
    outcome: Outcome,
) -> None:
    assert outcome.removed_from_personnel_record
    assert retention_until(outcome, ALLEGED_ON, date(2058, 6, 1)) is None


@pytest.mark.parametrize("outcome", REMOVED)
def test_a_malicious_or_false_allegation_stays_on_file_if_the_person_asks(outcome: Outcome) -> None:
    kept = retention_until(outcome, ALLEGED_ON, date(2058, 6, 1), kept_with_consent=True)
    assert kept == date(2058, 6, 1)


def test_only_a_substantiated_allegation_may_be_mentioned_in_a_reference() -> None:
    mentioned = {outcome for outcome in Outcome if outcome.mentioned_in_references}
    assert mentioned == {Outcome.SUBSTANTIATED}


@pytest.mark.parametrize("outcome", sorted(set(Outcome) - {Outcome.SUBSTANTIATED}))
def test_an_unproven_allegation_is_left_out_of_references(outcome: Outcome) -> None:
    assert "leave it out of any reference written about the person" in outcome.next_steps


def test_a_substantiated_allegation_leads_the_school_to_consider_a_dbs_referral() -> None:
    assert any("DBS" in step for step in Outcome.SUBSTANTIATED.next_steps)


def test_purge_lists_malicious_allegations_at_once_and_others_once_retention_has_ended() -> None:
    malicious = record(Outcome.MALICIOUS, "a-malicious")
    kept_long = record(Outcome.UNSUBSTANTIATED, "a-to-pension-age")
    ten_years = record(Outcome.UNFOUNDED, "a-ten-years", pension_age_on=date(2030, 1, 1))
    false_with_consent = record(Outcome.FALSE, "a-false-kept", kept_with_consent=True)
    records = [malicious, kept_long, ten_years, false_with_consent]

    assert purge_due(records, date(2026, 12, 1)) == [malicious]
    assert purge_due(records, date(2036, 11, 24)) == [malicious]  # its last day on file
    assert purge_due(records, date(2036, 11, 25)) == [malicious, ten_years]
    assert purge_due(records, date(2058, 6, 2)) == records


def test_nothing_is_due_for_deletion_when_there_are_no_records() -> None:
    assert purge_due([], date(2026, 12, 1)) == []
