"""The governors' report in the web app, on SQLite and PostgreSQL: counts only, small ones
withheld, as HTML with charts and as a PDF."""

from __future__ import annotations

import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import sign_in, token
from tests.web.test_concerns import report, sign_out
from tests.web.test_web_app import audit, check, page


@pytest.mark.clause("3.1")
def test_governors_see_counts_with_small_ones_withheld_never_a_case(
    app: FastAPI, client: TestClient
) -> None:
    sign_in(client, "teacher")
    for n in range(6):
        check(client, f"Lovely walk number {n} with the dog")
    report(client, description="Harry Okafor sent me a friend request on Instagram.")
    sign_out(client)
    sign_in(client, "governor")
    shown = page(client.get("/governors-report"))
    text = shown.text
    assert "Harry" not in text and "Instagram" not in text  # no case, no name
    assert "fewer than 5" in text  # one concern: withheld
    checker = shown.select_one("#checker-desc")
    assert checker is not None and "Nothing found: 6" in checker.text.replace(
        "nothing found", "Nothing found"
    )
    assert (
        client.get("/concerns").status_code == 200
        and "Harry" not in client.get("/api/concerns").text
    )
    pdf = client.get("/governors-report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "governors' report" in words and "fewer than 5" in words and "Harry" not in words
    assert [e.actor for e in audit(app, "governors_report.read")] == [
        "governor@brookfield-primary.example",
        "governor@brookfield-primary.example",
    ]


def test_a_colleague_cannot_read_the_governors_report(client: TestClient) -> None:
    sign_in(client, "teacher")
    assert client.get("/governors-report").status_code == 403
    assert token(client, "/check")
