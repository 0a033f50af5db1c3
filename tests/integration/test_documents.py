"""Importing a policy from real Word and PDF files."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from prudence.adapters.documents import read_policy_document
from prudence.policy.document import parse_policy_text
from prudence.school.problems import InputError

# Core PDF fonts know Latin-1 only; the seed's typographic quotes and dashes are swapped for it.
LATIN1 = str.maketrans({"‘": "'", "’": "'", "–": "-", "\uf0b7": "-"})


def test_a_word_policy_with_automatic_numbering_and_bullets_is_imported(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Westfield Primary Social Media Policy", style="Title")
    document.add_paragraph("1.0 SCOPE")
    document.add_paragraph("1.1 This policy covers all staff and volunteers.")
    document.add_paragraph("2.0 RULES")
    document.add_paragraph("2.1 Staff must follow these rules:")
    for rule in ("Never share your number with a pupil.", "Never post photographs of pupils."):
        document.add_paragraph(rule, style="List Number")
    document.add_paragraph("Keep your privacy settings high.", style="List Bullet")
    document.add_paragraph("Review date: 1 September 2027")
    path = tmp_path / "westfield.docx"
    document.save(str(path))

    parsed = parse_policy_text(read_policy_document(path))
    assert [c.number for c in parsed.clauses] == ["1.0", "1.1", "2.0", "2.1", "2.1.1", "2.1.2"]
    assert parsed.numbered("2.1.1")[0].text == "Never share your number with a pupil."
    assert parsed.numbered("2.1.2")[0].text == (
        "Never post photographs of pupils.\n• Keep your privacy settings high."
    )
    assert parsed.metadata["review date"][0] == "1 September 2027"


def test_the_seed_as_a_pdf_imports_to_the_same_clauses_as_its_text(
    tmp_path: Path, seed_text: str
) -> None:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    for line in seed_text.translate(LATIN1).splitlines():
        pdf.cell(
            0, 4, line.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT"
        )
    path = tmp_path / "seed.pdf"
    pdf.output(str(path))

    from_pdf = parse_policy_text(read_policy_document(path))
    from_text = parse_policy_text(seed_text)
    assert [c.number for c in from_pdf.clauses] == [c.number for c in from_text.clauses]
    assert [p.number for p in from_pdf.problems] == ["2.3"]
    photos = from_pdf.numbered("4.1.8")[0].text
    assert photos == from_text.numbered("4.1.8")[0].text


@pytest.mark.parametrize(
    ("name", "content", "complaint"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "is not a readable Word document"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "is not a readable PDF"),
        ("empty.pdf", b"", "the file is empty"),
    ],
)
def test_a_damaged_document_is_refused_with_a_clear_reason(
    tmp_path: Path, name: str, content: bytes, complaint: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_policy_document(path)
    assert complaint in str(error.value)


def test_a_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError) as error:
        read_policy_document(path)
    assert "has no text layer" in str(error.value)
