"""Parsers: one real file per format written to tmp_path, plus every bad-input reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core.errors import ParseError
from ingest.parsers import SUPPORTED_SUFFIXES, parse_file
from ingest.parsers.registers import normalise_header
from ingest.parsers.sdg_commons import name_from_email
from ingest.parsers.text import detect_language

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


# ------------------------------------------------------------------ dispatch


def test_supported_suffixes_cover_all_formats():
    """SUPPORTED_SUFFIXES lists every suffix the dispatcher accepts."""
    assert {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx", ".csv", ".xlsx"} == set(
        SUPPORTED_SUFFIXES
    )


def test_unsupported_suffix_is_rejected(tmp_path):
    """An unknown suffix raises ParseError naming the suffix."""
    path = write(tmp_path, "slides.pptx", b"whatever")
    with pytest.raises(ParseError, match=r"unsupported file type \.pptx"):
        parse_file(path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("name", ["a.md", "b.txt", "c.pdf", "d.csv", "e.docx"])
def test_empty_file_is_rejected(tmp_path, name, content):
    """A 0-byte or whitespace-only file of any format raises ParseError('empty file')."""
    with pytest.raises(ParseError, match="^empty file$"):
        parse_file(write(tmp_path, name, content))


def test_suffix_match_is_case_insensitive(tmp_path):
    """`.MD` is parsed like `.md`."""
    doc = parse_file(write(tmp_path, "NOTES.MD", "# Notes\n\nBody text.\n"))
    assert doc.title == "Notes"


# ------------------------------------------------------------------ text + front matter


def test_txt_title_from_first_line_and_single_section(tmp_path):
    """A .txt file takes its first non-empty line as title and yields a [title] section."""
    doc = parse_file(write(tmp_path, "memo.txt", "\n\nDigital memo\n\nFirst paragraph.\n\n\n\nSecond.\n"))
    assert doc.title == "Digital memo"
    assert [s.path for s in doc.sections] == [["Digital memo"]]
    assert "First paragraph.\n\nSecond." in doc.sections[0].text
    assert doc.language == "en"


def test_txt_long_first_line_falls_back_to_stem(tmp_path):
    """A first line longer than 120 characters is not a title; the file stem is used."""
    doc = parse_file(write(tmp_path, "long_note.txt", "x " * 100 + "\nmore"))
    assert doc.title == "long_note"


def test_txt_utf8_bom_is_accepted(tmp_path):
    """A UTF-8 byte order mark is dropped, not kept in the title."""
    doc = parse_file(write(tmp_path, "bom.txt", "\ufeffTitle line\nbody".encode()))
    assert doc.title == "Title line"


def test_undecodable_text_reports_byte_and_offset(tmp_path):
    """Latin-1 bytes raise ParseError naming the bad byte and its offset."""
    path = write(tmp_path, "latin.txt", "Caf\u00e9 notes".encode("latin-1"))
    with pytest.raises(ParseError, match=r"not valid UTF-8 text \(byte 0xe9 at offset 3\)"):
        parse_file(path)


def test_front_matter_fields_and_extra_metadata(tmp_path):
    """Front matter sets doc_type/title/language/date/access/url; other keys go to metadata."""
    text = (
        "---\n"
        "doc_type: roadmap\n"
        "title: Digital Transformation Roadmap\n"
        "language: EN\n"
        "date: 2024-03-01\n"
        "url: https://example.org/roadmap\n"
        "country: Kyrgyzstan\n"
        "tags: [digital, gov]\n"
        "reviewed: 2024-05-02\n"
        "---\n"
        "# Something else\n\nBody.\n"
    )
    doc = parse_file(write(tmp_path, "roadmap.md", text))
    assert doc.doc_type == "roadmap"
    assert doc.title == "Digital Transformation Roadmap"
    assert doc.language == "en"
    assert doc.date == "2024-03-01"
    assert doc.access == "staff"  # release 0.1's "internal" is the staff level
    assert doc.url == "https://example.org/roadmap"
    assert doc.metadata == {"country": "Kyrgyzstan", "tags": ["digital", "gov"], "reviewed": "2024-05-02"}
    assert doc.sections[0].path == ["Something else"]


def test_front_matter_access_and_txt_title(tmp_path):
    """Front matter works on .txt too and overrides the first-line title and the access level (release
    0.1's "restricted" is the admin-only level)."""
    text = "---\ntitle: Staff policy\naccess: Restricted\ndoc_type: policy\n---\nFirst line\nBody\n"
    doc = parse_file(write(tmp_path, "policy.txt", text))
    assert (doc.title, doc.access, doc.doc_type) == ("Staff policy", "admin", "policy")


def test_front_matter_invalid_yaml_reports_line(tmp_path):
    """Broken YAML in front matter raises ParseError with the file line of the problem."""
    text = "---\ntitle: ok\ndoc_type: [unclosed\n---\nBody\n"
    with pytest.raises(ParseError, match=r"invalid YAML front matter at line \d+"):
        parse_file(write(tmp_path, "bad.md", text))


def test_front_matter_invalid_doc_type_lists_allowed(tmp_path):
    """An unknown doc_type raises ParseError listing the allowed values."""
    text = "---\ndoc_type: memo\n---\nBody\n"
    with pytest.raises(ParseError, match=r"invalid doc_type 'memo'.*allowed: strategy, roadmap, project"):
        parse_file(write(tmp_path, "bad.md", text))


def test_front_matter_invalid_date(tmp_path):
    """A date that is not YYYY[-MM[-DD]] raises ParseError."""
    text = "---\ndate: next spring\n---\nBody\n"
    with pytest.raises(ParseError, match="invalid date"):
        parse_file(write(tmp_path, "bad.txt", text))


def test_front_matter_only_is_no_content(tmp_path):
    """A Markdown file with front matter but no body raises ParseError."""
    with pytest.raises(ParseError, match="no text content"):
        parse_file(write(tmp_path, "fm.md", "---\ntitle: x\n---\n\n"))


def test_unclosed_front_matter_is_plain_text(tmp_path):
    """A leading '---' without a closing line is treated as text, not front matter."""
    doc = parse_file(write(tmp_path, "rule.md", "---\nJust text after a rule.\n"))
    assert "Just text after a rule." in doc.sections[0].text


# ------------------------------------------------------------------ markdown


def test_markdown_heading_trail_and_title(tmp_path):
    """Sections follow headings; paths are heading trails; empty sections are skipped."""
    text = (
        "# UNDP Digital Strategy\n\nIntro paragraph.\n\n"
        "## Pillar 1: Digital UNDP\n\n"
        "### Data\n\nData text.\n\n"
        "## Pillar 2: Digital ecosystems\n\nEcosystems text.\n\n"
        "```\n# not a heading\n```\n"
    )
    doc = parse_file(write(tmp_path, "strategy.md", text))
    assert doc.title == "UNDP Digital Strategy"
    assert [s.path for s in doc.sections] == [
        ["UNDP Digital Strategy"],
        ["UNDP Digital Strategy", "Pillar 1: Digital UNDP", "Data"],
        ["UNDP Digital Strategy", "Pillar 2: Digital ecosystems"],
    ]
    assert "# not a heading" in doc.sections[-1].text
    assert doc.doc_type == "other"


def test_markdown_without_h1_uses_stem_and_prefixes_paths(tmp_path):
    """Without a level-1 heading the stem is the title and every path starts with it."""
    doc = parse_file(write(tmp_path, "meeting_notes.md", "Preamble.\n\n## Decisions\n\nShip it.\n"))
    assert doc.title == "meeting_notes"
    assert [s.path for s in doc.sections] == [["meeting_notes"], ["meeting_notes", "Decisions"]]


def test_markdown_headings_only_is_no_content(tmp_path):
    """A Markdown file of headings without any body raises ParseError."""
    with pytest.raises(ParseError, match="no text content"):
        parse_file(write(tmp_path, "h.md", "# A\n## B\n"))


def test_language_heuristic():
    """Cyrillic text is ru, Cyrillic with frequent ң ө ү is ky, anything else en."""
    assert detect_language("Цифровая трансформация государственных услуг") == "ru"
    assert detect_language("Өнүгүү үчүн санариптик өзгөрүү, мамлекеттик кызматтар көңүл") == "ky"
    assert detect_language("Digital transformation of public services") == "en"
    assert detect_language("12345 !!!") == "en"


def test_markdown_detects_russian(tmp_path):
    """A Russian Markdown document gets language 'ru'."""
    doc = parse_file(write(tmp_path, "ru.md", "# Стратегия\n\nЦифровая трансформация в Кыргызстане.\n"))
    assert doc.language == "ru"


# ------------------------------------------------------------------ SDG Commons

LEARNING_PLAN = """# 1. Strengthening Community of Practice

[[focal_point:Viktoriia.Petrova@undp.org]]

[[year:2023]]

[[type:learningplan]]

[[methods:Design Thinking]]
[[methods:Co-creation]]
[[methods:Co-creation]]
[[sdgs:9. Industry, innovation and infrastructure]]
[[country:Kyrgyzstan]]
[[latlng:41.46,74.54]]
## Title
****

> Please provide a name for your action learning plan.



Creative economy platform
## Learnings on your challenge

> What are the top key insights?

1\\. Community of practice builds partnerships\\.

> Can you provide more detail on your handover process?



## Partners

<div class="group">


> Please state the name of the partner:

Association of Creative Industries


</div>

<div class="group">


> What sector does your partner belong to?


</div>
"""

STORY = """[[ai_summary:Ali, Head of Experimentation, discussed a partnership model.

It used AB testing.]]
[[audio:https://example\\.org/lab\\-interviews/SDN\\.mp3]]

[[continent:Africa]]
[[country:Sudan]]
[[type:story]]

# Sudan's Partnership Model

### [[0:07]] Tell me your full name\\.

My name is Ali\\.

### [[11:34\\]\\]What was the first step?

[[principles:Collaboration]]
[[tools:Design]]
We needed to understand the system\\.
"""


def test_sdg_commons_learningplan_metadata_people_and_sections(tmp_path):
    """A learning plan: tags → metadata, focal point → person + link, ## Title → title, noise dropped."""
    doc = parse_file(write(tmp_path, "alp.md", LEARNING_PLAN))
    assert doc.title == "Creative economy platform"
    assert doc.doc_type == "learningplan"
    assert doc.metadata["year"] == 2023
    assert doc.metadata["type"] == "learningplan"
    assert doc.metadata["methods"] == ["Design Thinking", "Co-creation"]
    assert doc.metadata["sdgs"] == ["9. Industry, innovation and infrastructure"]
    assert doc.metadata["country"] == "Kyrgyzstan"
    assert doc.metadata["countries"] == ["Kyrgyzstan"]
    assert doc.metadata["latlng"] == "41.46,74.54"
    assert doc.metadata["focal_point"] == ["viktoriia.petrova@undp.org"]
    assert [(p.email, p.name) for p in doc.people] == [("viktoriia.petrova@undp.org", "Viktoriia Petrova")]
    assert [(lk.person_key, lk.role, lk.project_code) for lk in doc.links] == [
        ("viktoriia.petrova@undp.org", "focal point", None)
    ]
    paths = [s.path[-1] for s in doc.sections]
    assert paths == ["Title", "Learnings on your challenge", "Partners"]
    assert all(s.path[0] == "1. Strengthening Community of Practice" for s in doc.sections)
    full = "\n".join(s.text for s in doc.sections)
    assert "[[" not in full and "<div" not in full and "****" not in full
    assert "1. Community of practice builds partnerships." in full
    assert "handover process" not in full  # unanswered prompt dropped
    assert "What sector" not in full
    assert "Association of Creative Industries" in full


def test_sdg_commons_story_summary_timestamps_and_escapes(tmp_path):
    """A story: multi-line ai_summary becomes the first 'Summary' section; timestamps and escapes go."""
    doc = parse_file(write(tmp_path, "Experimenter_SDN.md", STORY))
    assert doc.doc_type == "story"
    assert doc.title == "Sudan's Partnership Model"
    assert doc.sections[0].path == ["Summary"]
    assert doc.sections[0].text.endswith("It used AB testing.")
    assert doc.metadata["audio"] == "https://example.org/lab-interviews/SDN.mp3"
    assert doc.metadata["principles"] == ["Collaboration"]
    assert doc.metadata["tools"] == ["Design"]
    assert doc.metadata["continent"] == "Africa"
    assert [s.path for s in doc.sections[1:]] == [
        ["Sudan's Partnership Model", "Tell me your full name."],
        ["Sudan's Partnership Model", "What was the first step?"],
    ]
    assert doc.sections[1].text == "My name is Ali."
    assert doc.sections[2].text == "We needed to understand the system."
    assert doc.people == [] and doc.links == []


def test_unknown_double_bracket_lines_stay_markdown(tmp_path):
    """Lines like [[https://…]] or [[Wiki Page]] do not switch a Markdown file to the SDG Commons parser."""
    doc = parse_file(write(tmp_path, "wiki.md", "# Wiki\n\n[[https://example.org]]\n[[Other Page]]\n"))
    assert "[[https://example.org]]" in doc.sections[0].text
    assert doc.people == [] and "type" not in doc.metadata


def test_sdg_commons_front_matter_overrides_doc_type(tmp_path):
    """Front matter doc_type wins over the [[type:…]] tag."""
    text = "---\ndoc_type: project\n---\n# Page\n\n[[type:solution]]\n\nSome text.\n"
    doc = parse_file(write(tmp_path, "page.md", text))
    assert doc.doc_type == "project"
    assert doc.metadata["type"] == "solution"


def test_sdg_commons_blog_date_and_source(tmp_path):
    """A blog's [[date:MONTH D, YYYY]] becomes an ISO date and [[source:…]] the url; other type is 'other'."""
    text = (
        "# Blog post\n\n[[type:blog]]\n\n[[source:https://www.undp.org/x]]\n\n"
        "[[year:2022]]\n\n[[date:NOVEMBER 9, 2022]]\n\nText.\n"
    )
    doc = parse_file(write(tmp_path, "blog.md", text))
    assert (doc.doc_type, doc.date, doc.url) == ("other", "2022-11-09", "https://www.undp.org/x")


def test_sdg_commons_only_tags_is_no_content(tmp_path):
    """A page whose only content is tags and an image raises ParseError."""
    text = "[[type:solution]]\n[[country:Niger]]\n\n![Missing alt text](https://x/y.png)\n"
    with pytest.raises(ParseError, match="only metadata tags"):
        parse_file(write(tmp_path, "s.md", text))


def test_name_from_email():
    """Names are derived from the email local part."""
    assert name_from_email("viktoriia.petrova@undp.org") == "Viktoriia Petrova"
    assert name_from_email("urmat_takirov2@undp.org") == "Urmat Takirov2"


def test_real_sdg_commons_files_parse():
    """A few real SDG Commons pages (Kyrgyzstan ALP + a story) parse with titles, tags and focal points."""
    base = SHARED_DATA / "sdg_commons"
    if not base.is_dir():
        pytest.skip("shared data folder absent")
    alp = parse_file(
        base / "kyrgyzstan" / "support_designing_undp_kyrgyzstan_digital_transformation_roadmap.md"
    )
    assert alp.doc_type == "learningplan"
    assert alp.title == "Support Digital Transformation in Kyrgyzstan"
    assert alp.metadata["country"] == "Kyrgyzstan"
    assert "digital transformation" in alp.metadata["thematic_areas"]
    assert alp.people[0].email == "viktoriia.petrova@undp.org"
    assert all("[[" not in s.text for s in alp.sections)

    story = parse_file(base / "stories" / "Explorers_GHA.md")  # multi-line ai_summary
    assert story.doc_type == "story"
    assert story.sections[0].path == ["Summary"]
    assert "Ghana Enterprise Agency" in story.sections[0].text
    assert story.metadata["country"] == "Ghana"

    for path in sorted((base / "kyrgyzstan").glob("*.md"))[:15]:
        doc = parse_file(path)
        assert doc.sections and doc.title


# ------------------------------------------------------------------ HTML


def test_html_title_sections_and_dropped_noise(tmp_path):
    """HTML: <title> is the title, h1–h3 cut sections, script/style/nav are dropped, tables kept."""
    html = """<!doctype html><html lang="ru-KG"><head><title>Portal guide</title>
    <style>p {color: red}</style><script>var secret = 1;</script></head>
    <body><nav>Home | About</nav>
    <h1>Guide</h1><p>Intro <b>bold</b> text.</p>
    <h2>Access</h2><p>Log in first.</p><table><tr><td>a</td><td>b</td></tr></table>
    <h3>Roles</h3><ul><li>Admin</li><li>User</li></ul>
    </body></html>"""
    doc = parse_file(write(tmp_path, "guide.html", html))
    assert doc.title == "Portal guide"
    assert doc.language == "ru"
    assert [s.path for s in doc.sections] == [["Guide"], ["Guide", "Access"], ["Guide", "Access", "Roles"]]
    assert doc.sections[0].text == "Intro bold text."
    assert "a | b" in doc.sections[1].text
    full = " ".join(s.text for s in doc.sections)
    assert "secret" not in full and "color" not in full and "About" not in full


def test_html_title_from_h1_when_no_title_tag(tmp_path):
    """Without <title>, the first h1 is the title."""
    doc = parse_file(write(tmp_path, "page.htm", "<h1>Heading One</h1><p>Body</p>"))
    assert doc.title == "Heading One"


def test_html_without_text_is_rejected(tmp_path):
    """An HTML page with no visible text raises ParseError."""
    with pytest.raises(ParseError, match="no text content"):
        parse_file(write(tmp_path, "blank.html", "<html><script>x()</script></html>"))


# ------------------------------------------------------------------ PDF


def test_pdf_pages_become_sections_with_metadata_title(tmp_path):
    """Each PDF page is a section [title, 'page n'] with page=n; /Title metadata is the title."""
    data = make_pdf([["Roadmap overview", "Goals for 2025"], ["Second page text"]], title="Digital Roadmap")
    doc = parse_file(write(tmp_path, "roadmap.pdf", data))
    assert doc.title == "Digital Roadmap"
    assert [(s.path, s.page) for s in doc.sections] == [
        (["Digital Roadmap", "page 1"], 1),
        (["Digital Roadmap", "page 2"], 2),
    ]
    assert "Goals for 2025" in doc.sections[0].text
    assert doc.metadata["pages"] == 2


def test_pdf_title_falls_back_to_first_line(tmp_path):
    """Without /Title metadata the first line of page 1 is the title."""
    doc = parse_file(write(tmp_path, "x.pdf", make_pdf([["Annual Report 2024", "body"]])))
    assert doc.title == "Annual Report 2024"


def test_pdf_encrypted_with_password_is_rejected(tmp_path):
    """A password-protected PDF raises ParseError('encrypted PDF (password protected)')."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["secret"]]))))
    writer.encrypt("s3cret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(ParseError, match=r"^encrypted PDF \(password protected\)$"):
        parse_file(write(tmp_path, "locked.pdf", buf.getvalue()))


def test_pdf_encrypted_with_empty_password_is_read(tmp_path):
    """A PDF encrypted with an empty user password is decrypted and parsed."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Open content"]]))))
    writer.encrypt("", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    doc = parse_file(write(tmp_path, "open.pdf", buf.getvalue()))
    assert "Open content" in doc.sections[0].text


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"%PDF-1.4\n%garbage", "Stream has ended"), (b"not a pdf at all", "no %PDF header")],
)
def test_pdf_corrupt_is_rejected(tmp_path, data, reason):
    """Garbage bytes with a .pdf suffix raise ParseError('corrupt PDF: <reason>')."""
    with pytest.raises(ParseError, match=f"^corrupt PDF: {reason}"):
        parse_file(write(tmp_path, "bad.pdf", data))


