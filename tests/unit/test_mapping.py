"""Mapping a school's own policy onto the model policy's rules, by number and by meaning."""

from __future__ import annotations

from prudence.policy.catalogue import model_policy
from prudence.policy.document import parse_policy_text
from prudence.policy.mapping import MatchBasis, map_onto_model, school_numbering
from tests.conftest import FIXTURES


def test_the_seed_maps_onto_itself_clause_by_clause(seed_text: str) -> None:
    clauses = parse_policy_text(seed_text).clauses
    mappings = map_onto_model(clauses, model_policy())
    assert [m.model_number for m in mappings] == [c.number for c in clauses]
    assert {m.basis for m in mappings} == {MatchBasis.NUMBER_AND_MEANING}


def test_the_two_clauses_numbered_2_3_are_told_apart_by_meaning(seed_text: str) -> None:
    clauses = parse_policy_text(seed_text).clauses
    ids = [m.model_id for m in map_onto_model(clauses, model_policy()) if m.school_number == "2.3"]
    assert ids == ["2.3", "2.3-induction"]


def test_a_renumbered_and_reworded_policy_maps_by_meaning() -> None:
    document = parse_policy_text((FIXTURES / "policies" / "oakfield.txt").read_text("utf-8"))
    mapping = {
        m.school_number: m.model_id for m in map_onto_model(document.clauses, model_policy())
    }
    assert mapping["3.1"] == "4.1.2"  # private messages to pupils
    assert mapping["3.2"] == "4.1.5"  # personal contact details
    assert mapping["3.3"] == "4.1.8"  # photographs
    assert mapping["3.4"] == "4.1.9"  # insulting remarks
    assert mapping["3.6"] == "4.1.11"  # crest and links
    assert mapping["3.8"] == "4.1.14"  # political or religious views
    assert mapping["4.1"] == "4.1.4"  # pupil friend requests declined and reported
    assert mapping["4.2"] == "2.7"  # allegations to the LADO


def test_a_clause_the_model_policy_has_no_rule_for_stays_unmapped() -> None:
    document = parse_policy_text((FIXTURES / "policies" / "oakfield.txt").read_text("utf-8"))
    mapping = {m.school_number: m for m in map_onto_model(document.clauses, model_policy())}
    assert mapping["5.1"].model_id is None  # car parking
    assert mapping["5.1"].basis is None


def test_the_checker_can_cite_the_schools_own_numbers() -> None:
    document = parse_policy_text((FIXTURES / "policies" / "oakfield.txt").read_text("utf-8"))
    numbering = school_numbering(map_onto_model(document.clauses, model_policy()))
    assert numbering["4.1.8"] == "3.3"
    assert numbering["4.1.5"] == "3.2"


def test_an_empty_document_maps_to_nothing() -> None:
    assert map_onto_model([], model_policy()) == []
