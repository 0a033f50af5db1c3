""" "Our policy": the school's policy rendered from its data, each clause with what it means."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from prudence.policy.catalogue import clause_guidance, model_policy
from prudence.policy.render import applies, school_summary
from prudence.school.people import Permission
from prudence.services.living_policy import policy_state
from prudence.services.school_office import Where, school_profile
from prudence.web.app import render
from prudence.web.deps import CurrentAccount, OfficeDep, WhereDep, needs

router = APIRouter()


def _clauses(office: Any, school_id: int) -> list[dict[str, Any]]:
    profile = school_profile(office.sessions, school_id)
    policy = model_policy()
    guidance = clause_guidance()
    return [
        {
            "id": clause.id,
            "number": clause.number,
            "heading": clause.heading,
            "kind": clause.kind.value,
            "force": clause.force.value if clause.force else None,
            "summary": school_summary(clause, profile.choices, profile.school.name),
            "in_practice": guidance.get(clause.id),
            "applies": applies(clause, profile.choices),
            "feature": policy.features[clause.feature].name if clause.feature else None,
        }
        for clause in policy.clauses
    ]


def _published(office: Any, where: Where) -> tuple[Any, list[dict[str, Any]] | None]:
    """The version in force and its clauses, with the model's guidance where numbers match."""
    state = policy_state(office.sessions, where)
    if state.current is None:
        return state, None
    guidance = clause_guidance()
    by_number = {c.number: c.id for c in model_policy().clauses}
    return state, [
        {
            "id": by_number.get(number, number),
            "number": number,
            "heading": heading,
            "force": None,
            "summary": text,
            "in_practice": guidance.get(by_number.get(number, "")),
            "applies": True,
        }
        for number, heading, text in state.current.clauses
    ]


@router.get("/policy", include_in_schema=False, dependencies=[needs(Permission.READ_POLICY)])
def policy_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    assert where.account is not None
    state, published = _published(office, where)
    return render(
        request,
        "policy.html",
        account=where.account,
        state=state,
        clauses=published or _clauses(office, where.account.school_id),
    )


@router.get("/api/policy", tags=["policy"], dependencies=[needs(Permission.READ_POLICY)])
def policy_api(office: OfficeDep, account: CurrentAccount) -> dict[str, Any]:
    """The school's policy: every clause in the school's words, and what it means in practice."""
    return {"school": account.school_name, "clauses": _clauses(office, account.school_id)}
