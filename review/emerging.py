"""Emerging themes: cluster the answers no codebook theme caught, and promote a cluster.

Answers without a theme are turned into TF-IDF vectors over their content words (stemmed like
the tagger does) and grouped by spherical k-means with a seeded k-means++ start, so the same
answers and seed always give the same clusters. Each cluster is labelled by the words that are
common inside it and rare outside it. A lead who recognises a real theme can promote the
cluster: a new entry is appended to the codebook YAML (comments kept) and the version bumped.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from review.codebook import Codebook, CodebookError, Theme, parse_codebook
from review.phrases import stem, surface_tokens
from review.tagger import Tagger

_STOPWORDS = frozenset(
    """a about after again all also am an and any are as at be because been before being but
    by can could did do does doing down during each even ever every for from get getting go
    going had has have having he her here him his how i if in into is it its just know like
    make me more most much my no not now of off on once one only or other our out over really
    said say says see she should so some still such than that the their them then there these
    they thing things think this those though through to today too up us very want was way we
    well were what when where which while who why will with would yes yet you your""".split()  # noqa: SIM905 - a word list reads better as prose
)


@dataclass(frozen=True, slots=True)
class EmergingCluster:
    """A group of untagged answers: its size, distinctive words and a few example answers."""

    size: int
    label_words: tuple[str, ...]
    examples: tuple[int, ...]  # indices into the texts given, nearest the centre first
    members: tuple[int, ...]  # every index in the cluster, ascending


def _content(text: str) -> list[tuple[str, str]]:
    """(stem, word) pairs for the words that carry meaning."""
    out: list[tuple[str, str]] = []
    for word in surface_tokens(text):
        if word in _STOPWORDS or len(word) < 3 or not word.isalpha():
            continue
        out.append((stem(word), word))
    return out


def _normalise(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else vector


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _nearest(vector: dict[str, float], centres: list[dict[str, float]]) -> int:
    """Index of the most similar centre; ties go to the lower index, for determinism."""
    best, best_score = 0, -1.0
    for index, centre in enumerate(centres):
        score = _dot(vector, centre)
        if score > best_score:
            best, best_score = index, score
    return best


def _kmeans(vectors: list[dict[str, float]], k: int, seed: int, rounds: int) -> list[int]:
    """Spherical k-means with a k-means++ start; returns a cluster number per vector."""
    rng = random.Random(seed)
    centres = [vectors[rng.randrange(len(vectors))]]
    while len(centres) < k:
        # Farther vectors (lower best cosine) are likelier to seed the next centre.
        weights = [max(0.0, 1.0 - max(_dot(v, c) for c in centres)) for v in vectors]
        if not any(weights):
            break
        centres.append(vectors[rng.choices(range(len(vectors)), weights=weights)[0]])
    assignment: list[int] = []
    for _ in range(rounds):
        new = [_nearest(v, centres) for v in vectors]
        if new == assignment:
            break
        assignment = new
        sums: list[dict[str, float]] = [{} for _ in centres]
        for vector, cluster in zip(vectors, assignment, strict=True):
            for term, weight in vector.items():
                sums[cluster][term] = sums[cluster].get(term, 0.0) + weight
        centres = [_normalise(s) if s else centres[i] for i, s in enumerate(sums)]
    return assignment


def find_emerging(
    texts: Sequence[str],
    tagger: Tagger | None = None,
    *,
    clusters: int | None = None,
    label_words: int = 4,
    max_examples: int = 3,
    min_size: int = 2,
    seed: int = 0,
    rounds: int = 25,
) -> list[EmergingCluster]:
    """Cluster the answers the tagger leaves untagged (all of them when no tagger is given)."""
    candidates = [i for i, t in enumerate(texts) if tagger is None or not tagger.tag(t)]
    words_of = {i: _content(texts[i]) for i in candidates}
    df: Counter[str] = Counter()
    for pairs in words_of.values():
        df.update({s for s, _ in pairs})
    # Words seen in one answer only cannot tie answers together, so they only add noise.
    kept = [i for i in candidates if any(df[s] >= 2 for s, _ in words_of[i])]
    if len(kept) < max(2, min_size):
        return []
    total = len(kept)
    surface: dict[str, Counter[str]] = {}
    vectors: list[dict[str, float]] = []
    for i in kept:
        tf: Counter[str] = Counter()
        for s, word in words_of[i]:
            if df[s] >= 2:
                tf[s] += 1
                surface.setdefault(s, Counter())[word] += 1
        vectors.append(
            _normalise({s: n * (math.log((1 + total) / (1 + df[s])) + 1) for s, n in tf.items()})
        )
    k = clusters or max(1, min(10, round(math.sqrt(total / 2))))
    assignment = _kmeans(vectors, min(k, total), seed, rounds)
    found: list[EmergingCluster] = []
    for cluster in sorted(set(assignment)):
        rows = [r for r, c in enumerate(assignment) if c == cluster]
        if len(rows) < min_size:
            continue
        found.append(_describe(rows, vectors, kept, surface, label_words, max_examples))
    found.sort(key=lambda c: (-c.size, c.label_words))
    return found


def _describe(
    rows: list[int],
    vectors: list[dict[str, float]],
    kept: list[int],
    surface: dict[str, Counter[str]],
    label_words: int,
    max_examples: int,
) -> EmergingCluster:
    """Label a cluster by lift (share inside versus outside) and pick central examples."""
    inside: Counter[str] = Counter()
    for r in rows:
        inside.update(vectors[r].keys())
    outside: Counter[str] = Counter()
    row_set = set(rows)
    for r, vector in enumerate(vectors):
        if r not in row_set:
            outside.update(vector.keys())
    n_in, n_out = len(rows), max(1, len(vectors) - len(rows))

    def lift(term: str) -> float:
        share_in = inside[term] / n_in
        return share_in * math.log((share_in + 0.01) / (outside[term] / n_out + 0.01))

    terms = sorted(inside, key=lambda t: (-lift(t), t))[:label_words]
    words = tuple(surface[t].most_common(1)[0][0] for t in terms)
    centre = _normalise({t: sum(vectors[r].get(t, 0.0) for r in rows) for t in inside})
    central = sorted(rows, key=lambda r: (-_dot(vectors[r], centre), r))[:max_examples]
    return EmergingCluster(
        size=len(rows),
        label_words=words,
        examples=tuple(kept[r] for r in central),
        members=tuple(sorted(kept[r] for r in rows)),
    )


_VERSION_LINE = re.compile(r"^version:[ \t]*(\d+)[ \t]*(#.*)?$", re.MULTILINE)
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.MULTILINE)


def promote_cluster(
    path: str | Path,
    cluster: EmergingCluster,
    theme_id: str,
    label: str,
    description: str = "",
    include: Sequence[str] | None = None,
) -> Codebook:
    """Append a theme built from ``cluster`` to the codebook at ``path`` and bump its version."""
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    current = parse_codebook(text, source=str(file))
    if theme_id in current.ids:
        raise CodebookError([f"{file}:{theme_id}: a theme with this id already exists"])
    phrases = list(include) if include is not None else list(cluster.label_words)
    theme = Theme(
        id=theme_id,
        label=label,
        description=description or f"Promoted from an emerging cluster ({cluster.size} answers).",
        include=tuple(dict.fromkeys(phrases)),
    )
    new_text = _with_theme(text, theme, current.declared_version + 1)
    promoted = parse_codebook(new_text, source=str(file))  # refuse to write a broken file
    temp = file.with_name(file.name + ".tmp")
    temp.write_text(new_text, encoding="utf-8")
    temp.replace(file)  # atomic, so a crash never leaves half a codebook
    return promoted


def _with_theme(text: str, theme: Theme, version: int) -> str:
    """YAML text with ``theme`` appended; comments are kept when the layout allows."""
    themes_line = re.search(r"^themes:[ \t]*$", text, re.MULTILINE)
    later_keys = themes_line and _TOP_LEVEL_KEY.search(text, themes_line.end())
    if themes_line is None or later_keys or not _VERSION_LINE.search(text):
        # Unusual layout: rewrite the whole file rather than risk appending in the wrong place.
        data = yaml.safe_load(text)
        data["version"] = version
        data["themes"].append(theme.to_dict())
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    item = re.search(r"^([ \t]*)- ", text[themes_line.end() :], re.MULTILINE)
    indent = item.group(1) if item else "  "
    entry = yaml.safe_dump([theme.to_dict()], sort_keys=False, allow_unicode=True, width=100)
    block = "".join(indent + line + "\n" for line in entry.splitlines())
    bumped = _VERSION_LINE.sub(
        lambda m: f"version: {version}" + (f"  {m.group(2)}" if m.group(2) else ""), text, count=1
    )
    return bumped.rstrip("\n") + "\n\n" + block
