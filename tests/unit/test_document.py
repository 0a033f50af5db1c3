"""Recovering the numbered clauses of a policy document from its text."""

from __future__ import annotations

import re

import pytest

from prudence.policy.document import ProblemCode, parse_policy_text
from tests.conftest import FIXTURES

SEED_NUMBERS = (
    ["1.0", "1.1", "2.0", "2.1", "2.2", "2.3", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"]
    + ["3.0", "3.1", "3.2", "3.3", "3.4", "4.0", "4.1"]
    + [f"4.1.{n}" for n in range(1, 16)]
    + ["4.2", "4.3", "4.4", "4.5", "5.0", "5.1"]
    + [f"5.1.{n}" for n in range(1, 7)]
    + ["6.0", "6.1", "7.0", "8.0", "8.1"]
)


def words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.lower())


def test_every_numbered_clause_of_the_seed_is_recovered_in_document_order(seed_text: str) -> None:
    document = parse_policy_text(seed_text)
    assert [c.number for c in document.clauses] == SEED_NUMBERS


def test_each_clause_starts_on_the_line_that_prints_its_number(
    seed_text: str, seed_lines: list[str]
) -> None:
    for clause in parse_policy_text(seed_text).clauses:
        line = seed_lines[clause.line - 1].strip()
        if clause.number.count(".") == 2:
            assert line.startswith(clause.number.rsplit(".", 1)[1] + ".")
        else:
            assert line.startswith(clause.number)


def test_the_seed_reports_two_different_clauses_numbered_2_3(seed_text: str) -> None:
    document = parse_policy_text(seed_text)
    first, second = document.numbered("2.3")
    assert "related to a pupil" in first.text
    assert "Induction programme" in second.text
    assert [(p.code, p.number, p.line) for p in document.problems] == [
        (ProblemCode.DUPLICATE_NUMBER, "2.3", second.line)
    ]


def test_every_word_of_the_body_lands_in_exactly_one_clause(seed_text: str) -> None:
    document = parse_policy_text(seed_text)
    recovered = words(" ".join((c.heading or "") + " " + c.text for c in document.clauses))
    body_lines = [
        line
        for number, line in enumerate(seed_text.splitlines(), start=1)
        if number not in document.furniture_lines
    ]
    body = " ".join(body_lines)
    # The title and the trailer (dates of review, version) sit outside the clauses.
    body = body.split("POLICY", 1)[1].split("Date of Original")[0]
    expected = [w for w in words(body) if not re.fullmatch(r"\d+(?:\.\d+)*|o", w)]
    assert [w for w in recovered if not re.fullmatch(r"\d+(?:\.\d+)*|o", w)] == expected


def test_numbered_items_become_sub_clauses_with_their_whole_text(seed_text: str) -> None:
    clause = parse_policy_text(seed_text).numbered("4.1.8")[0]
    assert clause.text.startswith("Colleagues at the school must not post or share photographs")
    assert clause.text.endswith("without their express permission;")
    assert "\n" not in clause.text


def test_bullets_and_sub_bullets_stay_inside_their_clause(seed_text: str) -> None:
    document = parse_policy_text(seed_text)
    purpose = document.numbered("1.1")[0]
    assert purpose.text.count("\n• ") == 5
    safe = document.numbered("4.1.15")[0]
    assert safe.text.count("\n  ◦ ") == 3
    assert "Preventing Radicalisation (Prevent)." in safe.text
    writing = document.numbered("4.1.7")[0]
    assert writing.text.count("\n• he/she must") == 3


def test_links_repeated_at_page_breaks_are_furniture_not_text(
    seed_text: str, seed_lines: list[str]
) -> None:
    document = parse_policy_text(seed_text)
    repeated = [n for n, line in enumerate(seed_lines, 1) if line.endswith("KCSIE_July_2015.pdf")]
    assert len(repeated) == 2 and set(repeated) <= document.furniture_lines
    duties = document.numbered("3.2")[0]
    assert "KCSIE" not in duties.text
    assert "• Make partners and any other third parties aware" in duties.text


