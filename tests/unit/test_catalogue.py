"""The model policy as data: complete, typed, and in Prudence's own words."""

from __future__ import annotations

import re

import pytest

from prudence.policy.catalogue import PolicyDataError, model_policy, parse_policy
from prudence.policy.clause import Force, Kind, Role, canonical_number
from prudence.policy.document import parse_policy_text
from prudence.policy.render import applies, school_summary
from prudence.school.profile import PolicyChoices, ReportsTo


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_every_numbered_clause_of_the_seed_is_in_the_data_in_the_same_order(seed_text: str) -> None:
    seed = [canonical_number(c.number) for c in parse_policy_text(seed_text).clauses]
    data = [canonical_number(c.number) for c in model_policy()]
    assert data == seed


def test_the_two_clauses_the_template_numbers_2_3_are_told_apart() -> None:
    declaring, induction = model_policy().numbered("2.3")
    assert declaring.id == "2.3" and induction.id == "2.3-induction"
    assert declaring.feature == "declarations" and induction.feature == "acknowledgements"


def test_summaries_are_our_own_words_not_the_templates(seed_text: str) -> None:
    # Six words in a row shared with the template would be copying, not summarising.
    template = shingles(seed_text, 6)
    for clause in model_policy():
        copied = shingles(clause.summary, 6) & template
        assert not copied, f"{clause.id} repeats the template: {' '.join(next(iter(copied)))}"


def test_every_clause_is_typed_with_whom_it_binds_and_how_strongly() -> None:
    policy = model_policy()
    for clause in policy:
        assert clause.binds, clause.id
        assert clause.kind in Kind
        assert clause.feature is None or clause.feature in policy.features
    assert policy.by_id("4.1.8").force is Force.MUST_NOT
    assert policy.by_id("4.1.3").force is Force.STRONGLY_ADVISED
    assert policy.by_id("2.7").roles[0] is Role.LADO
    assert Role.POLICE in policy.by_id("2.8").roles


def test_a_schools_choices_fill_the_templates_gaps() -> None:
    clause = model_policy().by_id("2.3")
    unchosen = school_summary(clause, PolicyChoices(), None)
    assert "the school chooses which" in unchosen
    chosen = school_summary(
        clause, PolicyChoices(reports_to=ReportsTo.DESIGNATED_SAFEGUARDING_LEAD), "Brookfield"
    )
    assert "declares that relationship to the designated safeguarding lead" in chosen
    lado = model_policy().by_id("2.7")
    assert "01632 960000" in school_summary(lado, PolicyChoices(lado_contact="01632 960000"), None)
    named = school_summary(model_policy().by_id("1.1"), PolicyChoices(), "Brookfield Primary")
    assert named.startswith("Keeps Brookfield Primary's legal")


def test_section_5_does_not_apply_to_a_school_without_its_own_channels() -> None:
    no_channels = PolicyChoices(school_channels=False)
    assert not applies(model_policy().by_id("5.1.3"), no_channels)
    assert applies(model_policy().by_id("4.1.8"), no_channels)
    assert applies(model_policy().by_id("5.1.3"), PolicyChoices())


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"clauses": [{"id": "1"}]}, "clause #1 (1): missing field 'force'"),
        (
            {
                "features": {},
                "clauses": [
                    {
                        "id": "1",
                        "number": "1",
                        "heading": "h",
                        "kind": "rule",
                        "binds": ["colleague"],
                        "force": "must",
                        "roles": [],
                        "summary": "s",
                        "feature": "telepathy",
                    }
                ],
            },
            "unknown feature 'telepathy'",
        ),
        (
            {
                "clauses": [
                    {
                        "id": "1",
                        "number": "1",
                        "heading": "h",
                        "kind": "rule",
                        "binds": ["the cat"],
                        "force": "must",
                        "roles": [],
                        "summary": "s",
                    }
                ]
            },
            "'the cat' is not a valid Party",
        ),
    ],
)
def test_an_inconsistent_policy_data_file_names_the_clause(
    document: object, complaint: str
) -> None:
    with pytest.raises(PolicyDataError) as error:
        parse_policy(document)
    assert complaint in str(error.value)
