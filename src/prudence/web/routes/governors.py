"""The governors' report (3.1): HTML with charts, and the same as a PDF to circulate."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from prudence.school.governors_report import GovernorsReport, Tally
from prudence.school.people import Permission
from prudence.services.governors import governors_report
from prudence.web.app import render
from prudence.web.deps import OfficeDep, WhereDep, needs

router = APIRouter()


def bars(tally: Tally) -> dict[str, Any]:
    """A horizontal bar chart as SVG geometry: shown counts get bars, withheld ones a label."""
    shown = [c.value for _, c in tally.rows if c.value is not None]
    top = max(shown, default=0) or 1
    rows = []
    for n, (name, count) in enumerate(tally.rows):
        width = 0 if count.value is None else round(300 * count.value / top)
        rows.append({"y": 8 + n * 28, "name": name, "width": width, "label": str(count)})
    return {"rows": rows, "height": 16 + 28 * len(rows)}


@router.get(
    "/governors-report",
    include_in_schema=False,
    dependencies=[needs(Permission.READ_GOVERNORS_REPORT)],
)
def report_page(request: Request, office: OfficeDep, where: WhereDep) -> Response:
    report = governors_report(office.sessions, where)
    return render(request, "governors_report.html", account=where.account, g=report, bars=bars)


def pdf(report: GovernorsReport, school: str) -> bytes:
    """The report as a PDF: headings, the tables and bars, every withheld figure worded."""
    from fpdf import FPDF

    document = FPDF(format="A4")
    document.set_title(f"Governors' report: {school}")
    document.add_page()
    document.set_font("helvetica", "B", 16)
    document.multi_cell(
        0, 9, f"Social media policy: governors' report\n{school}", new_x="LMARGIN", new_y="NEXT"
    )
    document.set_font("helvetica", "", 10)
    document.multi_cell(
        0,
        6,
        f"Prepared {report.prepared_on:%d %B %Y}. Figures under 5 are withheld.",
        new_x="LMARGIN",
        new_y="NEXT",
    )

    def heading(text: str) -> None:
        document.ln(3)
        document.set_font("helvetica", "B", 12)
        document.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        document.set_font("helvetica", "", 10)

    def tally(title: str, rows: Tally) -> None:
        heading(title)
        shown = [c.value for _, c in rows.rows if c.value is not None]
        top = max(shown, default=0) or 1
        for name, count in rows.rows:
            document.cell(90, 6, name[:48])
            if count.value:
                document.set_fill_color(29, 53, 87)
                document.cell(60 * count.value / top, 5, "", fill=True)
            document.cell(0, 6, f"  {count}", new_x="LMARGIN", new_y="NEXT")
        document.cell(90, 6, "Total")
        document.cell(0, 6, str(rows.total), new_x="LMARGIN", new_y="NEXT")

    heading("Acknowledgement of the policy")
    for row in (*report.acknowledgements, report.acknowledgements_overall):
        percent = f" ({row.percent}%)" if row.percent is not None else ""
        document.multi_cell(
            0,
            6,
            f"{row.group}: {row.acknowledged} of {row.covered}{percent}; "
            f"outstanding {row.outstanding}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    tally("Concerns by type", report.concerns_by_type)
    tally("Concerns by stage or outcome", report.concerns_by_outcome)
    tally("Allegations by type", report.allegations_by_type)
    tally("Allegations by outcome", report.allegations_by_outcome)
    lado = report.lado_referrals
    heading("Time to LADO referral (standard: one working day)")
    document.multi_cell(
        0,
        6,
        f"Met: {lado.met}. Missed: {lado.missed}. Awaiting: {lado.awaiting}. Total: {lado.total}.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    heading("Declarations due for review")
    document.multi_cell(
        0, 6, str(report.declarations_due_for_review), new_x="LMARGIN", new_y="NEXT"
    )
    tally("Use of the checker (counts only)", report.checker_use)
    heading("Review of the policy")
    review = report.review
    when = f"{review.review_date:%d %B %Y}" if review.review_date else "not set"
    document.multi_cell(
        0, 6, f"Review date: {when} ({review.state.value}).", new_x="LMARGIN", new_y="NEXT"
    )
    return bytes(document.output())


@router.get(
    "/governors-report.pdf",
    include_in_schema=False,
    dependencies=[needs(Permission.READ_GOVERNORS_REPORT)],
)
async def report_pdf(office: OfficeDep, where: WhereDep) -> Response:
    report = governors_report(office.sessions, where)
    assert where.account is not None
    data = await run_in_threadpool(pdf, report, where.account.school_name)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="governors-report.pdf"'},
    )