def test_pdf_truncated_is_rejected(tmp_path):
    """A PDF truncated to its first third raises ParseError('corrupt PDF: …')."""
    data = make_pdf([["Some text here"]])
    with pytest.raises(ParseError, match="^corrupt PDF: "):
        parse_file(write(tmp_path, "cut.pdf", data[: len(data) // 3]))


def test_pdf_without_text_layer_is_rejected(tmp_path):
    """A PDF of drawings only raises ParseError('PDF has no text layer (scanned image?)')."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.rect(100, 100, 200, 200, fill=1)
    pdf.showPage()
    pdf.save()
    with pytest.raises(ParseError, match=r"^PDF has no text layer \(scanned image\?\)$"):
        parse_file(write(tmp_path, "scan.pdf", buf.getvalue()))


# ------------------------------------------------------------------ DOCX


def make_docx(core_title: str | None = None, with_title_par: bool = True) -> bytes:
    document = docx.Document()
    if core_title:
        document.core_properties.title = core_title
    if with_title_par:
        document.add_paragraph("Country Programme", style="Title")
    document.add_paragraph("Opening words.")
    document.add_heading("Outcome 1", level=1)
    document.add_paragraph("Governance text.")
    document.add_heading("Output 1.1", level=2)
    document.add_paragraph("E-services.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["Indicator", "Target"], ["Services online", "80%"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Outcome 2", level=1)
    document.add_paragraph("Climate text.")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_heading_trail_tables_and_title_paragraph(tmp_path):
    """DOCX: Title paragraph is the title, Heading 1–3 build paths, tables become 'a | b' lines."""
    doc = parse_file(write(tmp_path, "cpd.docx", make_docx()))
    assert doc.title == "Country Programme"
    assert [s.path for s in doc.sections] == [
        ["Country Programme"],
        ["Country Programme", "Outcome 1"],
        ["Country Programme", "Outcome 1", "Output 1.1"],
        ["Country Programme", "Outcome 2"],
    ]
    assert "Indicator | Target\nServices online | 80%" in doc.sections[2].text


def test_docx_core_title_wins(tmp_path):
    """core_properties.title is preferred over the Title paragraph."""
    doc = parse_file(write(tmp_path, "cpd.docx", make_docx(core_title="CPD 2023-2027")))
    assert doc.title == "CPD 2023-2027"
    assert doc.sections[1].path == ["CPD 2023-2027", "Outcome 1"]


def test_docx_title_from_first_heading(tmp_path):
    """Without a core title or Title paragraph, the first heading is the title."""
    doc = parse_file(write(tmp_path, "cpd.docx", make_docx(with_title_par=False)))
    assert doc.title == "Outcome 1"
    assert doc.sections[1].path == ["Outcome 1"]


def test_docx_not_a_zip_is_rejected(tmp_path):
    """Plain bytes named .docx raise ParseError('not a valid DOCX file: …')."""
    with pytest.raises(ParseError, match="^not a valid DOCX file: not a zip archive"):
        parse_file(write(tmp_path, "x.docx", b"hello, not a docx"))


def test_docx_zip_without_document_is_rejected(tmp_path):
    """A zip that is not a Word package raises ParseError('not a valid DOCX file: …')."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ParseError, match="^not a valid DOCX file: "):
        parse_file(write(tmp_path, "x.docx", buf.getvalue()))


# ------------------------------------------------------------------ registers

STAFF_HEADER = "name,email,title,unit,languages,expertise,bio,telegram,phone,projects"
PROJECT_HEADER = (
    "code,title,status,start,end,budget_usd,partners,digital_components,sdgs,thematic_areas,"
    "summary,strategy_refs,lead,team"
)


def test_normalise_header():
    """Headers are stripped, lower-cased and spaces/hyphens collapse to '_'."""
    assert normalise_header(" E-mail ") == "e_mail"
    assert normalise_header("Digital  Components") == "digital_components"


def test_staff_register_records_links_and_profile_section(tmp_path):
    """A staff CSV yields people, project links and one atomic profile section per person."""
    csv_text = (
        STAFF_HEADER + "\n"
        'Aida Bekova,Aida.Bekova@undp.org,Data Analyst,Digital Team,"English; Russian, Kyrgyz",'
        "GIS:advanced;Python;Data visualisation:Intermediate,Maps things.,@aida_b,+996 555 000,"
        "KGZ-001:lead;KGZ-002\n"
    )
    doc = parse_file(write(tmp_path, "staff_expertise.csv", csv_text))
    assert doc.title == "Staff expertise register"
    assert doc.doc_type == "register"
    assert doc.metadata["register"] == "staff"
    assert doc.metadata["row_warnings"] == []
    (person,) = doc.people
    assert person.email == "aida.bekova@undp.org"
    assert person.languages == ["English", "Russian", "Kyrgyz"]
    assert person.expertise == {"GIS": "advanced", "Python": None, "Data visualisation": "intermediate"}
    assert (person.telegram, person.phone, person.unit) == ("@aida_b", "+996 555 000", "Digital Team")
    assert [(lk.person_key, lk.role, lk.project_code) for lk in doc.links] == [
        ("aida.bekova@undp.org", "lead", "KGZ-001"),
        ("aida.bekova@undp.org", "member", "KGZ-002"),
    ]
    (section,) = doc.sections
    assert section.atomic
    assert section.path == ["Staff expertise register", "Aida Bekova"]
    assert section.metadata == {"person": "aida.bekova@undp.org", "unit": "Digital Team", "kind": "person"}
    assert section.text.startswith("Aida Bekova — Data Analyst, Digital Team.")
    assert "GIS (advanced), Python, Data visualisation (intermediate)" in section.text
    assert "Projects: KGZ-001 (lead), KGZ-002 (member)." in section.text
    assert "Contact: aida.bekova@undp.org, @aida_b." in section.text


def test_staff_register_header_variants_semicolons_and_bom(tmp_path):
    """Header case/spacing/alias variants, a BOM and ';' delimiters are accepted."""
    csv_text = "\ufeff Full Name ;E-Mail;Position;Department;Skills\nBo Li;bo@undp.org;Lead;ICT;GIS:basic\n"
    doc = parse_file(write(tmp_path, "people.csv", csv_text))
    (person,) = doc.people
    assert (person.name, person.email, person.title, person.unit) == ("Bo Li", "bo@undp.org", "Lead", "ICT")
    assert person.expertise == {"GIS": "basic"}
    assert doc.title == "People register"


def test_staff_register_tab_delimited(tmp_path):
    """Tab-separated registers are sniffed."""
    doc = parse_file(write(tmp_path, "t.csv", "name\temail\nAna\tana@undp.org\n"))
    assert doc.people[0].email == "ana@undp.org"


def test_register_row_warnings_and_skips(tmp_path):
    """Rows with blank required values, bad or duplicate emails are skipped with 'row N: …' warnings."""
    csv_text = (
        "name,email\n"
        "Ana,ana@undp.org\n"
        ",\n"  # blank row: ignored silently
        "Bob,\n"
        ",carl@undp.org\n"
        "Dan,not-an-email\n"
        "Ana Again,ANA@undp.org\n"
    )
    doc = parse_file(write(tmp_path, "staff.csv", csv_text))
    assert [p.name for p in doc.people] == ["Ana"]
    assert doc.metadata["row_warnings"] == [
        "row 4: missing email",
        "row 5: missing name",
        "row 6: invalid email 'not-an-email'",
        "row 7: duplicate email ana@undp.org (kept row 2)",
    ]


def test_register_no_valid_rows(tmp_path):
    """A register whose rows all lack required values raises ParseError('no valid rows …')."""
    with pytest.raises(ParseError, match="^no valid rows"):
        parse_file(write(tmp_path, "staff.csv", "name,email\nAna,\n"))


def test_register_header_only_has_no_valid_rows(tmp_path):
    """A register with a header and no data rows raises ParseError('no valid rows')."""
    with pytest.raises(ParseError, match="^no valid rows$"):
        parse_file(write(tmp_path, "staff.csv", "name,email\n"))


def test_register_missing_required_column(tmp_path):
    """A staff register without an email column names the missing column and the found ones."""
    with pytest.raises(ParseError, match=r"^missing required columns: email \(found: Name, Title, Unit\)$"):
        parse_file(write(tmp_path, "staff.csv", "Name,Title,Unit\nAna,Analyst,ICT\n"))


def test_project_register_missing_title_column(tmp_path):
    """A project register without a title column is reported as missing 'title'."""
    with pytest.raises(ParseError, match=r"^missing required columns: title \(found: code, status\)$"):
        parse_file(write(tmp_path, "projects.csv", "code,status\nKGZ-1,active\n"))


def test_unrecognised_register(tmp_path):
    """Columns matching neither kind raise ParseError listing the needed and found columns."""
    with pytest.raises(
        ParseError, match=r"^unrecognised register: needs columns name\+email .*found: a, b, c$"
    ):
        parse_file(write(tmp_path, "things.csv", "a,b,c\n1,2,3\n"))


def test_register_not_utf8(tmp_path):
    """A CSV saved in a legacy encoding raises the UTF-8 ParseError."""
    data = "name,email\nJos\u00e9,jose@undp.org\n".encode("latin-1")
    with pytest.raises(ParseError, match="not valid UTF-8 text"):
        parse_file(write(tmp_path, "staff.csv", data))


def test_project_register_records_links_and_section(tmp_path):
    """A project CSV yields ProjectRecords, lead/team links and atomic project sections; donors merge."""
    csv_text = (
        PROJECT_HEADER + ",donors\n"
        'KGZ-001,Tunduk e-services,Active,2023-01-15,31.12.2025,"$1,200,000",Ministry of Digital Development;'
        "EU,e-government;GIS,SDG 9;SDG 16,governance,Citizen services online.,Digital Strategy pillar 2,"
        "Aida.Bekova@undp.org,bo@undp.org:analyst;carl@undp.org,EU;Japan\n"
        "KGZ-002,Small pilot,,,,lots,,,,,,,,\n"
    )
    doc = parse_file(write(tmp_path, "project_portfolio.csv", csv_text))
    assert doc.metadata["register"] == "projects"
    assert doc.title == "Project portfolio register"
    first, second = doc.projects
    assert first.code == "KGZ-001" and first.status == "active"
    assert (first.start, first.end, first.budget_usd) == ("2023-01-15", "2025-12-31", 1_200_000.0)
    assert first.partners == ["Ministry of Digital Development", "EU", "Japan"]
    assert first.digital_components == ["e-government", "GIS"]
    assert first.sdgs == ["SDG 9", "SDG 16"]
    assert first.strategy_refs == ["Digital Strategy pillar 2"]
    assert second.budget_usd is None
    assert doc.metadata["row_warnings"] == ["row 3: invalid budget_usd 'lots' (ignored)"]
    assert [(lk.person_key, lk.role, lk.project_code) for lk in doc.links] == [
        ("aida.bekova@undp.org", "lead", "KGZ-001"),
        ("bo@undp.org", "analyst", "KGZ-001"),
        ("carl@undp.org", "member", "KGZ-001"),
    ]
    section = doc.sections[0]
    assert section.atomic
    assert section.metadata == {"project": "KGZ-001", "status": "active", "kind": "project"}
    assert section.path[0] == "Project portfolio register"
    for fragment in ("Tunduk e-services (KGZ-001)", "2023-01-15 to 2025-12-31", "Partners: Ministry",
                     "SDGs: SDG 9, SDG 16", "Citizen services online.", "Strategy alignment: Digital",
                     "Lead: aida.bekova@undp.org"):  # fmt: skip
        assert fragment in section.text
    assert doc.sections[1].metadata == {"project": "KGZ-002", "kind": "project"}


def test_xlsx_staff_register_header_after_blank_rows(tmp_path):
    """XLSX: first sheet, header = first non-empty row, numbers and blanks handled."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])
    sheet.append(["Full Name", "E-mail", "Phone", "Projects"])
    sheet.append(["Aida Bekova", "aida@undp.org", 996555000, "KGZ-001"])
    sheet.append([None, None, None, None])
    sheet.append(["No Mail", None, None, None])
    workbook.create_sheet("Ignored").append(["code", "title"])
    buf = io.BytesIO()
    workbook.save(buf)
    doc = parse_file(write(tmp_path, "Staff.XLSX", buf.getvalue()))
    (person,) = doc.people
    assert (person.name, person.email, person.phone) == ("Aida Bekova", "aida@undp.org", "996555000")
    assert doc.links[0].project_code == "KGZ-001" and doc.links[0].role == "member"
    assert doc.metadata["row_warnings"] == ["row 5: missing email"]


def test_xlsx_corrupt_is_rejected(tmp_path):
    """Non-zip bytes named .xlsx raise ParseError('not a valid XLSX file: …')."""
    with pytest.raises(ParseError, match="^not a valid XLSX file"):
        parse_file(write(tmp_path, "x.xlsx", b"definitely not a workbook"))
