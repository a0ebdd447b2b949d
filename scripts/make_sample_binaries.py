#!/usr/bin/env python3
"""Generate the binary sample documents in data/sample/reports/.

Creates:
  data/sample/reports/cybersecurity_assessment_2025.docx  (python-docx)
  data/sample/reports/gis_early_warning_brief.pdf         (reportlab)

All content is fictional and written for dtbot. Re-run to regenerate:
    .venv/bin/python scripts/make_sample_binaries.py
"""

from __future__ import annotations

from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / "data" / "sample" / "reports"


# --------------------------------------------------------------------------- DOCX
def make_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    core = doc.core_properties
    core.title = "Public Sector Cybersecurity Readiness Assessment 2025"
    core.author = "Nurlan Abdykalykov"
    core.subject = "KGZ-DIG-006 Public Sector Cybersecurity Capacity"

    doc.add_heading("Public Sector Cybersecurity Readiness Assessment 2025", level=0)
    doc.add_paragraph(
        "UNDP Kyrgyzstan — project KGZ-DIG-006 Public Sector Cybersecurity Capacity. "
        "Lead author: Nurlan Abdykalykov (nurlan.abdykalykov@undp.org), Cybersecurity Specialist. "
        "Contributors: Kairat Zhakypov (cloud and infrastructure), Ermek Kadyrov (architecture reviews), "
        "Tilek Baiturov (awareness training data). Date: November 2025. Fictional sample document."
    )

    doc.add_heading("1. Summary", level=1)
    doc.add_paragraph(
        "This assessment looks at how ready state bodies of the Kyrgyz Republic are to prevent, detect and "
        "respond to cyber incidents. It covers 22 ministries and agencies, including those connected to the "
        "Tunduk interoperability platform. Overall readiness is rated 'developing' (level 2 of 5). Strong points "
        "are the existence of a government CERT and wide participation in cyber hygiene training; weak points "
        "are asset inventories, patch management, backup testing and the lack of dedicated security staff in "
        "most agencies."
    )
    doc.add_paragraph(
        "The assessment was carried out between June and October 2025 through a self-assessment questionnaire, "
        "on-site interviews, technical reviews of 14 information systems and a simulated phishing exercise "
        "with 900 civil servants."
    )

    doc.add_heading("2. Findings", level=1)
    doc.add_heading("2.1 Governance and policies", level=2)
    doc.add_paragraph(
        "Only 7 of 22 institutions have an approved information security policy, and only 4 have a named "
        "information security officer with this as the main job. Security responsibilities are usually added "
        "to the duties of a single system administrator. Incident reporting to the government CERT is "
        "voluntary in practice."
    )
    doc.add_heading("2.2 Technical controls", level=2)
    doc.add_paragraph(
        "Tunduk security servers reviewed were generally well configured, with signed and logged message "
        "exchange, but several agency systems behind them used outdated operating systems. Multi-factor "
        "authentication is in place for administrators in only 5 institutions. Backups exist in most places but "
        "restore tests had not been performed in the past year in 15 institutions."
    )
    doc.add_heading("2.3 People and awareness", level=2)
    doc.add_paragraph(
        "In the simulated phishing exercise, 27% of recipients clicked the link and 9% entered credentials. "
        "Staff who had completed the project's cyber hygiene course clicked about half as often as others. "
        "More than 1,500 civil servants have now completed the course in Kyrgyz or Russian."
    )
    doc.add_heading("2.4 Incident response", level=2)
    doc.add_paragraph(
        "The government CERT handled 310 reported incidents in 2024, most of them phishing and malware. "
        "Playbooks developed with UNDP support for phishing, ransomware and data leaks were tested in two "
        "table-top exercises. Coordination with the election authorities was tested before the 2024 local "
        "elections together with project KGZ-DIG-011."
    )

    doc.add_heading("3. Readiness scores by domain", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    hdr = table.rows[0].cells
    hdr[0].text, hdr[1].text, hdr[2].text = "Domain", "Score (1-5)", "Comment"
    rows = [
        ("Governance and policies", "1.8", "Few approved policies; no dedicated staff"),
        ("Asset and risk management", "1.6", "Incomplete inventories of systems and data"),
        ("Technical controls", "2.4", "Tunduk servers sound; legacy systems behind them"),
        ("Awareness and training", "2.9", "Broad training coverage; phishing still effective"),
        ("Incident response", "2.6", "CERT functional; reporting not systematic"),
        ("Data protection", "2.0", "Links to the planned project KGZ-DIG-015"),
    ]
    for d, s, c in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = d, s, c

    doc.add_heading("4. Recommendations", level=1)
    for rec in (
        "Make incident reporting to the government CERT mandatory for all Tunduk members.",
        "Appoint a dedicated information security officer in every ministry, starting with those holding registries.",
        "Introduce multi-factor authentication for all administrator and remote access accounts by end of 2026.",
        "Run restore tests of backups twice a year and report results to the Ministry of Digital Development.",
        "Continue cyber hygiene training with repeated phishing simulations; add a module on social engineering by phone.",
        "Coordinate with the personal data protection project (KGZ-DIG-015) on data breach notification rules.",
    ):
        doc.add_paragraph(rec, style="List Bullet")

    doc.add_heading("5. Contacts", level=1)
    doc.add_paragraph(
        "Nurlan Abdykalykov, lead author — nurlan.abdykalykov@undp.org. "
        "Kairat Zhakypov, cloud and infrastructure — kairat.zhakypov@undp.org."
    )
    doc.save(path)


# --------------------------------------------------------------------------- PDF
def make_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    h1, h2, body = styles["Heading1"], styles["Heading2"], styles["BodyText"]
    body.leading = 15

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title="GIS and Early Warning for Disaster Risk — Policy Brief",
        author="Bakyt Osmonov",
        subject="KGZ-DIG-004 GIS-based Disaster Risk Mapping and Early Warning",
    )

    def P(text: str, style=body):
        return Paragraph(text, style)

    story = [
        P("GIS and Early Warning for Disaster Risk in Southern Kyrgyzstan", styles["Title"]),
        P(
            "Policy brief — project KGZ-DIG-004 GIS-based Disaster Risk Mapping and Early Warning. UNDP Kyrgyzstan, "
            "September 2025. Authors: Bakyt Osmonov (project lead, bakyt.osmonov@undp.org) and Maksat Usenov "
            "(early warning, maksat.usenov@undp.org), with field data by Almaz Toktogulov and modelling by "
            "Daniyar Alymkulov. Fictional sample document."
        ),
        Spacer(1, 8),
        P("1. Why this matters", h1),
        P(
            "Mudflows, landslides and floods affect hundreds of villages in Osh, Jalal-Abad and Batken regions every "
            "spring. Glacier melt is increasing the number of glacial lakes that can burst without much warning. "
            "Until recently, risk information was scattered across paper maps held by different agencies, and "
            "warnings reached villages late, often by phone calls from district officials."
        ),
        P(
            "The project, funded by Switzerland (SDC) and implemented with the Ministry of Emergency Situations, "
            "Kyrgyzhydromet and local municipalities, brings risk data and warnings together in one digital chain: "
            "from satellite and sensor observation, through a shared GIS risk atlas, to alerts received by people "
            "on their phones."
        ),
        P("2. The multi-hazard GIS risk atlas", h1),
        P("2.1 What is in the atlas", h2),
        P(
            "The atlas combines elevation models, geology, land cover, rainfall records, historical event "
            "inventories and the location of houses, schools, clinics and roads. It covers 1,450 settlements. "
            "Layers are maintained in an open-source GIS stack (QGIS and PostGIS) hosted by the Ministry of "
            "Emergency Situations, so that the ministry can update them without licence costs."
        ),
        P("2.2 Satellite and machine learning", h2),
        P(
            "Sentinel-1 radar and Sentinel-2 optical imagery are used to detect new landslide scars and changes "
            "in glacial lakes. A susceptibility model developed by Daniyar Alymkulov of the Accelerator Lab ranks "
            "slopes by mudflow and landslide likelihood. The model was validated against 640 recorded events and "
            "correctly flagged 81% of them in the top two risk classes. It helped prioritise 120 high-risk villages "
            "for preparedness investments."
        ),
        P("2.3 Field data", h2),
        P(
            "Almaz Toktogulov and district teams collected drone imagery and GPS tracks of 210 mudflow channels. "
            "This ground truth corrected channel locations that were misplaced by up to 300 metres on older maps."
        ),
        PageBreak(),
        P("3. From data to warning", h1),
        P("3.1 Sensors and thresholds", h2),
        P(
            "Automatic rain gauges and river-level sensors, partly installed under the sister project KGZ-DIG-013 "
            "Smart Climate and Air Quality Monitoring, send readings every ten minutes. Maksat Usenov worked with "
            "Kyrgyzhydromet to set warning thresholds for each valley, based on historical flows and rainfall "
            "intensity."
        ),
        P("3.2 Alert channels", h2),
        P(
            "When a threshold is crossed, duty officers at the Crisis Management Centre approve an alert, which is "
            "sent by SMS and cell broadcast to all phones in the affected area. Trained village focal points "
            "confirm conditions on the ground through a simple mobile app and can request help. In 2025 the "
            "chain was tested in 34 villages; median time from sensor reading to SMS was 14 minutes, against "
            "more than two hours before."
        ),
        P("3.3 Inclusion", h2),
        P(
            "Alerts are issued in Kyrgyz, Russian and, in some districts, Uzbek. Village focal points keep a list "
            "of older people and persons with disabilities who may need help to evacuate. Siren and loudspeaker "
            "backups are used where mobile coverage is weak."
        ),
        P("4. Results at a glance", h1),
    ]
    data = [
        ["Indicator", "Baseline (2022)", "2025"],
        ["Settlements covered by risk atlas", "0", "1,450"],
        ["Villages with tested early warning chain", "0", "34"],
        ["Median time sensor-to-alert", "> 2 hours", "14 minutes"],
        ["Trained village focal points", "0", "260 (41% women)"],
        ["Municipal land-use plans using atlas", "0", "18"],
    ]
    t = Table(data, colWidths=[8 * cm, 3.5 * cm, 4 * cm])
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#0468B1")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ]
        )
    )
    story += [
        t,
        Spacer(1, 10),
        P("5. Recommendations", h1),
        P(
            "First, the Ministry of Emergency Situations should formally adopt the atlas as the reference for "
            "construction permits and school safety assessments. Second, the early warning chain should be "
            "extended to the remaining 86 high-risk villages by 2027, prioritising glacial lake sites. Third, "
            "sensor maintenance must be budgeted by Kyrgyzhydromet after project closure in May 2026. Finally, "
            "risk data that is not sensitive should be published as open data so that researchers, insurers and "
            "municipalities can use it."
        ),
        P("6. Alignment", h1),
        P(
            "The project contributes to the 'environmental safety and disaster resilience' goal of the National "
            "Development Strategy 2018-2040, to the digital programming pillar of the UNDP Digital Strategy "
            "2022-2025 and to the 'data for decision-making' priority of the UNDP Data Strategy."
        ),
        P(
            "Contacts: Bakyt Osmonov (GIS, project lead) — bakyt.osmonov@undp.org; Maksat Usenov (early "
            "warning) — maksat.usenov@undp.org."
        ),
    ]
    doc.build(story)


def main() -> None:
    REPORTS.mkdir(parents=True, exist_ok=True)
    make_docx(REPORTS / "cybersecurity_assessment_2025.docx")
    make_pdf(REPORTS / "gis_early_warning_brief.pdf")
    print("wrote", *(str(p) for p in sorted(REPORTS.iterdir())))


if __name__ == "__main__":
    main()
