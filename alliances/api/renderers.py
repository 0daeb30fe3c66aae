"""CSV for spreadsheets: UTF-8, a header row, one flat row per record, no cell a spreadsheet would run."""

import csv
import io

from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """Writes the `results` of a page (or a list, or one record) of flat rows; the view names the columns.

    An error (a dict of messages) becomes rows of `field,message`, so a spreadsheet still opens it.
    Text that a spreadsheet would read as a formula is neutralised (see `spreadsheet_safe`).
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        columns = getattr(view, "csv_columns", None)
        if response is not None and response.status_code >= 400:
            rows, columns = _error_rows(data), ["field", "message"]
        elif isinstance(data, dict) and "results" in data:
            rows = data["results"]
        elif isinstance(data, dict):
            rows = [data]
        else:
            rows = data
        columns = columns or (list(rows[0]) if rows else [])
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({name: spreadsheet_safe(value) for name, value in row.items()} for row in rows)
        return out.getvalue().encode(self.charset)


# A cell starting with one of these is a formula to Excel, LibreOffice or Google Sheets
# (OWASP "CSV injection"); tab and carriage return can hide one after a line break.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet would evaluate, prefixed with an apostrophe so it shows as text.

    Names, titles and URLs come from curators and imports: "=HYPERLINK(...)" must stay words.
    Numbers are left alone (a negative number is not text a client typed).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _error_rows(data):
    if not isinstance(data, dict):
        return [{"field": "", "message": str(data)}]
    rows = []
    for field, messages in data.items():
        for message in messages if isinstance(messages, list) else [messages]:
            rows.append({"field": field, "message": str(message)})
    return rows
