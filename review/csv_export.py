"""CSV and JSON export of the same suppressed tables the HTML report shows.

A table with hidden cells carries a note row saying why, and a report with too few
reflections says so instead of leaving a file with only a header.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from review.aggregate import ReviewData
from review.disclosure import TOO_FEW, Cell, DisclosurePolicy, Table, disclose
from review.helped import ActionFacts, helped
from review.periods import Period

NO_ACTIONS = "no actions recorded"


def plain(cell: Cell) -> str:
    """A cell as a spreadsheet reads it: digits without thousands separators."""
    # counts are printed with separators for people; percentages and markers stay as shown
    return cell.text.replace(",", "") if cell.value is not None else cell.text


def rows_of(tables: Iterable[Table]) -> Iterator[tuple[str, str, str, str]]:
    """Long-format (table, row, column, published text) tuples for export."""
    for table in tables:
        for row in table.rows:
            if row.note:
                yield table.key, row.label, "note", row.note
            for col, cell in zip(table.columns, row.cells, strict=True):
                yield table.key, row.label, col, plain(cell)
            if row.total is not None and table.total_header:
                yield table.key, row.label, table.total_header, plain(row.total)


def write_csv(
    data: ReviewData,
    policy: DisclosurePolicy | None = None,
    out: Path | str = "report-csv",
    *,
    actions: Sequence[ActionFacts] = (),
    period: Period = "month",
) -> list[Path]:
    """Write the disclosed tables: one file per table into a folder, or one long file; the
    actions and "Did it help?" tables last."""
    chosen = policy or DisclosurePolicy()
    tables = disclose(data, chosen)
    extra = helped(data, actions, chosen, period).tables()
    target = Path(out)
    if target.suffix.lower() == ".csv":
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["table", "row", "column", "value"])
            if tables.too_few:
                writer.writerow(["report", tables.scope, "note", TOO_FEW])
            writer.writerows(rows_of(tables.tables()))
            writer.writerows(rows_of(extra))
            if not tables.too_few:
                for table in tables.tables():
                    for note in _notes(table, False, chosen):
                        writer.writerow([table.key, "", "note", note])
            for table in extra:
                for note in _action_notes(table, chosen):
                    writer.writerow([table.key, "", "note", note])
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in (*tables.tables(), *extra):
        path = target / f"{table.key}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            header = [table.row_header, *table.columns]
            if table.total_header:
                header.append(table.total_header)
            writer.writerow(header)
            for row in table.rows:
                cells = [row.note or plain(c) for c in row.cells]
                total = [plain(row.total)] if row.total is not None and table.total_header else []
                writer.writerow([row.label, *cells, *total])
            notes = (
                _action_notes(table, chosen)
                if table in extra
                else _notes(table, tables.too_few, chosen)
            )
            for note in notes:
                writer.writerow([NOTE, note])
        written.append(path)
    return written


NOTE = "Note"


def _notes(table: Table, too_few: bool, policy: DisclosurePolicy) -> list[str]:
    """Why a table is empty or has hidden cells, in words a spreadsheet reader sees."""
    if too_few:
        return [
            f"{TOO_FEW}: a report needs at least {policy.min_reflections} reflections from at "
            f"least {policy.threshold} people"
        ]
    if not table.rows:
        return ["nothing to show in this period"]
    cells = [c for row in table.rows for c in (*row.cells, *([row.total] if row.total else []))]
    return [policy.legend] if any(c.hidden for c in cells) else []


def _action_notes(table: Table, policy: DisclosurePolicy) -> list[str]:
    """The actions tables' notes: they list actions even when there are too few reflections
    (each "Did it help?" row then says so itself)."""
    if not table.rows:
        return [NO_ACTIONS]
    return _notes(table, False, policy)


def tables_json(
    data: ReviewData,
    policy: DisclosurePolicy | None = None,
    *,
    actions: Sequence[ActionFacts] = (),
    period: Period = "month",
) -> str:
    """The disclosed tables as one JSON document: hidden cells are null with a marker; the
    actions and "Did it help?" tables last."""
    chosen = policy or DisclosurePolicy()
    tables = disclose(data, chosen)
    extra = helped(data, actions, chosen, period).tables()

    def cell(c: Cell) -> dict[str, object]:
        return {"value": c.value, "text": c.text, "hidden": c.hidden}

    document = {
        "scope": tables.scope,
        "period": tables.period,
        "period_kind": tables.period_kind,
        "too_few": tables.too_few,
        "legend": chosen.legend,
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "row_header": t.row_header,
                "columns": list(t.columns),
                "total_header": t.total_header,
                "notes": (
                    _action_notes(t, chosen) if t in extra else _notes(t, tables.too_few, chosen)
                ),
                "rows": [
                    {
                        "label": r.label,
                        "cells": [cell(c) for c in r.cells],
                        "total": cell(r.total) if r.total is not None else None,
                        "note": r.note,
                    }
                    for r in t.rows
                ],
            }
            for t in (*tables.tables(), *extra)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
