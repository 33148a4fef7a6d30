"""``reflect redact``: anonymise text line by line, one output line per input line.

Each line gets its own :class:`PlaceholderBook`: lines fed to the command are usually unrelated
(a pasted log, a column exported from elsewhere), and a shared book would let a reader link
"[name 2]" across lines that were never one reflection.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TextIO

from privacy.anonymiser import TextAnonymiser
from privacy.explain import explain_rules
from privacy.placeholders import PlaceholderBook
from privacy.text import AnonymisedText

# The first batch is small so the first line comes out soon; later ones are larger so the model
# runs on many lines at once.
_FIRST_BATCH = 8
_BATCH = 64
# Characters str.splitlines() treats as line ends; inside one input line they must not split it.
_LINE_BREAKS = str.maketrans({c: " " for c in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


def one_line(text: str) -> str:
    """``text`` with every line-break character turned into a space."""
    return text.translate(_LINE_BREAKS)


def _chunks(lines: Iterable[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = _FIRST_BATCH
    for line in lines:
        chunk.append(line.removesuffix("\n").removesuffix("\r"))
        if len(chunk) == size:
            yield chunk
            chunk, size = [], _BATCH
    if chunk:
        yield chunk


def redact_stream(
    lines: Iterable[str],
    out: TextIO,
    *,
    anonymiser: TextAnonymiser,
    explain: bool = False,
    explain_out: TextIO | None = None,
) -> int:
    """Write each line anonymised as one line of ``out``; return the number of redactions.

    With ``explain``, ``explain_out`` (stderr in the CLI) first gets what each rule looks for,
    then each line's finds (kind, placeholder, reason; never the raw value) as ``line N: ...``,
    so ``out`` stays one line per line.
    """
    total = 0
    number = 0
    if explain and explain_out is not None:
        explain_out.write(explain_rules())
    batch = getattr(anonymiser, "anonymise_many", None)

    def work(chunk: list[str]) -> list[AnonymisedText]:
        # Batching lets the name model run once per chunk rather than once per line.
        if callable(batch):
            return list(batch(chunk))
        return [anonymiser.anonymise(line, PlaceholderBook.transient()) for line in chunk]

    # Two chunks in flight: the next chunk's rules (Python) run while this chunk's model runs
    # (onnxruntime lets go of the GIL). Results are written in input order.
    with ThreadPoolExecutor(2, thread_name_prefix="redact") as pool:
        notes = explain_out if explain else None
        pending: deque[Future[list[AnonymisedText]]] = deque()
        for chunk in _chunks(lines):
            pending.append(pool.submit(work, chunk))
            # Whatever is done goes out before more input is read; never more than two wait.
            while pending and (len(pending) > 1 or pending[0].done()):
                number, total = _write(pending.popleft().result(), number, total, out, notes)
        while pending:
            number, total = _write(pending.popleft().result(), number, total, out, notes)
    return total


def _write(
    results: Sequence[AnonymisedText], number: int, total: int, out: TextIO, notes: TextIO | None
) -> tuple[int, int]:
    for result in results:
        number += 1
        out.write(one_line(result.text) + "\n")
        total += len(result.redactions)
        if notes is not None:
            found = "; ".join(f"{r.placeholder} {r.kind} ({r.reason})" for r in result.redactions)
            notes.write(f"line {number}: {found or 'nothing found'}\n")
    out.flush()
    return number, total


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m privacy [--explain]``: ``reflect redact`` without the organisation's lists."""
    import argparse

    from privacy.layered import Anonymiser

    parser = argparse.ArgumentParser(prog="python -m privacy", description=__doc__)
    parser.add_argument("--explain", action="store_true", help="list finds on standard error")
    args = parser.parse_args(argv)
    anonymiser = Anonymiser()
    redact_stream(
        sys.stdin, sys.stdout, anonymiser=anonymiser, explain=args.explain, explain_out=sys.stderr
    )
    return 0
