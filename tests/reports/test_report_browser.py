"""Every HTML report rendered in headless Chromium (Debian ``chromium`` + ``chromium-driver``, driven by
Selenium): it loads without console errors, fetches nothing, and every chart is a visible SVG with a size;
the mission brief prints on two A4 pages. Skips with the reason when Chromium is absent."""

from __future__ import annotations

import base64
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reports.service import REPORTS
from tests.reports.conftest import Built

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def browser() -> Iterator:  # type: ignore[type-arg]
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"headless Chromium is not installed ({', '.join(missing)} missing; .ci/run installs it)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.parametrize("name", REPORTS)
def test_report_loads_without_errors_and_every_chart_is_visible(
    browser, built: Built, name: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The page loads from a file with no SEVERE console entry and no network request, and each chart of
    the report is an <svg> that is displayed with a non-zero width and height."""
    from selenium.webdriver.common.by import By

    page = tmp_path / f"{name}.html"  # a copy: nothing else is next to it, so nothing can be fetched
    shutil.copy(built.files / f"{name}.html", page)
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    svgs = browser.find_elements(By.CSS_SELECTOR, "figure svg.chart")
    assert len(svgs) == len(built.reports[name].charts()) > 0
    for svg in svgs:
        browser.execute_script("arguments[0].scrollIntoView()", svg)
        size = svg.size
        assert svg.is_displayed() and size["width"] > 0 and size["height"] > 0, (name, size)
        assert svg.find_elements(By.CSS_SELECTOR, "rect, polyline, circle")  # something is drawn


def test_brief_prints_on_two_pages(browser, built: Built) -> None:  # type: ignore[no-untyped-def]
    """The mission brief, printed on A4 by the browser, takes at most two pages."""
    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions

    browser.get((built.files / "brief.html").as_uri())
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = PdfReader(io.BytesIO(base64.b64decode(browser.print_page(options))))
    assert 1 <= len(pdf.pages) <= 2
