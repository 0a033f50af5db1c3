"""Pupils and staff from management-system exports: read correctly, or refused with the place."""

from __future__ import annotations

from datetime import date

import pytest

from prudence.school.problems import InputError
from prudence.school.roster import PupilStatus, parse_pupils, parse_staff

HEADER = (
    "first_name,last_name,preferred_name,year_group,status,left_on,date_of_birth,parent_names\n"
)


def pupils(*rows: str, header: str = HEADER) -> str:
    return header + "\n".join(rows) + "\n"


def problems(text: str, parse=parse_pupils) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as error:
        parse(text, "pupils.csv")
    return [str(p) for p in error.value.problems]


def test_a_well_formed_export_loads_every_pupil() -> None:
    loaded = parse_pupils(
        pupils(
            "Harry,Whitaker,Haz,Y6,current,,2015-03-30,Mr Stuart Whitaker;Mrs Emma Whitaker",
            "Millie,Barnes,,,former,2023-07-20,2012-08-14,Mrs Tina Barnes",
        )
    )
    harry, millie = loaded
    assert harry.preferred_name == "Haz" and harry.status is PupilStatus.CURRENT
    assert harry.parent_names == ("Mr Stuart Whitaker", "Mrs Emma Whitaker")
    assert millie.left_on == date(2023, 7, 20) and millie.year_group is None


def test_a_former_pupil_is_of_school_age_until_their_eighteenth_birthday() -> None:
    (millie,) = parse_pupils(pupils("Millie,Barnes,,,former,2023-07-20,2012-08-14,"))
    assert millie.is_of_school_age_on(date(2030, 8, 13))
    assert not millie.is_of_school_age_on(date(2030, 8, 14))


def test_columns_named_as_management_systems_name_them_are_understood() -> None:
    header = "Legal Surname,Forename,Known As,NC Year,Enrolment Status,Leaving Date,DOB,Contacts\n"
    (pupil,) = parse_pupils(
        pupils("Hussain,Zara,,Y2,Current,,08/09/2019,Mrs Nadia Hussain", header=header)
    )
    assert (pupil.first_name, pupil.last_name) == ("Zara", "Hussain")
    assert pupil.date_of_birth == date(2019, 9, 8)  # day first, as UK exports write it


def test_a_missing_and_an_unknown_column_are_both_named() -> None:
    header = HEADER.replace("date_of_birth", "favourite_colour")
    found = problems(pupils("Zara,Hussain,,Y2,current,,blue,", header=header))
    assert "pupils.csv:1:7: unknown column 'favourite_colour'" in found[0]
    assert found[1] == "pupils.csv:1: missing column 'date_of_birth'"


def test_every_bad_row_is_reported_with_line_and_column_and_nothing_is_loaded() -> None:
    found = problems(
        pupils(
            "Zara,Hussain,,Y2,current,,2019-09-08,",
            "Archie,Reed,,Y4,enrolled,,2017-01-19,",
            "Poppy,Hall,,Y1,current,,2020-02-30,",
            "Zara,Hussain,,Y2,current,,2019-09-08,",
        )
    )
    assert found == [
        "pupils.csv:3:5: unknown status 'enrolled'; use current or former (status)",
        "pupils.csv:4:7: '2020-02-30' is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"
        " (date_of_birth)",
        "pupils.csv:5: Zara Hussain is listed twice (first on line 2)",
    ]


def test_a_row_with_the_wrong_number_of_fields_is_named() -> None:
    assert problems(pupils("Zara,Hussain,Y2")) == ["pupils.csv:2: expected 8 fields, found 3"]


def test_an_empty_file_and_a_header_alone_are_refused() -> None:
    assert problems("") == ["pupils.csv: the file is empty"]
    assert problems(HEADER) == ["pupils.csv: the file lists no pupils"]


def test_staff_with_a_malformed_email_are_refused_with_the_column() -> None:
    header = "first_name,last_name,preferred_name,role,email\n"
    found = problems(header + "Fiona,Grant,,teacher,fiona at school\n", parse=parse_staff)
    assert found == ["pupils.csv:2:5: 'fiona at school' is not an email address (email)"]
    (colleague,) = parse_staff(
        header + "Margaret,Ellis,Maggie,headteacher,m.ellis@school.example\n"
    )
    assert colleague.preferred_name == "Maggie" and colleague.role == "headteacher"


def test_a_quoted_field_with_a_comma_and_a_line_break_is_one_field() -> None:
    (pupil,) = parse_pupils(
        pupils('Zara,Hussain,,Y2,current,,2019-09-08,"Mrs Nadia Hussain;\nMr Omar Hussain, Jr"')
    )
    assert pupil.parent_names == ("Mrs Nadia Hussain", "Mr Omar Hussain, Jr")
