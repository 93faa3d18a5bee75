"""The work report as a document: Word (python-docx) and PDF (WeasyPrint), with charts drawn by matplotlib.

Both are built from the report's stored figures and its edited paragraphs, in the source report's
structure (一、二、三 and 四、发现的问题), official-document styling and page numbers.
"""

import base64
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from governance.lib.figures import SECTIONS
from governance.reports.selectors import section_lines

# Chinese official documents (GB/T 9704): 仿宋 body, 黑体 headings, 小标宋 title; Noto CJK where those are absent.
BODY_FONT, HEADING_FONT, TITLE_FONT = "仿宋", "黑体", "宋体"
CHART_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"]
CHINESE_NUMERALS = "一二三四五六七八九十"


def title_of(figures: dict) -> str:
    return _("%(area)s work report, %(period)s") % {
        "area": figures["area"],
        "period": figures["period_label"],
    }


def parts(report_figures: dict, narrative: dict) -> list[dict]:
    """The document's parts in order: heading, paragraph, figure lines (or the problems' list)."""
    result = []
    for i, (key, label) in enumerate(SECTIONS):
        lines = section_lines(report_figures, key)
        if key == "enforcement":
            continue  # printed inside part IV, where the street's lack of enforcement power is reported
        result.append(
            {"key": key, "heading": str(label), "text": narrative.get(key, ""), "lines": lines, "n": i}
        )
    result.append(
        {
            "key": "problems",
            "heading": _("IV. Problems found"),
            "text": narrative.get("problems", ""),
            "lines": section_lines(report_figures, "enforcement"),
            "problems": report_figures["problems"],
        }
    )
    return result


