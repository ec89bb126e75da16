"""Spreadsheet import: a template with one column per field, read back from CSV or XLSX."""
