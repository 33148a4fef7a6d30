"""What ``reflect themes`` does: tag answers from a stream, list and promote emerging themes.

The CLI module owns argument parsing; these functions hold the behaviour so they can be tested
with in-memory streams.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from review.codebook import Codebook, load_codebook
from review.emerging import EmergingCluster, find_emerging, promote_cluster
from review.tagger import Tagger

NO_THEME = "none"


def load_cli_codebook(path: str | Path | None = None) -> Codebook:
    """The codebook a lead named with ``--codebook PATH``, or the packaged default."""
    return load_codebook(path)


def load_tagger(path: str | Path | None = None) -> Tagger:
    """A tagger for the codebook at ``path`` (the packaged default when None)."""
    return Tagger(load_cli_codebook(path))


def format_themes(themes: Sequence[str]) -> str:
    """Theme ids comma-separated, or ``none``."""
    return ",".join(themes) if themes else NO_THEME


def tag_stream(lines: Iterable[str], out: TextIO, tagger: Tagger) -> int:
    """Write one line of theme ids per input line (``none`` when none); return lines written."""
    count = 0
    for line in lines:
        # Only the line ending goes: a line of spaces is an empty answer and prints "none".
        out.write(format_themes(tagger.tag(line.rstrip("\r\n"))) + "\n")
        count += 1
    return count


def print_emerging(
    texts: Sequence[str],
    out: TextIO,
    tagger: Tagger,
    *,
    clusters: int | None = None,
    max_examples: int = 3,
    seed: int = 0,
) -> list[EmergingCluster]:
    """Print numbered emerging clusters among untagged answers and return them."""
    found = find_emerging(texts, tagger, clusters=clusters, max_examples=max_examples, seed=seed)
    if not found:
        out.write("no emerging themes: too few untagged answers share words\n")
    for number, cluster in enumerate(found, start=1):
        out.write(f"{number}. {', '.join(cluster.label_words)} ({cluster.size} answers)\n")
        for index in cluster.examples:
            out.write(f"   - {texts[index].strip()}\n")
    return found


def promote(
    codebook_path: str | Path,
    clusters: Sequence[EmergingCluster],
    number: int,
    theme_id: str,
    label: str,
    out: TextIO,
) -> Codebook:
    """Promote cluster ``number`` (as printed, from 1) into the codebook file and report it."""
    if not 1 <= number <= len(clusters):
        raise ValueError(f"there is no cluster {number}; choose 1 to {len(clusters)}")
    codebook = promote_cluster(codebook_path, clusters[number - 1], theme_id, label)
    out.write(f"added theme {theme_id} to {codebook_path}; codebook is now {codebook.version}\n")
    return codebook
