"""CSV for spreadsheets: UTF-8, a header row, one flat row per record, no cell a spreadsheet would run."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from ..spreadsheets import spreadsheet_safe


class CSVRenderer(BaseRenderer):
    """Writes the `results` of a page (or a list, or one record) of flat rows; the view names the columns.

    An error (a dict of messages) becomes rows of `field,message`, so a spreadsheet still opens it.
    Text that a spreadsheet would read as a formula is written as text (alliances/spreadsheets.py).
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


def _error_rows(data):
    if not isinstance(data, dict):
        return [{"field": "", "message": str(data)}]
    rows = []
    for field, messages in data.items():
        for message in messages if isinstance(messages, list) else [messages]:
            rows.append({"field": field, "message": str(message)})
    return rows