def _charts(figures: dict) -> list[tuple[str, bytes]]:
    """PNG charts: leadership age and fees collected per year since the reform, the three rates by community."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["font.sans-serif"] = CHART_FONTS
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    charts = []

    def save(fig, title):
        buffer = io.BytesIO()
        fig.tight_layout()
        fig.savefig(buffer, format="png", dpi=150)
        plt.close(fig)
        charts.append((title, buffer.getvalue()))

    years = [str(y) for y in figures["charts"]["years"]]
    age = figures["charts"]["age"]
    if any(a is not None for a in age):
        fig, ax = plt.subplots(figsize=(6.4, 2.8))
        xs = list(range(len(years)))
        ax.plot(xs, [a if a is not None else float("nan") for a in age], marker="o", color="#C8161D")
        for x, a in zip(xs, age, strict=True):
            if a is not None:
                ax.annotate(
                    f"{a:.1f}", (x, a), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8
                )
        ax.set_xticks(xs, years)
        ax.set_ylabel(_("years"))
        save(fig, _("Leadership average age by year"))
    fees = figures["charts"]["fees"]
    if any(fees):
        fig, ax = plt.subplots(figsize=(6.4, 2.8))
        ax.bar(range(len(years)), [(f or 0) / 10000 for f in fees], color="#3366AA")
        ax.set_xticks(range(len(years)), years)
        ax.set_ylabel(_("10,000 yuan"))
        save(fig, _("Property fees collected by year"))
    rates = ["volunteers.response_rate", "volunteers.resolution_rate", "volunteers.satisfaction_rate"]
    communities = figures["communities"]
    if communities:
        labels = {v["key"]: v["label"] for v in figures["values"]}
        fig, ax = plt.subplots(figsize=(6.4, 3.0))
        width = 0.8 / len(rates)
        for i, key in enumerate(rates):
            xs = [j + i * width for j in range(len(communities))]
            ys = [float(c["values"][key]) if c["values"][key] is not None else 0 for c in communities]
            ax.bar(xs, ys, width=width, label=labels[key])
        ax.set_xticks([j + width for j in range(len(communities))], [c["name"] for c in communities])
        ax.set_ylim(0, 100)
        ax.set_ylabel("%")
        ax.legend(fontsize=8, loc="lower right")
        save(fig, _("The three rates by community"))
    return charts


def render_docx(figures: dict, narrative: dict, progress=lambda n: None) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def set_font(run_or_style, name, size=None, bold=None):
        font = run_or_style.font
        font.name = name
        if size:
            font.size = Pt(size)
        if bold is not None:
            font.bold = bold
        element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
        rpr = element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), name)

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, 16)  # 三号仿宋
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.first_line_indent = Pt(32)

    # Page numbers: "— 1 —" centred in the footer, a PAGE field Word and LibreOffice both update.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.add_run("— ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    footer.add_run(" —")
    for r in footer.runs:
        set_font(r, TITLE_FONT, 14)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    set_font(title.add_run(title_of(figures)), TITLE_FONT, 22, bold=True)  # 二号
    dateline = doc.add_paragraph()
    dateline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dateline.paragraph_format.first_line_indent = Pt(0)
    set_font(dateline.add_run(_date_text()), BODY_FONT, 16)
    progress(40)

    charts = dict(_charts(figures))
    progress(60)
    chart_of_part = _chart_placement(charts)
    for part in parts(figures, narrative):
        heading = doc.add_paragraph()
        set_font(heading.add_run(part["heading"]), HEADING_FONT, 16)
        if part["text"]:
            for paragraph in part["text"].split("\n"):
                if paragraph.strip():
                    doc.add_paragraph(paragraph.strip())
        if part["lines"]:
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            for cell, text in zip(
                table.rows[0].cells,
                [_("Figure"), figures["period_label"], figures["previous_label"], _("Change")],
                strict=True,
            ):
                _cell_text(cell, text, set_font, bold=True)
            for line in part["lines"]:
                cells = table.add_row().cells
                _cell_text(
                    cells[0], f"{line['label']}" + (f"（{line['unit']}）" if line["unit"] else ""), set_font
                )
                _cell_text(cells[1], line["text"], set_font)
                _cell_text(cells[2], line["previous_text"], set_font)
                _cell_text(cells[3], line["change_text"], set_font)
        for problem_no, problem in enumerate(part.get("problems", []), start=1):
            doc.add_paragraph(f"（{_numeral(problem_no)}）{problem}")
        for chart_title in chart_of_part.get(part["key"], []):
            caption = doc.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.paragraph_format.first_line_indent = Pt(0)
            caption.add_run().add_picture(io.BytesIO(charts[chart_title]), width=Cm(15))
            label = doc.add_paragraph()
            label.alignment = WD_ALIGN_PARAGRAPH.CENTER
            label.paragraph_format.first_line_indent = Pt(0)
            set_font(label.add_run(chart_title), BODY_FONT, 12)
    progress(90)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _cell_text(cell, text, set_font, bold=False):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = 0
    paragraph.paragraph_format.line_spacing = 1.0
    set_font(paragraph.add_run(str(text)), BODY_FONT, 12, bold=bold)


def _chart_placement(charts: dict) -> dict[str, list[str]]:
    """Which part each chart belongs to: age in I, fees and rates in III."""
    placement: dict[str, list[str]] = {}
    for title in charts:
        key = "mechanisms" if title == _("Leadership average age by year") else "cogovernance"
        placement.setdefault(key, []).append(title)
    return placement


def _numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (
        (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")
    )


def _date_text() -> str:
    today = timezone.localdate()
    return pgettext("document date", "%(year)d-%(month)02d-%(day)02d") % {
        "year": today.year,
        "month": today.month,
        "day": today.day,
    }


def render_pdf(figures: dict, narrative: dict, progress=lambda n: None) -> bytes:
    from weasyprint import HTML

    charts = _charts(figures)
    progress(50)
    placement = _chart_placement(dict(charts))
    images = {title: "data:image/png;base64," + base64.b64encode(png).decode() for title, png in charts}
    document_parts = []
    for part in parts(figures, narrative):
        part["paragraphs"] = [p.strip() for p in part["text"].split("\n") if p.strip()]
        part["numbered_problems"] = [
            (_numeral(i), p) for i, p in enumerate(part.get("problems", []), start=1)
        ]
        part["charts"] = [(title, images[title]) for title in placement.get(part["key"], [])]
        document_parts.append(part)
    html = render_to_string(
        "governance/reports/report_pdf.html",
        {"title": title_of(figures), "date": _date_text(), "parts": document_parts, "figures": figures},
    )
    progress(70)
    return HTML(string=html).write_pdf()


RENDERERS = {"docx": render_docx, "pdf": render_pdf}
