"""The admin's import refuses a file past IMPORT_MAX_BYTES or IMPORT_MAX_ROWS, saying the limits, before any row."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliances.models import Organization

pytestmark = pytest.mark.django_db

CSV, XLSX = 0, 1  # the admin's import formats, in order
HEADER = "slug,name,kind,country,website,description\n"


def _row(number):
    return f"org-{number},Organization {number},company,BR,,\n"


def _upload(client, content, name="rows.csv", file_format=CSV):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("admin:alliances_organization_import"), {"import_file": upload, "format": file_format})


def _error(response):
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get("import_file", []))


def _xlsx(rows):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER.strip().split(","))
    for number in range(rows):
        sheet.append([f"org-{number}", f"Organization {number}", "company", "BR", "", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def limits(settings):
    settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS = 2 * 1024 * 1024, 2000


def test_a_file_larger_than_the_limit_is_refused_unread_with_the_limits_said(curator_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    content = (HEADER + _row(1) + "x" * 2000).encode()
    error = _error(_upload(curator_client, content))
    assert "This file is 2.0\xa0KB." in error
    assert "An import takes a file of at most 1000\xa0bytes and 2000 rows" in error
    assert not Organization.objects.exists()


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_file_with_more_rows_than_the_limit_is_refused_with_the_limits_said(curator_client, settings, file_format):
    settings.IMPORT_MAX_ROWS = 10
    content = (HEADER + "".join(_row(n) for n in range(11))).encode() if file_format == CSV else _xlsx(11)
    error = _error(
        _upload(curator_client, content, name=["rows.csv", "rows.xlsx"][file_format], file_format=file_format)
    )
    assert "This file has more than 10 rows." in error
    assert "and 10 rows: split it into smaller files." in error
    assert not Organization.objects.exists()


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_file_at_the_row_limit_is_imported(curator_client, settings, file_format):
    settings.IMPORT_MAX_ROWS = 10
    content = (HEADER + "".join(_row(n) for n in range(10))).encode() if file_format == CSV else _xlsx(10)
    response = _upload(curator_client, content, name=["rows.csv", "rows.xlsx"][file_format], file_format=file_format)
    assert response.context["confirm_form"] is not None, _error(response)
    assert response.context["result"].totals["new"] == 10


def test_a_small_spreadsheet_of_many_rows_is_refused_before_its_rows_are_read(curator_client):
    # Rows of next to nothing zip to little: refused on its rows (or its unpacked size), never read whole.
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["slug"])
    for _ in range(20_000):
        sheet.append(["x"])
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 2 * 1024 * 1024
    error = _error(_upload(curator_client, out.getvalue(), name="bomb.xlsx", file_format=XLSX))
    assert "An import takes a file of at most 2.0\xa0MB and 2000 rows" in error


def test_the_import_page_says_the_limits(curator_client, settings):
    settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_ROWS = 1024 * 1024, 500
    page = curator_client.get(reverse("admin:alliances_organization_import")).content.decode()
    assert "An import takes a file of at most 1.0\xa0MB and 500 rows" in page
