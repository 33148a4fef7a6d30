"""Splitting Telegram HTML over the 4,096-character message limit without breaking markup."""

from __future__ import annotations

import re

MESSAGE_LIMIT = 4096
# A place where a cut is harmless: whitespace outside a tag and outside an entity like &amp;.
_TOKEN = re.compile(r"<[^>]*>|&[#\w]+;|\s+|[^<&\s]+|[<&]")


def split_html(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at paragraphs, lines or spaces."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _best_cut(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return [p for p in pieces if p]


def _best_cut(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for separator in ("\n\n", "\n"):
        at = window.rfind(separator)
        if at > limit // 2:
            return at
    # No line break late enough: cut at the last whitespace that is not inside a tag or entity.
    best = 0
    for match in _TOKEN.finditer(text):
        if match.end() > limit:
            break
        if match.group().isspace() or best == 0:
            best = match.end()
    return best or limit
