"""Loading a school profile and its rosters from real files, whatever encoding they came in."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from prudence.adapters.profile_files import load_profile
from prudence.adapters.text_files import read_text
from prudence.school.problems import InputError
from prudence.school.profile import ReportsTo
from tests.conftest import SHARED

PUPILS = (
    "first_name,last_name,preferred_name,year_group,status,left_on,date_of_birth,parent_names\n"
    "Zoë,O’Brien,,Y3,current,,2018-04-01,Mrs Siân O’Brien\n"
)
STAFF = (
    "first_name,last_name,preferred_name,role,email\n"
    "Renée,Dubois,,teacher,r.dubois@school.example\n"
)
PROFILE = """school:
  name: Hillside Infants
  website: https://hillside.example
people:
  pupils: pupils.csv
  staff: staff.csv
policy:
  reports_to: DSL
  review_date: 2027-07-01
"""


def school(tmp_path: Path, pupils: bytes, profile: str = PROFILE) -> Path:
    (tmp_path / "pupils.csv").write_bytes(pupils)
    (tmp_path / "staff.csv").write_text(STAFF, "utf-8")
    (tmp_path / "profile.yaml").write_text(profile, "utf-8")
    return tmp_path / "profile.yaml"


@pytest.mark.parametrize(
    "encoded",
    [
        PUPILS.encode("utf-8"),
        codecs.BOM_UTF8 + PUPILS.encode("utf-8"),
        PUPILS.encode("cp1252"),
        PUPILS.encode("utf-16"),
        PUPILS.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252", "utf-16", "windows-1252 CRLF"],
)
def test_exports_in_every_common_encoding_read_the_same(tmp_path: Path, encoded: bytes) -> None:
    profile = load_profile(school(tmp_path, encoded))
    (pupil,) = profile.pupils
    assert (pupil.first_name, pupil.last_name, pupil.parent_names) == (
        "Zoë",
        "O’Brien",
        ("Mrs Siân O’Brien",),
    )
    assert profile.choices.reports_to is ReportsTo.DESIGNATED_SAFEGUARDING_LEAD


def test_a_byte_that_is_no_known_encoding_is_named_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "pupils.csv"
    path.write_bytes(b"first_name\nZo\x81\n")
    with pytest.raises(InputError) as error:
        read_text(path)
    assert str(error.value) == f"{path}:2:3: byte 0x81 is not valid UTF-8 or Windows-1252 text"


def test_an_unknown_choice_of_lead_is_named_with_its_line(tmp_path: Path) -> None:
    path = school(tmp_path, PUPILS.encode(), PROFILE.replace("DSL", "the caretaker"))
    with pytest.raises(InputError) as error:
        load_profile(path)
    assert [str(p) for p in error.value.problems] == [
        f"{path}:8: policy.reports_to: "
        "'the caretaker' is not headteacher or designated safeguarding lead"
    ]


def test_a_profile_with_only_roster_problems_names_each_file(tmp_path: Path) -> None:
    path = school(tmp_path, b"first_name,last_name\nZara,Hussain\n")
    (tmp_path / "staff.csv").write_text("", "utf-8")
    with pytest.raises(InputError) as error:
        load_profile(path)
    messages = [str(p) for p in error.value.problems]
    assert any(
        m.startswith(f"{tmp_path / 'pupils.csv'}:1: missing column 'preferred_name'")
        for m in messages
    )
    assert f"{tmp_path / 'staff.csv'}: the file is empty" in messages


@pytest.mark.parametrize(
    ("yaml_text", "complaint"),
    [
        ("school: [unclosed\n", ":2:1: not valid YAML"),
        ("school:\n  name: X\n  colour: blue\n", ":3: school.colour: unknown setting"),
        ("people:\n  pupils: p.csv\n", ": school: is required"),
        ("school:\n  name: X\n  aliases: Ashdown\n", ":3: school.aliases: expected a list of text"),
        (
            "school:\n  name: X\npolicy:\n  school_channels: maybe\n",
            ":4: policy.school_channels: expected true or false",
        ),
        ("school:\n  name: X\n  logo: missing.png\n", ": school.logo: missing.png does not exist"),
    ],
)
def test_a_malformed_profile_is_refused_with_the_place_named(
    tmp_path: Path, yaml_text: str, complaint: str
) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml_text, "utf-8")
    with pytest.raises(InputError) as error:
        load_profile(path)
    assert f"{path}{complaint}" in str(error.value)


def test_the_shared_example_school_loads(tmp_path: Path) -> None:
    profile = load_profile(SHARED / "examples" / "ashdown" / "profile.yaml")
    assert profile.school.name == "Ashdown Primary School"
    assert len(profile.pupils) == 8 and len(profile.staff) == 4
    assert "restructure" in profile.confidential_terms


def test_a_missing_profile_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError) as error:
        load_profile(tmp_path / "nowhere.yaml")
    assert str(error.value) == f"{tmp_path / 'nowhere.yaml'}: No such file or directory"
