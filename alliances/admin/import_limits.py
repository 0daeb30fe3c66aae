"""Imports bounded: a file of at most IMPORT_MAX_BYTES and IMPORT_MAX_ROWS rows, refused beyond with the limits said.

Without a bound, a 100,000-row CSV, a 50 MB CSV and an 800 KB XLSX of a million rows each held a
worker until it was killed. The size is checked before the file is read; the rows while it is
read, before any row is imported (an XLSX is also refused when it unpacks to more than
XLSX_UNPACKED_RATIO times the size limit, before its sheet is opened). The memory a worker needs
for the largest file accepted is measured by scripts/import_memory.py (docs/performance.md).
"""

import csv
import io
import zipfile

import tablib
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

# An XLSX is zipped XML: what the rows take unpacked, at most, as a multiple of the size limit.
XLSX_UNPACKED_RATIO = 10


class ImportTooLarge(ValueError):
    """A file past the import's limits; its message says the file's size or rows and the limits."""


def limits():
    return _("An import takes a file of at most %(size)s and %(rows)d rows: split it into smaller files.") % {
        "size": filesizeformat(settings.IMPORT_MAX_BYTES),
        "rows": settings.IMPORT_MAX_ROWS,
    }


def check_size(size):
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportTooLarge(
            _("This file is %(size)s. %(limits)s") % {"size": filesizeformat(size), "limits": limits()}
        )


def too_many_rows():
    return ImportTooLarge(
        _("This file has more than %(rows)d rows. %(limits)s") % {"rows": settings.IMPORT_MAX_ROWS, "limits": limits()}
    )


class BoundedCSV(CSV):
    def create_dataset(self, in_stream, **kwargs):
        text = in_stream.decode(self.encoding or "utf-8") if isinstance(in_stream, bytes) else in_stream
        check_size(len(text.encode()))
        rows = csv.reader(io.StringIO(text))
        # The header, then at most IMPORT_MAX_ROWS rows: counted before tablib reads any of them.
        for number, _row in enumerate(rows):
            if number > settings.IMPORT_MAX_ROWS:
                raise too_many_rows()
        return super().create_dataset(text, **kwargs)


class BoundedXLSX(XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        check_size(len(in_stream))
        with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > XLSX_UNPACKED_RATIO * settings.IMPORT_MAX_BYTES:
            raise ImportTooLarge(
                _("This spreadsheet unpacks to %(size)s. %(limits)s")
                % {"size": filesizeformat(unpacked), "limits": limits()}
            )
        # As import-export's XLSX reads the first sheet, with the rows counted as they come.
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True)
        dataset = tablib.Dataset()
        dataset.headers = list(next(rows, ()))
        for number, values in enumerate(rows, start=1):
            if number > settings.IMPORT_MAX_ROWS:
                raise too_many_rows()
            if getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False) and all(v is None for v in values):
                continue
            dataset.append(list(values))
        book.close()
        return dataset
