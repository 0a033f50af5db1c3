"""The policy health check: every problem of the seed found, and no false alarm."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from prudence.policy.catalogue import shipped_knowledge
from prudence.policy.health import (
    HealthCode,
    KnowledgeError,
    Severity,
    check_policy_health,
    merge_knowledge,
    parse_knowledge,
    parse_review_date,
)
from tests.conftest import TODAY, line_of


def health(text: str, today: date = TODAY) -> list[tuple[int, HealthCode]]:
    _, findings = check_policy_health(text, list(shipped_knowledge()), today)
    return [(f.line, f.code) for f in findings]


def expected_seed_findings(lines: list[str]) -> set[tuple[int, HealthCode]]:
    at = lambda phrase, n=1: line_of(lines, phrase, n)  # noqa: E731
    expected = {
        (at("XXX school"), HealthCode.UNFILLED_PLACEHOLDER),
        (at("[*select as appropriate]"), HealthCode.UNFILLED_PLACEHOLDER),
        (at("[include this Section"), HealthCode.UNFILLED_PLACEHOLDER),
        (at("2.3", 2), HealthCode.DUPLICATE_NUMBER),
        (at("MSN"), HealthCode.CLOSED_SERVICE),
        (at("Twitter"), HealthCode.RENAMED_SERVICE),
        (at("Guidance for Safer Working Practice (formerly"), HealthCode.SUPERSEDED_GUIDANCE),
        (at("Data Protection Act 1998"), HealthCode.SUPERSEDED_LAW),
        (at("Review Date: January 2019"), HealthCode.REVIEW_OVERDUE),
    }
    expected |= {
        (n, HealthCode.SUPERSEDED_GUIDANCE)
        for n, line in enumerate(lines, 1)
        if "KCSIE_July_2015" in line
    }
    expected |= {
        (n, HealthCode.INSECURE_LINK) for n, line in enumerate(lines, 1) if "http://" in line
    }
    return expected


@pytest.mark.clause("2.2")
@pytest.mark.clause("4.5")
@pytest.mark.clause("7.0")
@pytest.mark.clause("8.1")
def test_the_seed_has_every_problem_found_and_nothing_else(
    seed_text: str, seed_lines: list[str]
) -> None:
    found = health(seed_text)
    assert len(found) == len(set(found)), "a problem is reported twice"
    assert set(found) == expected_seed_findings(seed_lines)


def test_law_still_in_force_raises_no_alarm(seed_text: str, seed_lines: list[str]) -> None:
    found_lines = {line for line, _ in health(seed_text)}
    for still_in_force in (
        "Human Rights Act 1998",
        "Protection from Harassment Act 1997",
        "Equality Act 2010",
        "Freedom of Information Act 2000",
        "Regulation of Investigatory Powers Act",
        "Keeping Children Safe in Education (DfE statutory guidance)",
    ):
        assert line_of(seed_lines, still_in_force) not in found_lines, still_in_force


def test_findings_say_what_to_write_instead_and_cite_their_source(seed_text: str) -> None:
    _, findings = check_policy_health(seed_text, list(shipped_knowledge()), TODAY)
    by_code = {f.code: f for f in reversed(findings)}  # the first finding of each code
    law = by_code[HealthCode.SUPERSEDED_LAW]
    assert "Data Protection Act 2018" in law.suggestion and "UK GDPR" in law.suggestion
    assert law.source and "legislation.gov.uk" in law.source
    assert "X" in by_code[HealthCode.RENAMED_SERVICE].suggestion
    assert by_code[HealthCode.UNFILLED_PLACEHOLDER].severity is Severity.ERROR
    assert "XXX school" in by_code[HealthCode.UNFILLED_PLACEHOLDER].message


def test_a_review_date_still_ahead_is_not_reported(seed_text: str) -> None:
    assert HealthCode.REVIEW_OVERDUE not in {
        code for _, code in health(seed_text, date(2019, 1, 15))
    }
    assert HealthCode.REVIEW_OVERDUE in {code for _, code in health(seed_text, date(2019, 2, 1))}


def test_a_policy_without_a_review_date_is_told_to_add_one() -> None:
    assert health("1.0 RULES\n\n1.1 Be kind.\n") == [(1, HealthCode.NO_REVIEW_DATE)]


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("January 2019", date(2019, 1, 31)),
        ("Sept 2027", date(2027, 9, 30)),
        ("1st September 2027", date(2027, 9, 1)),
        ("01/09/2027", date(2027, 9, 1)),
        ("2027-09-01", date(2027, 9, 1)),
        ("2027", date(2027, 12, 31)),
        ("when the head decides", None),
    ],
)
def test_review_dates_are_read_as_schools_write_them(written: str, due: date | None) -> None:
    assert parse_review_date(written) == due


def test_a_local_authority_can_add_and_replace_rules() -> None:
    extra = parse_knowledge(
        yaml.safe_load(
            """
