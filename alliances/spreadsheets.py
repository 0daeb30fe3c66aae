"""Cells a spreadsheet would run as formulas (OWASP "CSV injection"): written as text, read back as typed.

Names, titles and addresses come from curators, imports and sources: "=HYPERLINK(...)" in one
must reach a spreadsheet as words. The API's CSV and the admin's CSV/XLSX export prefix such
text with an apostrophe; the admin's import takes it off again, so an export re-imported
unchanged changes nothing.
"""

# Excel, LibreOffice and Google Sheets start a formula with these; tab and carriage return can hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet would evaluate, prefixed with an apostrophe; anything else as it is.

    Numbers are left alone: a negative number is not text someone typed. Text that already
    starts with apostrophes before a formula gets one more, so reading back is never ambiguous.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_unquoted(value):
    """The text `spreadsheet_safe` was given, from the text it wrote."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value
