"""CSV export of the same suppressed tables the HTML report shows."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from review.aggregate import ReviewData
from review.disclosure import TOO_FEW, Cell, DisclosurePolicy, Table, disclose


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
    data: ReviewData, policy: DisclosurePolicy | None = None, out: Path | str = "report-csv"
) -> list[Path]:
    """Write the disclosed tables: one file per table into a folder, or one long file."""
    tables = disclose(data, policy or DisclosurePolicy())
    target = Path(out)
    if target.suffix.lower() == ".csv":
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["table", "row", "column", "value"])
            if tables.too_few:
                writer.writerow(["report", tables.scope, "note", TOO_FEW])
            writer.writerows(rows_of(tables.tables()))
        return [target]
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables.tables():
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
        written.append(path)
    return written
