"""Resolving the names colleagues type to the people of the school."""

from __future__ import annotations

from datetime import date

from prudence.school.names import NameIndex, PersonKind, normalise_name
from prudence.school.profile import SchoolProfile


def test_names_are_normalised_without_titles_or_punctuation() -> None:
    assert normalise_name("Mrs. Emma  Whitaker") == "emma whitaker"
    assert normalise_name("@Zara_H") == "zara h"
    assert normalise_name("O'Brien") == "obrien"


def test_a_recipient_resolves_to_pupil_former_pupil_parent_colleague_or_unknown(
    demo_profile: SchoolProfile,
) -> None:
    names = NameIndex(demo_profile, date(2026, 11, 24))
    assert names.resolve("Isla Patel").kind is PersonKind.CURRENT_PUPIL
    assert names.resolve("Nono Brennan").kind is PersonKind.CURRENT_PUPIL  # preferred name
    assert names.resolve("isla").kind is PersonKind.CURRENT_PUPIL  # a first name alone
    assert names.resolve("Leo Davies").kind is PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE
    assert names.resolve("Chloe Mensah").kind is PersonKind.FORMER_PUPIL_ADULT
    assert names.resolve("Asha Patel").kind is PersonKind.PARENT
    assert names.resolve("Mrs Patel").kind is PersonKind.PARENT
    assert names.resolve("Jo Price").kind is PersonKind.COLLEAGUE
    assert names.resolve("Auntie Sue").kind is PersonKind.UNKNOWN
    assert names.resolve("").kind is PersonKind.UNKNOWN


def test_a_former_pupil_turns_eighteen_and_leaves_school_age(demo_profile: SchoolProfile) -> None:
    before = NameIndex(demo_profile, date(2031, 6, 13)).resolve("Leo Davies")
    after = NameIndex(demo_profile, date(2031, 6, 14)).resolve("Leo Davies")
    assert before.kind is PersonKind.FORMER_PUPIL_OF_SCHOOL_AGE
    assert after.kind is PersonKind.FORMER_PUPIL_ADULT


def test_a_parents_children_are_known(demo_profile: SchoolProfile) -> None:
    parent = NameIndex(demo_profile, date(2026, 11, 24)).resolve("Mr Dev Patel")
    assert [child.first_name for child in parent.children] == ["Isla"]
