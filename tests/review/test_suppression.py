"""Suppression: small counts stay hidden, even against an attacker with the totals."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import pytest

from review.suppression import (
    DisclosurePolicy,
    Relation,
    determined,
    percent,
    protect,
    shown,
    suppress_grid,
)


def grid_relations(rows: int, cols: int) -> list[list[tuple[int, int]]]:
    """Row and column sums of a rows x cols grid laid out row-major, with margins after it."""
    n = rows * cols
    rels: list[list[tuple[int, int]]] = []
    for r in range(rows):
        rels.append([(r * cols + c, 1) for c in range(cols)] + [(n + r, -1)])
    for c in range(cols):
        rels.append([(r * cols + c, 1) for r in range(rows)] + [(n + rows + c, -1)])
    return rels


def with_margins(grid: list[list[int]]) -> list[int]:
    """Cells row-major, then row totals, then column totals."""
    flat = [v for row in grid for v in row]
    return flat + [sum(r) for r in grid] + [sum(col) for col in zip(*grid, strict=True)]


def feasible_values(
    values: Sequence[int], relations: Sequence[Relation], hide: set[int], bound: int
) -> dict[int, set[int]]:
    """Brute-force attacker: every non-negative filling of hidden cells that fits the sums."""
    hidden_vars = sorted(hide)
    found: dict[int, set[int]] = {v: set() for v in hidden_vars}
    for guess in itertools.product(range(bound + 1), repeat=len(hidden_vars)):
        trial = list(values)
        for var, g in zip(hidden_vars, guess, strict=True):
            trial[var] = g
        if all(sum(trial[v] * c for v, c in rel) == 0 for rel in relations):
            for var, g in zip(hidden_vars, guess, strict=True):
                found[var].add(g)
    return found


def test_small_nonzero_counts_are_hidden_and_zeros_are_shown() -> None:
    cells, totals = suppress_grid([[0, 3, 20, 30]], None, DisclosurePolicy())
    assert [c.text for c in cells[0]] == ["0", "*", "20", "30"]
    assert totals is None


def test_threshold_is_configurable() -> None:
    cells, _ = suppress_grid([[3, 9, 12]], None, DisclosurePolicy(threshold=10))
    assert [c.hidden for c in cells[0]] == [True, True, False]


def test_one_small_cell_in_a_row_takes_the_next_smallest_with_it() -> None:
    cells, totals = suppress_grid([[3, 40, 12, 50]], [105], DisclosurePolicy())
    assert [c.text for c in cells[0]] == ["*", "40", "*", "50"]
    assert totals is not None and totals[0].text == "105"


def test_subtracting_shown_cells_from_the_total_does_not_recover_the_small_cell() -> None:
    row = [2, 30, 7, 41]
    cells, totals = suppress_grid([row], [sum(row)], DisclosurePolicy())
    assert totals is not None and totals[0].value is not None
    known = sum(c.value for c in cells[0] if c.value is not None)
    remainder = totals[0].value - known
    hidden_count = sum(c.hidden for c in cells[0])
    assert hidden_count >= 2
    # the naive attack yields only the sum of two or more hidden cells, never the small one
    assert remainder == 2 + 7


def test_brute_force_attack_on_a_table_with_row_and_column_totals_fails() -> None:
    grid = [[2, 6, 9], [7, 8, 6], [5, 1, 10]]
    values = with_margins(grid)
    rels = grid_relations(3, 3)
    hide = protect(values, rels, threshold=5)
    small = {i for i in range(9) if 0 < values[i] < 5}
    assert small <= hide
    published = [0 if i in hide else v for i, v in enumerate(values)]
    options = feasible_values(published, rels, hide, bound=max(values))
    for cell in small:
        assert len(options[cell]) > 1, f"cell {cell} recoverable: {options[cell]}"


def test_a_lone_link_between_two_protected_blocks_is_caught() -> None:
    # every row and column holds two or more small cells, which fools a "two per line" rule,
    # yet the cell at (1, 2) joins two closed blocks and can be solved for exactly
    small = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    grid = [[3 if (r, c) in small else 20 + r + c for c in range(4)] for r in range(4)]
    values = with_margins(grid)
    rels = grid_relations(4, 4)
    primary = {r * 4 + c for r, c in small}
    assert 1 * 4 + 2 in determined(sorted(primary), rels)
    hide = protect(values, rels, threshold=5)
    assert not determined(sorted(hide), rels) & primary


def test_determined_spots_a_lone_unknown_in_a_sum() -> None:
    rels = [[(0, 1), (1, 1), (2, -1)]]
    assert determined([0], rels) == {0}
    assert determined([0, 1], rels) == set()


def test_pinned_totals_are_never_chosen_as_the_complement() -> None:
    cells, totals = suppress_grid([[3, 50]], [53], DisclosurePolicy(), totals_pinned=True)
    assert cells[0][1].hidden
    assert totals is not None and not totals[0].hidden


def test_percentages_follow_their_counts() -> None:
    policy = DisclosurePolicy()
    hidden_cell, _ = suppress_grid([[3]], None, policy)
    assert percent(hidden_cell[0][0], shown(40), policy).hidden
    assert percent(shown(10), shown(40), policy).text == "25%"
    assert percent(shown(10), hidden_cell[0][0], policy).hidden


def test_hidden_and_complement_cells_look_the_same() -> None:
    cells, _ = suppress_grid([[3, 40, 12]], [55], DisclosurePolicy())
    assert {c.text for c in cells[0] if c.hidden} == {"*"}


def test_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="positive"):
        DisclosurePolicy(threshold=0)
    with pytest.raises(ValueError, match="positive"):
        DisclosurePolicy(quote_min_people=0)
