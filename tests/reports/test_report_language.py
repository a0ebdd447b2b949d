"""Reports in the reader's language: the page is marked with it, every heading and label comes from the
catalogue in that language (no English label left in a Russian or Kyrgyz report, none hard-coded in the
builders or renderers), data stays as written, numbers and dates are written as the reader writes them."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from core.messages import STRINGS
from reports.model import Bars, Heatmap, Lines, Report
from reports.render_xlsx import HEADER_ROW
from tests.conftest import REPO, SAMPLE
from tests.reports.conftest import Built

TITLES = {name: f"rep_title_{name}" for name in ("expertise", "portfolio", "alignment", "learning", "brief")}
CATALOGUE = {lang: {v for k, v in table.items() if k.startswith("rep_")} for lang, table in STRINGS.items()}


def test_page_language_and_headings_are_the_readers(built: Built) -> None:
    """Each HTML page declares the report's language (``<html lang>``), its title and section headings are
    the catalogue's texts in that language, and the Markdown and XLSX start with the same title; the XLSX
    summary's header row is translated too."""
    for name, report in built.reports.items():
        assert report.language == built.lang
        title = built.tr(TITLES[name])
        html = (built.files / f"{name}.html").read_text(encoding="utf-8")
        assert f'<html lang="{built.lang}">' in html
        assert unescape(re.search(r"<h1>(.*?)</h1>", html).group(1)) == report.title == title  # type: ignore[union-attr]
        h2 = [unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", html)]
        assert h2 == [s.title for s in report.sections] + [built.tr("rep_dates_heading")]
        assert set(h2) <= CATALOGUE[built.lang]
        md = (built.files / f"{name}.md").read_text(encoding="utf-8")
        assert md.startswith(f"# {title}\n")
        summary = openpyxl.load_workbook(built.files / f"{name}.xlsx")["summary"]
        assert summary["A1"].value == title
        header = [c.value for c in summary[HEADER_ROW]]
        assert header == [built.tr(k) for k in ("rep_xlsx_figure", "rep_xlsx_value", "rep_xlsx_as_of")]


def _labels(report: Report) -> list[tuple[str, str]]:
    """(where, text) of every label a report shows — not its data (table cells, chart categories, data
    series such as topic names)."""
    out = [("title", report.title), ("audience", report.audience), ("as_of", report.as_of.basis)]
    out += [("note", n) for n in report.notes]
    out += [(f"figure {i}", f.label) for i, f in enumerate(report.figures)]
    out += [(f"figure {i} as_of", f.as_of.basis) for i, f in enumerate(report.figures)]
    for s in report.sections:
        out += [("section", s.title), ("intro", s.intro)]
    for t in report.tables():
        out += [(f"{t.key} title", t.title), (f"{t.key} note", t.note), (f"{t.key} as_of", t.as_of.basis)]
        out += [(f"{t.key} column {j}", c) for j, c in enumerate(t.columns)]
    for c in report.charts():
        out += [(f"{c.key} title", c.title), (f"{c.key} caption", c.caption)]
        spec = c.spec
        if isinstance(spec, Heatmap | Bars | Lines):
            out.append((f"{c.key} value_label", spec.value_label))
        if isinstance(spec, Heatmap):
            out += [(f"{c.key} legend", v) for v in spec.legend.values()]
        if isinstance(spec, Bars):  # bar series are levels, statuses, demand/supply: labels, not data
            out += [(f"{c.key} series", s.name) for s in spec.series]
    return [(w, x) for w, x in out if x]


def test_no_english_label_is_left_in_a_russian_or_kyrgyz_report(built: Built, built_en: Built) -> None:
    """Every label of the Russian and Kyrgyz reports (titles, sections, columns, notes, figure labels, chart
    titles, legends, what each data date is, who the report is for) differs from the English report's label
    in the same place, unless the catalogue writes that text the same in both languages."""
    if built.lang == "en":
        pytest.skip("the English reports are the reference")
    same = CATALOGUE["en"] & CATALOGUE[built.lang]  # texts written alike in both (none on purpose today)
    for name, report in built.reports.items():
        ours, english = _labels(report), _labels(built_en.reports[name])
        assert [w for w, _ in ours] == [w for w, _ in english], name  # the same report, label for label
        left = [(w, x) for (w, x), (_, en) in zip(ours, english, strict=True) if x == en and x not in same]
        assert not left, (name, left)


def test_rendered_pages_carry_no_english_page_furniture(built: Built) -> None:
    """The words the renderers themselves add ("Data as of", "Made for", "Dates of the data", "Headline
    figures", the Markdown footer, the XLSX header) are in the report's language, never English in a
    Russian or Kyrgyz file."""
    if built.lang == "en":
        pytest.skip("the English reports are the reference")
    keys = ("rep_data_as_of", "rep_made_for", "rep_generated", "rep_dates_heading", "rep_md_figures",
            "rep_md_footer", "rep_md_chart", "rep_md_rows", "rep_xlsx_figure", "rep_xlsx_value")  # fmt: skip
    english = [
        max(re.split(r"\{[^}]*\}", STRINGS["en"][k]), key=len).strip().rstrip(":").strip() for k in keys
    ]
    for name in built.reports:
        html = unescape((built.files / f"{name}.html").read_text(encoding="utf-8"))
        md = (built.files / f"{name}.md").read_text(encoding="utf-8").replace("\\", "")
        wb = openpyxl.load_workbook(built.files / f"{name}.xlsx")
        header = [str(c.value) for c in wb["summary"][HEADER_ROW]]
        for words in english:
            assert words not in html and words not in md, (name, words)
            assert words not in header, (name, words)


def test_numbers_and_dates_are_written_as_the_reader_writes_them(built: Built) -> None:
    """The portfolio's total budget (summed here from the register) reads 29,230,000-style in English and
    with no-break-space groups in Russian and Kyrgyz; project start dates are real date cells in the XLSX,
    shown ISO in English and DD.MM.YYYY in Russian and Kyrgyz, the same way in the Markdown table."""
    with (SAMPLE / "registers" / "project_portfolio.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    total = int(sum(float(r["budget_usd"]) for r in rows))
    shown = f"{total:,}" if built.lang == "en" else f"{total:,}".replace(",", "\u00a0")
    html = unescape((built.files / "portfolio.html").read_text(encoding="utf-8"))
    assert f'<div class="value">{shown}</div>' in html
    first = sorted(rows, key=lambda r: r["code"])[0]
    start = dt.date.fromisoformat(first["start"])
    written = start.isoformat() if built.lang == "en" else start.strftime("%d.%m.%Y")
    md = (built.files / "portfolio.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| {first['code']} \|.*\| {re.escape(written)} \|$", md, re.M)
    sheet = openpyxl.load_workbook(built.files / "portfolio.xlsx")["projects"]
    cell = sheet.cell(row=HEADER_ROW + 1, column=4)  # Start of the first project
    assert cell.value == dt.datetime.combine(start, dt.time())
    assert cell.number_format == ("yyyy-mm-dd" if built.lang == "en" else "dd.mm.yyyy")


# the source: no label written as an English literal ---------------------------------------------------
BUILDERS_AND_RENDERERS = ("model", "office", "expertise", "needs", "portfolio", "alignment", "learning",
                          "brief", "charts", "render_html", "render_md", "render_xlsx")  # fmt: skip
# English words in a string literal, once markup, CSS declarations and {placeholders} are taken out
_MARKUP = re.compile(r"<[^>]*>?|^[^<]*?>|\{[^}]*\}|[\w-]+=\"[^\"]*\"?|[\w-]+:[^;\"]*;")
_PROSE = re.compile(r"[A-Za-z][a-z]+ [a-z]{2,}|\b[A-Z][a-z]{2,}\b")


def english_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of the string literals in ``source`` that read as English words: docstrings and the
    values of module-level UPPER_CASE constants (CSS, CSP, role names from the registers) are not labels."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
    for stmt in tree.body:
        targets = (
            stmt.targets
            if isinstance(stmt, ast.Assign)
            else [stmt.target]
            if isinstance(stmt, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id.isupper() for t in targets):
            skip |= {id(n) for n in ast.walk(stmt)}
    out = []
    for node in ast.walk(tree):
        literal = isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
        if literal and _PROSE.search(_MARKUP.sub(" ", node.value)):  # type: ignore[attr-defined]
            out.append((node.lineno, node.value))  # type: ignore[attr-defined]
    return out


def test_the_scan_finds_english_labels_in_code() -> None:
    """The source scan flags labels written as literals, also inside markup and f-strings, and leaves
    markup, catalogue keys and docstrings alone."""
    flagged = english_literals(
        'def f(x):\n    """Docstring words here."""\n'
        "    a = f'<h2 class=\"x\">Dates of the data</h2>{x}'\n"
        '    b = Table("key", "Coverage", [tr("rep_col_area")])\n'
        '    c = f\'<rect x="{x}" fill="none"/>\'\n'
        '    return t("en", "rep_none")\n'
    )
    assert [text for _, text in flagged] == ['<h2 class="x">Dates of the data</h2>', "Coverage"]


def test_no_builder_or_renderer_writes_an_english_label() -> None:
    """No string literal in the report builders and renderers reads as an English label: every heading,
    column, chart label and sentence comes from core/messages.py."""
    found = {
        name: english_literals((REPO / "reports" / f"{name}.py").read_text(encoding="utf-8"))
        for name in BUILDERS_AND_RENDERERS
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_cli_writes_the_reports_in_the_language_asked(sample_settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`dtbot report portfolio --language ky` writes a Kyrgyz page (lang="ky", the Kyrgyz title); an unknown
    language is refused with exit code 2 and a one-line reason."""
    from tests.conftest import run_cli

    env = {"DTBOT_HOME": str(sample_settings.home), "DTBOT_EMBED_CACHE": str(sample_settings.embed_cache_path),
           "DTBOT_EMBED_THREADS": "1"}  # fmt: skip
    proc = run_cli("report", "portfolio", "--out", str(tmp_path), "--language", "ky", env=env)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "portfolio.html").read_text(encoding="utf-8")
    assert '<html lang="ky">' in html and f"<h1>{STRINGS['ky']['rep_title_portfolio']}</h1>" in html
    proc = run_cli("report", "portfolio", "--out", str(tmp_path / "de"), "--language", "de", env=env)
    assert proc.returncode == 2 and "--language" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "de").exists()
