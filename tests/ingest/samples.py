"""Real report files made by the tests themselves (fpdf2, python-docx, openpyxl), with made-up figures.

Each maker writes one file and returns its path. The figures are invented; the layouts are the ones the readers
must handle: a table that crosses a page break under a running header and page numbers, a Chinese PDF in the
Noto CJK font, Word headings and a table with a spanning header, a workbook with a formula and a notes sheet, an
HTML table with a colspan header beside navigation and scripts.
"""

from __future__ import annotations

from pathlib import Path

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SC = 2  # the Simplified Chinese face in the Noto CJK collections

# 40 regions with made-up export figures; the table starts low on page 1 so it must continue on page 2.
REGIONS = [(f"Region {n:02d}", f"{100 + n * 7.5:.1f}", f"{110 + n * 8.25:.1f}") for n in range(1, 41)]


def _report_pdf():
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 6, "Harbour Trade Monitor 2023 - confidential draft", align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    return Report()


def pdf_table_across_pages(folder: Path, name: str = "trade.pdf") -> Path:
    pdf = _report_pdf()
    pdf.add_page()
    pdf.set_font("helvetica", "B", size=18)
    pdf.cell(0, 12, "Harbour Trade Monitor 2023", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "B", size=14)
    pdf.cell(0, 10, "1 Exports by region", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    for _ in range(6):
        pdf.multi_cell(
            0,
            5,
            "Exports through the harbour grew in most regions during the year, helped by new shipping lines "
            "and lower freight rates. The regional breakdown below lists the value of goods shipped.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(2)
    pdf.cell(0, 8, "Table 1: Exports by region, 2022-2023", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Unit: USD million", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(60, 40, 40), repeat_headings=1) as table:
        for cells in [("Region", "2022", "2023"), *REGIONS]:
            row = table.row()
            for text in cells:
                row.cell(text)
    pdf.ln(4)
    pdf.multi_cell(0, 5, "Regions are numbered by distance from the harbour.", new_x="LMARGIN", new_y="NEXT")
    path = folder / name
    pdf.output(str(path))
    return path


def pdf_rules_only_table(folder: Path, name: str = "rules.pdf") -> Path:
    """A table set as statistical reports set them: horizontal rules above the header, under it and under the last
    row, no vertical lines, a spanning header over two year columns; a paragraph of prose above it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5, "Freight volumes recovered in both seasons of the year.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 6, "Table 7: Freight volume by season", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Unit: thousand tonnes", new_x="LMARGIN", new_y="NEXT")
    left, widths = pdf.l_margin, (70, 35, 35)
    right = left + sum(widths)
    pdf.line(left, pdf.get_y(), right, pdf.get_y())
    pdf.cell(widths[0], 6, "")
    pdf.cell(widths[1] + widths[2], 6, "Volume", align="C", new_x="LMARGIN", new_y="NEXT")
    rows = [("Season", "2022", "2023"), ("Spring", "1,204.5", "1,377.0"), ("Autumn", "988.2", "1,015.9")]
    for n, cells in enumerate(rows):
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 6, text, align="L" if width == widths[0] else "R")
        pdf.ln(6)
        if n == 0:
            pdf.line(left, pdf.get_y(), right, pdf.get_y())
    pdf.line(left, pdf.get_y(), right, pdf.get_y())
    path = folder / name
    pdf.output(str(path))
    return path


def chinese_pdf(folder: Path, name: str = "zh_report.pdf") -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("noto", "", str(CJK_FONT), collection_font_number=SC)
    pdf.add_font("noto", "B", str(CJK_BOLD), collection_font_number=SC)
    pdf.add_page()
    pdf.set_font("noto", "B", size=18)
    pdf.cell(0, 12, "港口贸易监测报告", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", "B", size=14)
    pdf.cell(0, 10, "第一章 出口概况", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", size=10)
    pdf.multi_cell(
        0, 6, "2023年港口出口总体平稳，机电产品出口增长较快，纺织品出口有所下降。", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(3)
    pdf.cell(0, 8, "表1 主要商品出口额", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "单位：亿美元", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(60, 40, 40)) as table:
        for cells in [("商品", "2022", "2023"), ("机电产品", "512.3", "587.6"), ("纺织品", "98.4", "91.2")]:
            row = table.row()
            for text in cells:
                row.cell(text)
    path = folder / name
    pdf.output(str(path))
    return path


def encrypted_pdf(folder: Path, name: str = "locked.pdf") -> Path:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret", encryption_method=EncryptionMethod.RC4)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Locked figures")
    path = folder / name
    pdf.output(str(path))
    return path


def scanned_pdf(folder: Path, name: str = "scan.pdf") -> Path:
    """A page that is one picture and no text: what a scanner makes."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(picture).text((20, 80), "Exports rose 5 percent", fill="black")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=180)
    path = folder / name
    pdf.output(str(path))
    return path


def docx_report(folder: Path, name: str = "review.docx") -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Port Review 2023", level=0)
    document.add_heading("Cargo handled", level=1)
    document.add_paragraph("Container traffic recovered in the second half of the year.")
    document.add_paragraph("New berths opened in March.", style="List Bullet")
    document.add_paragraph("Table 2: Cargo by terminal")
    document.add_paragraph("Unit: thousand tonnes")
    table = document.add_table(rows=4, cols=3)
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "Cargo"
    for r, cells in enumerate(
        [("Terminal", None, None), ("", "2022", "2023"), ("North", "830", "912"), ("South", "455", "471")]
    ):
        for c, text in enumerate(cells):
            if text is not None and not (r == 0 and c > 0):
                table.cell(r, c).text = text
    table.cell(0, 0).text = "Terminal"
    table.add_row()
    for c, text in enumerate(("East", "120", "133")):
        table.cell(4, c).text = text
    document.add_heading("Outlook", level=1)
    document.add_paragraph("Dredging of the channel starts next year.")
    path = folder / name
    document.save(str(path))
    return path


def xlsx_workbook(folder: Path, name: str = "budget.xlsx") -> Path:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Spending"
    sheet["A1"] = "Table 3: Harbour spending by item"
    sheet["A2"] = "Unit: USD million"
    sheet.append([])
    sheet.append(["Item", "Budget", None, "Approved on"])
    sheet.merge_cells("B4:C4")
    sheet.append([None, 2022, 2023, None])
    sheet.append(["Dredging", 41.5, 44.25, dt.date(2023, 3, 14)])
    sheet.append(["Cranes", 12, 19.75, dt.date(2023, 5, 2)])
    sheet.append(["Total", "=B6+B7", "=SUM(C6:C7)", None])
    sheet.append(["Pilots", "=VLOOKUP(A1,A1:B2,2)", 3, None])
    notes = book.create_sheet("Notes")
    notes["A1"] = "The budget covers the harbour authority only."
    notes["A2"] = "Figures for 2023 are provisional."
    path = folder / name
    book.save(str(path))
    return path


def xls_workbook(folder: Path, name: str = "tonnage.xls") -> Path:
    """An Excel 97-2003 workbook (BIFF8, written by xlwt): a merged header over two year columns, a date cell and a
    Chinese row label."""
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Tonnage")
    sheet.write(0, 0, "Table 5: Cargo tonnage by berth")
    sheet.write(1, 0, "Unit: thousand tonnes")
    sheet.write(3, 0, "Berth")
    sheet.write_merge(3, 3, 1, 2, "Tonnage")
    sheet.write(3, 3, "Surveyed on")
    for column, year in ((1, 2022), (2, 2023)):
        sheet.write(4, column, year)
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = (("North", 310, 342.5, dt.date(2023, 4, 3)), ("东泊位", 128, 97, dt.date(2023, 6, 19)))
    for offset, (label, first, second, surveyed) in enumerate(rows, 5):
        sheet.write(offset, 0, label)
        sheet.write(offset, 1, first)
        sheet.write(offset, 2, second)
        sheet.write(offset, 3, surveyed, dates)
    path = folder / name
    book.save(str(path))
    return path


HTML_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Fleet statistics 2023</title>
<style>td { color: red }</style><script>var secret = "Tankers 999";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/menu">Menu with Tankers 777</a></nav>
<h1>Fleet statistics 2023</h1>
<p>Harbour fees paid by ships registered at the harbour, by type.</p>
<p>Unit: USD thousand</p>
<table>
<caption>Table 4: Harbour fees by ship type</caption>
<tr><th rowspan="2">Type</th><th colspan="2">Fees</th></tr>
<tr><th>2022</th><th>2023</th></tr>
<tr><td>Tankers</td><td>64</td><td>71</td></tr>
<tr><td>Bulk carriers</td><td>120</td><td>118</td></tr>
</table>
<h2>Notes</h2>
<p>Fees are billed at the end of each quarter.</p>
</body></html>
"""


def html_page(folder: Path, name: str = "fleet.html") -> Path:
    path = folder / name
    path.write_text(HTML_PAGE, encoding="utf-8")
    return path
