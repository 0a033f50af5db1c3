"""Triage: 2.7's three questions decide whether a concern is an allegation for the LADO."""

from __future__ import annotations

import pytest

from prudence.cases.concerns import ConcernKind, SafetyTopic, Subject, SubjectKind
from prudence.cases.offices import Office
from prudence.cases.triage import (
    CLOSING_ROUTES,
    Route,
    SafeguardingTest,
    TriageRefused,
    triage,
    who_triages,
)
from prudence.school.people import Role
from prudence.school.profile import ReportsTo
from tests.unit.cases.factories import (
    CHAIR,
    DSL,
    HARMED_A_CHILD,
    HEADTEACHER,
    NO_DIMENSION,
    POSSIBLE_OFFENCE,
    RISK_TO_CHILDREN,
    TEACHER,
    at,
    colleague,
    concern,
    decide,
    pupil,
    the_headteacher,
)

DSL_LEADS = ReportsTo.DESIGNATED_SAFEGUARDING_LEAD
HEAD_LEADS = ReportsTo.HEADTEACHER


@pytest.mark.clause("2.7")
@pytest.mark.parametrize("test", [HARMED_A_CHILD, RISK_TO_CHILDREN])
def test_any_yes_to_the_safeguarding_test_makes_it_an_allegation(test: SafeguardingTest) -> None:
    decision = decide(concern(), Route.ALLEGATION, test=test)
    assert decision.is_allegation and decision.test.has_safeguarding_dimension


@pytest.mark.clause("2.7")
@pytest.mark.parametrize("test", [HARMED_A_CHILD, POSSIBLE_OFFENCE, RISK_TO_CHILDREN])
def test_a_yes_that_is_not_sent_to_the_lado_is_refused(test: SafeguardingTest) -> None:
    with pytest.raises(TriageRefused, match=r"must go to the LADO \(2\.7\)"):
        decide(concern(), Route.DISCIPLINARY, Route.POLICE, test=test)


@pytest.mark.clause("2.7")
def test_three_noes_cannot_be_sent_to_the_lado_as_an_allegation() -> None:
    with pytest.raises(TriageRefused, match="only when one of 2.7's questions"):
        decide(concern(), Route.ALLEGATION, test=NO_DIMENSION)


@pytest.mark.clause("2.7")
def test_the_test_says_which_questions_were_answered_yes_in_the_order_they_are_asked() -> None:
    both = SafeguardingTest(True, False, True)
    assert both.reasons == (
        "has harmed, or may have harmed, a child",
        "has behaved in a way that suggests a risk of harm to children",
    )
    assert NO_DIMENSION.reasons == () and not NO_DIMENSION.has_safeguarding_dimension


@pytest.mark.clause("2.8")
def test_a_possible_offence_against_a_child_goes_to_the_lado_and_the_police() -> None:
    decision = decide(concern(), Route.ALLEGATION, Route.POLICE, test=POSSIBLE_OFFENCE)
    assert decision.routes == {Route.ALLEGATION, Route.POLICE}
    with pytest.raises(TriageRefused, match=r"passed to the police \(2\.8\)"):
        decide(concern(), Route.ALLEGATION, test=POSSIBLE_OFFENCE)


@pytest.mark.clause("2.6")
def test_a_breach_without_a_safeguarding_dimension_can_go_to_hr_under_the_disciplinary_policy() -> (
    None
):
    decision = decide(concern(), Route.DISCIPLINARY)
    assert decision.referred_to_hr and not decision.is_allegation


@pytest.mark.clause("2.8")
def test_a_concern_about_legality_alone_can_go_to_the_police() -> None:
    decision = decide(concern(subject=Subject(SubjectKind.OTHER, "unknown.adult")), Route.POLICE)
    assert decision.routes == {Route.POLICE}


@pytest.mark.parametrize("closing", sorted(CLOSING_ROUTES))
def test_advice_given_and_no_further_action_need_written_reasons(closing: Route) -> None:
    with pytest.raises(TriageRefused, match="write down why"):
        decide(concern(), closing, reasons="  ")
    decision = decide(concern(), closing, reasons="Pupil's request declined; reminded of 4.1.4.")
    assert decision.reasons == "Pupil's request declined; reminded of 4.1.4."


@pytest.mark.parametrize("closing", sorted(CLOSING_ROUTES))
def test_a_route_that_closes_the_concern_cannot_go_with_another(closing: Route) -> None:
    with pytest.raises(TriageRefused, match="cannot go with other routes"):
        decide(concern(), closing, Route.DISCIPLINARY, reasons="Spoken to.")


def test_at_least_one_route_is_chosen() -> None:
    with pytest.raises(TriageRefused, match="at least one route"):
        decide(concern())


@pytest.mark.parametrize(
    ("reports_to", "office"),
    [(DSL_LEADS, Office.DESIGNATED_SAFEGUARDING_LEAD), (HEAD_LEADS, Office.HEADTEACHER)],
)
def test_concerns_are_triaged_by_the_lead_the_schools_settings_name(
    reports_to: ReportsTo, office: Office
) -> None:
    assert who_triages(colleague(), reports_to) is office


@pytest.mark.clause("2.7")
@pytest.mark.parametrize("reports_to", [DSL_LEADS, HEAD_LEADS])
def test_an_allegation_about_the_headteacher_goes_to_the_chair_of_governors(
    reports_to: ReportsTo,
) -> None:
    assert who_triages(the_headteacher(), reports_to) is Office.CHAIR_OF_GOVERNORS
    decision = decide(
        concern(subject=the_headteacher()),
        Route.ALLEGATION,
        test=RISK_TO_CHILDREN,
        reports_to=reports_to,
    )
    assert (decision.triaged_by, decision.triaged_as) == (CHAIR, Office.CHAIR_OF_GOVERNORS)


