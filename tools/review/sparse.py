"""A sparse matrix of training features, multiplied by its non-zero entries alone.

Each answer has a few dozen of the thousands of word features, so a dense design matrix spends
almost all its time multiplying zeros. numpy has no sparse type and scipy is not a dependency,
so these few lines do the two products gradient descent needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SparseRows:
    """A (rows x columns) matrix as its non-zero entries, indexed for both products."""

    rows: IntArray
    cols: IntArray
    values: FloatArray
    by_col: IntArray  # the entries in column order, for the transposed product
    row_keys: tuple[IntArray, IntArray]  # rows with entries, and where each one starts
    col_keys: tuple[IntArray, IntArray]
    shape: tuple[int, int]

    @staticmethod
    def build(
        rows: IntArray, cols: IntArray, values: FloatArray, shape: tuple[int, int]
    ) -> SparseRows:
        """Index entries given in row order (a stable sort keeps each column's rows in order)."""
        by_col = np.argsort(cols, kind="stable")
        return SparseRows(rows, cols, values, by_col, _starts(rows), _starts(cols[by_col]), shape)

    def times(self, right: FloatArray) -> FloatArray:
        """This matrix times ``right`` (features x themes)."""
        return _segment_sum(self.values[:, None] * right[self.cols], self.row_keys, self.shape[0])

    def transposed_times(self, right: FloatArray) -> FloatArray:
        """This matrix, transposed, times ``right`` (answers x themes)."""
        order = self.by_col
        products = self.values[order, None] * right[self.rows[order]]
        return _segment_sum(products, self.col_keys, self.shape[1])


def _starts(keys: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct values of sorted ``keys`` and the index where each begins."""
    unique, first = np.unique(keys, return_index=True)
    return unique.astype(np.int64), first.astype(np.int64)


def _segment_sum(products: FloatArray, keys: tuple[IntArray, IntArray], size: int) -> FloatArray:
    """Sum runs of ``products`` rows into ``size`` output rows (absent keys stay zero)."""
    out = np.zeros((size, products.shape[1]), dtype=np.float32)
    unique, first = keys
    if len(unique):
        out[unique] = np.add.reduceat(products, first, axis=0)
    return out
