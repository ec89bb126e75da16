"""The import template, for producers who describe many datasets in a spreadsheet."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from catalogue.spreadsheet.template import csv_text, xlsx_bytes

router = APIRouter(prefix="/api/v1", tags=["import"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/import-template.xlsx", response_class=Response, responses={200: {"content": {XLSX: {}}}})
def template_xlsx() -> Response:
    """One column per field (sheet `Descriptions`) and what each holds (sheet `Fields`); `catalogue import` reads it."""
    return Response(xlsx_bytes(), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="meetmydata-import-template.xlsx"'})


@router.get("/import-template.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def template_csv() -> Response:
    """The header row of the template as CSV."""
    return Response(csv_text(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="meetmydata-import-template.csv"'})