rules:
  - id: twitter
    code: renamed-service
    severity: info
    pattern: '\\bTwitter\\b'
    message: Our LA prefers "X".
    suggestion: Write X.
    source: Westshire comms guide
  - id: westshire-portal
    code: closed-service
    severity: warning
    pattern: 'Westshire Learning Portal'
    message: The portal closed in 2022.
    suggestion: Link to the new site.
    source: Westshire Council
"""
        ),
        "westshire.yaml",
    )
    rules = merge_knowledge(list(shipped_knowledge()), extra)
    text = "1.1 Use Twitter and the Westshire Learning Portal.\n\nReview date: 2027-01-01\n"
    _, findings = check_policy_health(text, rules, TODAY)
    # On one line, the more severe finding comes first.
    assert [(f.code, f.severity, f.message) for f in findings] == [
        (HealthCode.CLOSED_SERVICE, Severity.WARNING, "The portal closed in 2022."),
        (HealthCode.RENAMED_SERVICE, Severity.INFO, 'Our LA prefers "X".'),
    ]


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"rules": [{"id": "a", "code": "nonsense"}]}, "rule #1 (a): missing field 'pattern'"),
        (
            {
                "rules": [
                    {
                        "id": "a",
                        "code": "nonsense",
                        "severity": "error",
                        "pattern": "x",
                        "message": "m",
                        "suggestion": "s",
                        "source": "s",
                    }
                ]
            },
            "'nonsense' is not a valid HealthCode",
        ),
        (
            {
                "rules": [
                    {
                        "id": "b",
                        "code": "insecure-link",
                        "severity": "error",
                        "pattern": "(",
                        "message": "m",
                        "suggestion": "s",
                        "source": "s",
                    }
                ]
            },
            "rule #1 (b): the pattern is not a valid expression",
        ),
        ([], "expected a mapping with a list under `rules`"),
    ],
)
def test_a_malformed_knowledge_file_is_refused_with_the_rule_named(
    document: object, complaint: str
) -> None:
    with pytest.raises(KnowledgeError, match=None) as error:
        parse_knowledge(document, "ours.yaml")
    assert complaint in str(error.value)
    assert str(error.value).startswith("ours.yaml")


def test_every_shipped_rule_names_its_source() -> None:
    assert all(rule.source.strip() for rule in shipped_knowledge())


def test_a_link_split_over_two_lines_is_quoted_whole_and_the_next_link_is_not_glued_on() -> None:
    text = (
        "4.5 See http://www.childnet.com/resources/social-\nnetworking-guide and\n"
        "http://www.saferinternet.org.uk/\nhttp://www.swgfl.org.uk/Staying-Safe\n"
    )
    _, findings = check_policy_health(text, list(shipped_knowledge()), TODAY)
    links = [f.message.split()[2] for f in findings if f.code is HealthCode.INSECURE_LINK]
    assert links == [
        "http://www.childnet.com/resources/social-networking-guide",
        "http://www.saferinternet.org.uk/",
        "http://www.swgfl.org.uk/Staying-Safe",
    ]


def test_a_huge_policy_full_of_problems_is_reported_line_by_line() -> None:
    text = "1.1 Rules.\n" + "See http://example.org and Twitter.\n" * 20_000
    _, findings = check_policy_health(text, list(shipped_knowledge()), TODAY)
    links = [f.line for f in findings if f.code is HealthCode.INSECURE_LINK]
    assert links == list(range(2, 20_002))
