"""The demo: Brookfield Primary, an invented school, with one sign-in for each role."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from prudence.adapters.database import SchoolRecord
from prudence.adapters.profile_files import load_profile
from prudence.adapters.text_files import read_text
from prudence.school.people import Role
from prudence.services.school_office import Sessions, Where, add_account, create_school

DEMO_SLUG = "brookfield"
DEMO_PROFILE_PATH = (
    Path(__file__).resolve().parents[3] / "examples" / "demo-school" / "profile.yaml"
)
DEMO_PEOPLE: tuple[tuple[str, str, tuple[Role, ...]], ...] = (
    ("Priya Shah", "head", (Role.HEADTEACHER, Role.COLLEAGUE)),
    ("Tom Reid", "dsl", (Role.DSL, Role.COLLEAGUE)),
    ("Amy Lowe", "deputy-dsl", (Role.DEPUTY_DSL, Role.COLLEAGUE)),
    ("Sam Carter", "teacher", (Role.COLLEAGUE,)),
    ("Jo Evans", "line-manager", (Role.LINE_MANAGER, Role.COLLEAGUE)),
    ("Ravi Patel", "hr", (Role.HR,)),
    ("Helen Brooks", "governor", (Role.GOVERNOR,)),
    ("Dan Okoro", "admin", (Role.ADMINISTRATOR,)),
)


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """(role, email, password) for each demo account: invented, for trying Prudence only."""
    return [
        (
            ", ".join(r.label for r in roles),
            f"{key}@brookfield-primary.example",
            f"demo-{key}-password",
        )
        for _, key, roles in DEMO_PEOPLE
    ]


def seed_demo(sessions: Sessions, profile_path: Path, now: datetime) -> bool:
    """Creates the demo school and its accounts unless they exist; True when it created them."""
    with sessions() as session:
        if session.scalars(select(SchoolRecord).where(SchoolRecord.slug == DEMO_SLUG)).first():
            return False
    profile = load_profile(profile_path)
    base = profile_path.parent
    rosters = {
        kind: read_text(base / name)
        for kind, name in (("pupils", profile.files.pupils), ("staff", profile.files.staff))
        if name
    }
    school_id = create_school(sessions, DEMO_SLUG, profile, rosters, now)
    where = Where(None, "demo", now)
    for (name, _, roles), (_, email, password) in zip(DEMO_PEOPLE, demo_sign_ins(), strict=True):
        add_account(sessions, school_id, email, name, password, roles, where)
    return True
