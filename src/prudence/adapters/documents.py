"""Turns a policy document (plain text, Word .docx or PDF) into text the parser can read."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from prudence.adapters.text_files import read_text
from prudence.school.problems import InputError, InputProblem

_MAX_BYTES = 50_000_000
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_policy_document(path: Path) -> str:
    """The text of a policy document, one line per line of the original where it has lines."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix in {".doc", ".odt", ".rtf", ".pages"}:
        raise InputError(
            [
                InputProblem(
                    str(path), None, None, f"{suffix} files cannot be read; save it as .docx or PDF"
                )
            ]
        )
    return read_text(path, max_bytes=_MAX_BYTES)


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(
            [InputProblem(str(path), None, None, error.strerror or "cannot be read")]
        ) from None
    if size == 0:
        raise InputError([InputProblem(str(path), None, None, "the file is empty")])
    if size > _MAX_BYTES:
        raise InputError(
            [InputProblem(str(path), None, None, f"is {size:,} bytes; the limit is {_MAX_BYTES:,}")]
        )


class _WordNumbering:
    """Rebuilds the numbers Word draws for automatically numbered paragraphs (1., 4.1.2, •)."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = defaultdict(dict)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering.findall(f"{_WORD_NS}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for level in node.findall(f"{_WORD_NS}lvl"):
                fmt = level.find(f"{_WORD_NS}numFmt")
                text = level.find(f"{_WORD_NS}lvlText")
                start = level.find(f"{_WORD_NS}start")
                levels[int(level.get(f"{_WORD_NS}ilvl", "0"))] = (
                    fmt.get(f"{_WORD_NS}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_WORD_NS}val", "") if text is not None else "",
                    int(start.get(f"{_WORD_NS}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_WORD_NS}abstractNumId", "")] = levels
        for node in numbering.findall(f"{_WORD_NS}num"):
            ref = node.find(f"{_WORD_NS}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_WORD_NS}val", ""), {}).items():
                self.formats[(node.get(f"{_WORD_NS}numId", ""), ilvl)] = spec

    @staticmethod
    def _numbering_properties(paragraph: Any) -> Any:
        """The paragraph's own numbering, or else the one its style (or a base style) gives."""
        props = paragraph._p.pPr
        if props is not None and props.numPr is not None:
            return props.numPr
        style = paragraph.style
        while style is not None:
            style_props = style.element.pPr
            if style_props is not None and style_props.numPr is not None:
                return style_props.numPr
            style = style.base_style
        return None

    def label(self, paragraph: Any) -> str:
        num_pr = self._numbering_properties(paragraph)
        if num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        spec = self.formats.get((num_id, ilvl))
        if spec is None:
            return ""
        fmt, text, start = spec
        if fmt == "bullet":
            return "•"
        counters = self.counters[num_id]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        label = text
        for level in range(ilvl + 1):
            label = label.replace(f"%{level + 1}", str(counters.get(level, 1)))
        return label


def _read_docx(path: Path) -> str:
    import docx  # imported here: only Word imports pay for it

    _check_size(path)
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise InputError(
            [InputProblem(str(path), None, None, f"is not a readable Word document ({error})")]
        ) from None
    numbering = _WordNumbering(document)
    lines: list[str] = []
    for paragraph in document.paragraphs:
        label = numbering.label(paragraph)
        text = paragraph.text.replace("\t", " ").strip()
        if label or text:
            lines.append(f"{label} {text}".strip() if label else text)
        lines.append("")
    return "\n".join(lines)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    _check_size(path)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InputError([InputProblem(str(path), None, None, "the PDF is password-protected")])
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as error:
        raise InputError(
            [InputProblem(str(path), None, None, f"is not a readable PDF ({error})")]
        ) from None
    text = "\f".join(pages)
    if not text.strip():
        raise InputError(
            [
                InputProblem(
                    str(path),
                    None,
                    None,
                    "the PDF has no text layer (a scan?); export it from the original",
                )
            ]
        )
    return text