def test_the_lead_cannot_triage_a_concern_about_the_headteacher() -> None:
    about_head = concern(subject=the_headteacher())
    with pytest.raises(TriageRefused, match="triaged by the chair of governors, not the desig"):
        triage(
            about_head,
            test=RISK_TO_CHILDREN,
            routes=[Route.ALLEGATION],
            triaged_by=DSL,
            triaged_as=Office.DESIGNATED_SAFEGUARDING_LEAD,
            reports_to=DSL_LEADS,
            now=about_head.received_at,
        )


def test_triage_by_an_office_the_settings_do_not_name_is_refused() -> None:
    with pytest.raises(TriageRefused, match="triaged by the headteacher, not the designated"):
        triage(
            concern(),
            test=NO_DIMENSION,
            routes=[Route.DISCIPLINARY],
            triaged_by=DSL,
            triaged_as=Office.DESIGNATED_SAFEGUARDING_LEAD,
            reports_to=HEAD_LEADS,
            now=at(2026, 11, 24, 10),
        )


def test_a_concern_about_the_designated_safeguarding_lead_goes_to_the_headteacher() -> None:
    about_dsl = colleague(DSL, Role.DSL)
    assert who_triages(about_dsl, DSL_LEADS) is Office.HEADTEACHER
    decision = decide(concern(subject=about_dsl), Route.ALLEGATION, test=HARMED_A_CHILD)
    assert decision.triaged_by == HEADTEACHER


def test_nobody_triages_a_concern_about_themselves() -> None:
    about_teacher = concern(subject=colleague(TEACHER))
    with pytest.raises(TriageRefused, match="about themselves"):
        triage(
            about_teacher,
            test=NO_DIMENSION,
            routes=[Route.NO_FURTHER_ACTION],
            reasons="Nothing in it.",
            triaged_by=TEACHER,
            triaged_as=Office.HEADTEACHER,
            reports_to=HEAD_LEADS,
            now=about_teacher.received_at,
        )


def test_a_concern_cannot_be_triaged_before_it_was_received() -> None:
    with pytest.raises(TriageRefused, match="before it was received"):
        decide(concern(), Route.DISCIPLINARY, now=at(2026, 11, 23))


@pytest.mark.parametrize("route", [Route.ALLEGATION, Route.DISCIPLINARY])
def test_the_lado_and_hr_routes_are_only_for_concerns_about_colleagues(route: Route) -> None:
    about_a_pupil = concern(kind=ConcernKind.PUPIL_BEHAVIOUR_ONLINE, subject=pupil())
    with pytest.raises(TriageRefused, match="only for concerns about a colleague"):
        decide(about_a_pupil, route)


def test_the_safeguarding_test_is_not_answered_about_a_pupil() -> None:
    about_a_pupil = concern(kind=ConcernKind.PUPIL_BEHAVIOUR_ONLINE, subject=pupil())
    with pytest.raises(TriageRefused, match="child protection procedure"):
        decide(about_a_pupil, Route.ALLEGATION, test=HARMED_A_CHILD)


@pytest.mark.clause("5.1.5")
def test_a_pupils_behaviour_online_goes_through_the_pupil_disciplinary_process() -> None:
    about_a_pupil = concern(kind=ConcernKind.PUPIL_BEHAVIOUR_ONLINE, subject=pupil())
    assert decide(about_a_pupil, Route.PUPIL_DISCIPLINE).routes == {Route.PUPIL_DISCIPLINE}
    with pytest.raises(TriageRefused, match="only for concerns about a pupil"):
        decide(concern(), Route.PUPIL_DISCIPLINE)


@pytest.mark.clause("4.1.15")
def test_something_seen_about_a_pupils_safety_goes_to_child_protection() -> None:
    seen = concern(
        kind=ConcernKind.PUPIL_SAFETY_SEEN_ONLINE,
        subject=pupil(),
        topics=frozenset({SafetyTopic.MISSING_FROM_EDUCATION}),
    )
    assert decide(seen, Route.CHILD_PROTECTION).routes == {Route.CHILD_PROTECTION}
    with pytest.raises(TriageRefused, match="only for concerns about a pupil"):
        decide(concern(), Route.CHILD_PROTECTION)


def test_each_route_that_keeps_a_concern_open_names_its_clause() -> None:
    assert {route: route.clause for route in Route if route not in CLOSING_ROUTES} == {
        Route.ALLEGATION: "2.7",
        Route.POLICE: "2.8",
        Route.DISCIPLINARY: "2.6",
        Route.CHILD_PROTECTION: "4.1.15",
        Route.PUPIL_DISCIPLINE: "5.1.5",
    }
    assert all(route.clause is None for route in CLOSING_ROUTES)


def test_a_decision_records_who_triaged_in_which_office_and_when() -> None:
    decision = decide(concern(), Route.DISCIPLINARY, now=at(2026, 11, 24, 15))
    assert decision.triaged_by == DSL
    assert decision.triaged_as is Office.DESIGNATED_SAFEGUARDING_LEAD
    assert decision.decided_at == at(2026, 11, 24, 15)
    assert decision.concern_id == "concern-1" and decision.school == "oakfield-primary"