def test_words_and_links_split_at_a_line_end_are_joined(seed_text: str) -> None:
    document = parse_policy_text(seed_text)
    assert "school-endorsed networking platform" in document.numbered("5.1.4")[0].text
    assert (
        "http://www.childnet.com/resources/social-networking-a-guide-for-teachers-and-professionals"
        in document.numbered("4.5")[0].text
    )
    assert "attachment_data/file/447595/KCSIE_July_2015.pdf" in document.numbered("2.7")[0].text


def test_section_headings_are_kept_apart_from_editing_notes(seed_text: str) -> None:
    section = parse_policy_text(seed_text).numbered("5")[0]
    assert section.heading == "USE OF SCHOOL SITES, PAGES AND SPACES"
    assert section.text.startswith("[include this Section only if relevant")


def test_the_trailer_is_metadata_not_part_of_the_last_clause(seed_text: str) -> None:
    document = parse_policy_text(seed_text)
    assert document.numbered("8.1")[0].text.endswith("indicative only")
    assert document.metadata["review date"][0] == "January 2019"


def test_a_policy_numbered_1_2_3_with_titled_sections_is_read_as_sections() -> None:
    document = parse_policy_text((FIXTURES / "policies" / "oakfield.txt").read_text("utf-8"))
    assert document.title == "Oakfield Church of England Academy"
    assert [c.number for c in document.clauses][:5] == ["1", "1.1", "2", "2.1", "3"]
    assert document.numbered("3")[0].heading == "What staff must do"
    assert document.problems == []


def test_a_gap_in_the_numbering_is_reported_where_it_happens() -> None:
    text = "1. Rules\n\n1.1 Be kind.\n\n1.2 Be careful.\n\n1.4 Be brief.\n\n3. Other\n\n3.1 Fine.\n"
    problems = parse_policy_text(text).problems
    assert [(p.code, p.number, p.line) for p in problems] == [
        (ProblemCode.SKIPPED_NUMBER, "1.4", 7),
        (ProblemCode.SKIPPED_NUMBER, "3", 9),
    ]
    assert "1.3 is missing" in problems[0].message
    assert "2.0 is missing" in problems[1].message


@pytest.mark.parametrize("glyph", ["•", "\uf0b7", "-", "*", "▪"])
def test_bullet_glyphs_that_survive_conversion_are_recognised(glyph: str) -> None:
    text = f"1.0 RULES\n\n1.1 Colleagues shall:\n{glyph} Be kind;\n{glyph} Be careful.\n"
    clause = parse_policy_text(text).numbered("1.1")[0]
    assert clause.text == "Colleagues shall:\n• Be kind;\n• Be careful."


def test_running_headers_and_page_numbers_are_dropped() -> None:
    page = (
        "Oakfield Academy - Social Media Policy\n1.{n} Rule number {n} applies.\nPage {n} of 3\n\f"
    )
    text = "".join(page.format(n=n) for n in (1, 2, 3))
    document = parse_policy_text(text)
    assert [c.text for c in document.clauses] == [f"Rule number {n} applies." for n in (1, 2, 3)]


def test_a_wrapped_line_starting_with_a_decimal_is_not_a_new_clause() -> None:
    text = "2.1 The budget rose by\n14.5 percent last year.\n\n2.2 Next.\n"
    document = parse_policy_text(text)
    assert [c.number for c in document.clauses] == ["2.1", "2.2"]
    assert document.clauses[0].text == "The budget rose by 14.5 percent last year."


def test_text_with_no_numbered_clauses_yields_none() -> None:
    assert parse_policy_text("Just a letter.\n\nNo clauses here.").clauses == []
    assert parse_policy_text("").clauses == []


def test_a_hostile_line_of_spaces_is_read_in_linear_time() -> None:
    # Patterns that backtrack over trailing spaces would take minutes on this line.
    text = "1.1 a" + " " * 200_000 + "b\n" + "Review date: " + " " * 200_000 + "x\n"
    document = parse_policy_text(text)
    assert [c.number for c in document.clauses] == ["1.1"]
    assert document.clauses[0].text == "a b"
