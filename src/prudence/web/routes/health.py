"""`/healthz`: 200 once the database answers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from prudence.web.deps import OfficeDep

router = APIRouter()


@router.get("/healthz", tags=["service"])
def healthz(office: OfficeDep) -> JSONResponse:
    """Whether the service can reach its database."""
    try:
        with office.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return JSONResponse({"status": "unavailable", "database": str(error)[:200]}, 503)
    return JSONResponse({"status": "ok", "database": office.engine.dialect.name})
