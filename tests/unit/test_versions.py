"""Versions of a school's policy: numbered in turn, compared clause by clause, never republished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from prudence.policy.document import parse_policy_text
from prudence.policy.versions import (
    ChangeKind,
    ClauseText,
    Piece,
    PolicyVersion,
    PublishRefused,
    acknowledgement_holds,
    clauses_of,
    current_version,
    diff,
    publish_next,
    word_difference,
)

SCHOOL = "oakfield-primary"
HEAD = "head@oakfield.example"
SEPTEMBER = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)

EQUIPMENT = ("4.1.1", "School equipment", "Do not use school equipment for personal networking.")
FRIENDS = ("4.1.2", "Pupils as friends", "Do not accept pupils as friends or message them.")
RECENT = ("4.1.3", "Recent pupils", "You are strongly advised not to befriend recent pupils.")
CONTACT = ("4.1.4", "Pupil contact", "Decline and report any contact a pupil starts.")
POLICY: tuple[ClauseText, ...] = (EQUIPMENT, FRIENDS, RECENT, CONTACT)


def first(clauses: tuple[ClauseText, ...] = POLICY) -> PolicyVersion:
    return publish_next([], clauses, school=SCHOOL, material=True, actor=HEAD, now=SEPTEMBER)


def then(
    history: list[PolicyVersion],
    clauses: tuple[ClauseText, ...],
    *,
    material: bool = True,
    note: str = "termly review",
    days_later: int = 30,
) -> PolicyVersion:
    return publish_next(
        history,
        clauses,
        school=SCHOOL,
        material=material,
        actor=HEAD,
        now=history[-1].published_at + timedelta(days=days_later),
        note=note,
    )


def replaced(
    clause: ClauseText, *, number: str | None = None, text: str | None = None
) -> ClauseText:
    return (number or clause[0], clause[1], text if text is not None else clause[2])


def test_the_first_version_is_numbered_one_and_asks_everyone_to_acknowledge_it() -> None:
    version = publish_next(
        [], POLICY, school=SCHOOL, material=False, actor=HEAD, now=SEPTEMBER, note="adopted"
    )
    assert version.number == 1
    assert version.material and version.asks_everyone_to_acknowledge_again
    assert (version.published_by, version.published_at) == (HEAD, SEPTEMBER)


def test_each_version_is_numbered_after_the_current_one() -> None:
    history = [first()]
    history.append(then(history, (EQUIPMENT, FRIENDS, CONTACT)))
    history.append(then(history, (EQUIPMENT, CONTACT)))
    assert [v.number for v in history] == [1, 2, 3]
    assert current_version(list(reversed(history))) == history[-1]
    assert current_version([]) is None


def test_a_version_identical_to_the_current_one_is_refused() -> None:
    history = [first()]
    with pytest.raises(PublishRefused, match="nothing has changed since version 1"):
        then(history, POLICY)


def test_a_version_that_differs_only_in_spacing_is_identical() -> None:
    history = [first()]
    respaced = replaced(FRIENDS, text="Do not  accept pupils as friends\nor message them.")
    with pytest.raises(PublishRefused, match="nothing has changed"):
        then(history, (EQUIPMENT, respaced, RECENT, CONTACT))


def test_a_version_dated_before_the_current_one_is_refused() -> None:
    history = [first()]
    with pytest.raises(PublishRefused, match="after the time given"):
        then(history, (EQUIPMENT, FRIENDS), days_later=-1)


def test_a_history_with_a_gap_or_another_schools_version_is_refused() -> None:
    one = first()
    three = PolicyVersion(SCHOOL, 3, POLICY, SEPTEMBER, HEAD, True, "")
    with pytest.raises(PublishRefused, match="without a 2"):
        then([one, three], (EQUIPMENT,))
    with pytest.raises(PublishRefused, match="version 1 belongs to oakfield-primary"):
        publish_next(
            [one], (EQUIPMENT,), school="elm-academy", material=True, actor=HEAD, now=SEPTEMBER
        )


def test_a_version_without_clauses_a_publisher_or_a_time_zone_is_refused() -> None:
    with pytest.raises(PublishRefused, match="at least one clause"):
        first(())
    with pytest.raises(PublishRefused, match="its number"):
        first((("", "No number", "Text."),))
    with pytest.raises(PublishRefused, match="the person who publishes"):
        publish_next([], POLICY, school=SCHOOL, material=True, actor=" ", now=SEPTEMBER)
    with pytest.raises(PublishRefused, match="time zone"):
        publish_next(
            [], POLICY, school=SCHOOL, material=True, actor=HEAD, now=SEPTEMBER.replace(tzinfo=None)
        )


def test_adding_a_clause_is_always_a_material_change() -> None:
    history = [first()]
    gaming = ("4.1.5", "Online games", "Do not play online games with pupils.")
    with pytest.raises(PublishRefused, match=r"adding a clause \(4.1.5\) is a material change"):
        then(history, (*POLICY, gaming), material=False)


def test_a_change_kept_out_of_acknowledgement_needs_a_note_saying_why() -> None:
    history = [first()]
    typo_fixed = replaced(CONTACT, text="Decline and report any contact that a pupil starts.")
    with pytest.raises(PublishRefused, match="say in the note why"):
        then(history, (EQUIPMENT, FRIENDS, RECENT, typo_fixed), material=False, note=" ")
    fixed = then(history, (EQUIPMENT, FRIENDS, RECENT, typo_fixed), material=False, note="wording")
    assert not fixed.material and fixed.note == "wording"


@pytest.mark.clause("3.1")
def test_a_typo_fix_keeps_acknowledgements_and_a_material_version_ends_them() -> None:
    history = [first()]
    typo_fixed = replaced(CONTACT, text="Decline and report any contact that a pupil starts.")
    history.append(then(history, (EQUIPMENT, FRIENDS, RECENT, typo_fixed), material=False))
    assert acknowledgement_holds(1, history)
    history.append(then(history, (EQUIPMENT, FRIENDS, typo_fixed)))
    assert not acknowledgement_holds(1, history)
    assert not acknowledgement_holds(2, history)
    assert acknowledgement_holds(3, history)


def test_an_acknowledgement_of_a_version_never_published_counts_for_nothing() -> None:
    assert not acknowledgement_holds(7, [first()])


def test_a_changed_clause_shows_which_words_were_deleted_and_inserted() -> None:
    history = [first()]
    firmer = replaced(RECENT, text="You must not befriend recent pupils.")
    history.append(then(history, (EQUIPMENT, FRIENDS, firmer, CONTACT)))
    (change,) = diff(history[0], history[1]).changes
    assert change.kind is ChangeKind.CHANGED and change.number == "4.1.3"
    assert change.words == (
        (Piece.EQUAL, "You"),
        (Piece.DELETED, " are strongly advised"),
        (Piece.INSERTED, " must"),
        (Piece.EQUAL, " not"),
        (Piece.DELETED, " to"),
        (Piece.EQUAL, " befriend recent pupils."),
    )


def test_words_only_inserted_or_only_deleted_are_reported_as_such() -> None:
    assert word_difference("Tell the head.", "Tell the head at once.") == (
        (Piece.EQUAL, "Tell the head"),
        (Piece.INSERTED, " at once"),
        (Piece.EQUAL, "."),
    )
    assert word_difference("Tell the head at once", "Tell the head") == (
        (Piece.EQUAL, "Tell the head"),
        (Piece.DELETED, " at once"),
    )


def test_a_comma_added_after_a_word_leaves_the_word_equal() -> None:
    assert word_difference("Decline and report it.", "Decline and report, at once, it.") == (
        (Piece.EQUAL, "Decline and report"),
        (Piece.INSERTED, ", at once,"),
        (Piece.EQUAL, " it."),
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Do not accept pupils as friends.", "Never accept pupils, or ex-pupils, as friends!"),
        ("Report it to the head.", ""),
        ("", "Report it to the designated safeguarding lead."),
        ("Don't post photographs of pupils.", "Do not post  photographs\nof pupils  online."),
    ],
)
def test_the_pieces_of_a_difference_rebuild_both_wordings(old: str, new: str) -> None:
    pieces = word_difference(old, new)
    rebuilt_old = "".join(text for kind, text in pieces if kind is not Piece.INSERTED)
    rebuilt_new = "".join(text for kind, text in pieces if kind is not Piece.DELETED)
    assert rebuilt_old == " ".join(old.split())
    assert rebuilt_new == " ".join(new.split())


def test_added_and_removed_clauses_are_reported_in_policy_order() -> None:
    history = [first()]
    gaming = ("4.1.10", "Online games", "Do not play online games with pupils.")
    history.append(then(history, (EQUIPMENT, RECENT, CONTACT, gaming)))
    changes = diff(history[0], history[1]).changes
    assert [(c.kind, c.number) for c in changes] == [
        (ChangeKind.REMOVED, "4.1.2"),
        (ChangeKind.ADDED, "4.1.10"),
    ]
    assert changes[0].old == FRIENDS and changes[0].new is None
    assert diff(history[0], history[1]).unchanged == 3


def test_a_clause_renumbered_after_one_before_it_was_removed_is_matched_by_its_heading() -> None:
    history = [first()]
    moved = replaced(CONTACT, number="4.1.3")
    history.append(then(history, (EQUIPMENT, FRIENDS, moved)))
    changes = diff(history[0], history[1])
    assert [(c.kind, c.number) for c in changes.changes] == [
        (ChangeKind.REMOVED, "4.1.3"),
        (ChangeKind.RENUMBERED, "4.1.3"),
    ]
    renumbered = changes.of_kind(ChangeKind.RENUMBERED)[0]
    assert renumbered.old == CONTACT and renumbered.renumbered and not renumbered.words


def test_a_renumbered_clause_without_a_heading_is_matched_by_its_wording() -> None:
    bare = tuple((number, "", text) for number, _, text in POLICY)
    history = [first(bare)]
    history.append(then(history, (bare[0], bare[1], ("4.1.3", "", CONTACT[2]))))
    changes = diff(history[0], history[1]).changes
    assert [(c.kind, c.old and c.old[0], c.new and c.new[0]) for c in changes] == [
        (ChangeKind.REMOVED, "4.1.3", None),
        (ChangeKind.RENUMBERED, "4.1.4", "4.1.3"),
    ]


def test_a_clause_renumbered_and_reworded_is_one_change_not_a_removal_and_an_addition() -> None:
    history = [first()]
    moved = ("4.1.3", "Pupil contact", "Decline and report, at once, any contact a pupil starts.")
    history.append(then(history, (EQUIPMENT, FRIENDS, moved)))
    changed = diff(history[0], history[1]).of_kind(ChangeKind.CHANGED)
    assert len(changed) == 1 and changed[0].old == CONTACT and changed[0].renumbered
    assert (Piece.INSERTED, ", at once,") in changed[0].words


def test_a_new_heading_at_the_same_number_is_a_change() -> None:
    history = [first()]
    retitled = ("4.1.4", "Contact started by a pupil", CONTACT[2])
    history.append(then(history, (EQUIPMENT, FRIENDS, RECENT, retitled)))
    (change,) = diff(history[0], history[1]).changes
    assert change.kind is ChangeKind.CHANGED and change.heading_changed and not change.words


def test_a_number_printed_twice_pairs_first_with_first_and_second_with_second() -> None:
    declaring = ("2.3", "", "Declare a relationship with a pupil to the head.")
    induction = ("2.3", "", "The policy is part of induction for new colleagues.")
    history = [first((declaring, induction))]
    revised = ("2.3", "", "The policy is part of induction for every new colleague.")
    history.append(then(history, (declaring, revised)))
    (change,) = diff(history[0], history[1]).changes
    assert change.old == induction and change.new == revised


def test_the_clauses_of_an_imported_policy_make_a_version_and_a_correction_is_one_change(
    seed_text: str,
) -> None:
    original = clauses_of(parse_policy_text(seed_text))
    history = [first(original)]
    corrected = seed_text.replace("privacy and feelings", "privacy and the feelings", 1)
    history.append(
        then(history, clauses_of(parse_policy_text(corrected)), material=False, note="wording")
    )
    (change,) = diff(history[0], history[1]).changes
    assert change.number == "3.3" and change.kind is ChangeKind.CHANGED
    assert [piece for piece in change.words if piece[0] is not Piece.EQUAL] == [
        (Piece.INSERTED, " the")
    ]
