"""The statistics as exchanged: each figure's columns and rows (the same as its CSV export)."""

from __future__ import annotations

from pydantic import BaseModel, Field

Cell = str | int | float | None


class FigureOut(BaseModel):
    name: str = Field(description="the figure's stable name, also its CSV export's: /api/v1/stats/{name}.csv")
    columns: list[str] = Field(description="machine names of the columns, in order (the CSV header)")
    rows: list[dict[str, Cell]] = Field(description="one object per row, keyed by column; null: no value "
                                                    "(a producer of null is the row of all producers)")


class StatsOut(BaseModel):
    figures: list[FigureOut]
