"""Dependencies the routes share: the office, the signed-in account and its permissions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from prudence.school.people import Permission
from prudence.services.school_office import Account, Where, account_by_id
from prudence.web.app import Office


def office(request: Request) -> Office:
    found: Office = request.app.state.office
    return found


OfficeDep = Annotated[Office, Depends(office)]


def origin(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_account(request: Request, office: OfficeDep) -> Account:
    """The signed-in account; 401 (a sign-in page for browsers) when there is none."""
    account_id = request.session.get("account")
    account = account_by_id(office.sessions, account_id) if isinstance(account_id, int) else None
    if account is None:
        raise HTTPException(401, "Sign in first.")
    return account


CurrentAccount = Annotated[Account, Depends(current_account)]


def where(request: Request, account: CurrentAccount) -> Where:
    return Where(account, origin(request), datetime.now(UTC))


WhereDep = Annotated[Where, Depends(where)]


def needs(permission: Permission) -> Any:
    """A dependency that refuses, with 403, an account without the permission."""

    def check(account: CurrentAccount) -> Account:
        if not account.may(permission):
            raise HTTPException(403, f"Your roles do not allow you to {permission.value}.")
        return account

    return Depends(check)
