"""A Document as a file: PDF (fpdf2, with a Unicode font), XLSX (openpyxl), CSV with a UTF-8 BOM so
that Excel shows Vietnamese (decision 0084)."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from citycomm_reporting.domain.documents import Document, Table

# Debian's fonts-dejavu-core (tests/browser/install.sh and the image install it): every Vietnamese letter.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOM = "\ufeff"


class FontMissing(RuntimeError):
    pass


def to_csv(document: Document) -> bytes:
    out = StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([document.title])
    for line in document.lines:
        writer.writerow([line])
    for table in document.tables:
        writer.writerow([])
        writer.writerow([table.caption])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(document: Document) -> bytes:
    """The summary on the first sheet, one sheet per table."""
    book = Workbook()
    summary = book.active
    summary.title = _sheet_name(document.title)
    summary.append([document.title])
    summary["A1"].font = Font(bold=True, size=14)
    for line in document.lines:
        summary.append([line])
    for table in document.tables:
        sheet = book.create_sheet(_sheet_name(table.caption))
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append(list(row))
        for n, header in enumerate(table.headers):
            longest = max([len(header) // 2, *(len(r[n]) for r in table.rows)], default=10)
            sheet.column_dimensions[sheet.cell(1, n + 1).column_letter].width = min(max(longest + 2, 10), 50)
        sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(text: str) -> str:
    return "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"


def to_pdf(document: Document, font_dir: Path = FONT_DIR) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontMissing(f"{regular} is missing: install Debian's fonts-dejavu-core")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(document.title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, document.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 10)
    for line in document.lines:
        pdf.multi_cell(0, 6, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for table in document.tables:
        _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf: FPDF, table: Table) -> None:
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 8, table.caption, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("DejaVu", "", 8)
    if not table.rows:
        pdf.multi_cell(0, 6, "–", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    align = tuple("RIGHT" if n in table.numeric else "LEFT" for n in range(len(table.headers)))
    first = 3.0 if len(table.headers) > 3 else 2.0
    widths = (first, *([1.0] * (len(table.headers) - 1)))
    with pdf.table(col_widths=widths, text_align=align, line_height=5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242))) as grid:
        header = grid.row()
        for text in table.headers:
            header.cell(text)
        for row in table.rows:
            cells = grid.row()
            for text in row:
                cells.cell(text)
