"""Jinja2 environments, one per output, and rendering of a template's named blocks.

Each message template is made of blocks: ``prompt`` (the message), ``title`` (a short name used
in the review), ``help`` (optional, step-specific help) and one ``choice_<id>`` per button label.

Most blocks depend on a few context values only (the pathway's variables, the voice, the
output), so :func:`render_block` keeps what it rendered, keyed by the values the template reads.
A template that reads what a person wrote (``previous``, ``answers``) is never kept: a person's
words stay in memory no longer than their turn.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Hashable, Mapping
from enum import StrEnum
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, meta, nodes
from jinja2.sandbox import SandboxedEnvironment


class Output(StrEnum):
    """Where rendered text goes; decides escaping."""

    TELEGRAM_HTML = "telegram_html"
    TERMINAL = "terminal"


_BLANK_RUNS = re.compile(r"\n{3,}")
# Context names that carry what a person wrote: a template reading any of them is not kept.
PERSONAL_NAMES = frozenset({"previous", "answers"})
# Rendered blocks kept per environment; the oldest goes first when full.
CACHED_BLOCKS = 4096


def make_environment(output: Output, loader: BaseLoader) -> SandboxedEnvironment:
    """A sandboxed environment for ``output``: strict undefined, HTML-escaped for Telegram."""
    return SandboxedEnvironment(
        loader=loader,
        autoescape=output is Output.TELEGRAM_HTML,
        undefined=StrictUndefined,
        # Templates are read once per process; checking every file's mtime on each render
        # showed up in turn profiles.
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def block_names(env: SandboxedEnvironment, template: str) -> set[str]:
    """The block names a template defines."""
    return set(env.get_template(template).blocks)


class _Unfrozen(Exception):
    """A context value with no stable hashable form: the block is rendered, not kept."""


def _freeze(value: Any) -> Hashable:
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    raise _Unfrozen


_MISSING = object()


class BlockCache:
    """Rendered blocks of one environment, keyed by the context values each template reads."""

    def __init__(self, env: SandboxedEnvironment, size: int = CACHED_BLOCKS) -> None:
        self.env = env
        self.size = size
        self._reads: dict[str, tuple[str, ...] | None] = {}
        self._kept: dict[tuple[Hashable, ...], str] = {}
        self._lock = threading.Lock()

    def reads(self, template: str) -> tuple[str, ...] | None:
        """The context names ``template`` (with what it includes) reads; ``None``: never keep."""
        if template not in self._reads:
            self._reads[template] = self._analyse(template, set())
        return self._reads[template]

    def _analyse(self, template: str, seen: set[str]) -> tuple[str, ...] | None:
        loader = self.env.loader
        if loader is None or template in seen:
            return None
        seen.add(template)
        source = loader.get_source(self.env, template)[0]
        tree = self.env.parse(source)
        names = set(meta.find_undeclared_variables(tree))
        for other in meta.find_referenced_templates(tree):
            # A template name worked out at render time cannot be followed here.
            found = None if other is None else self._analyse(other, seen)
            if found is None:
                return None
            names.update(found)
        if names & PERSONAL_NAMES or any(tree.find_all(nodes.Extends)):
            return None
        return tuple(sorted(names))

    def key(
        self, template: str, block: str, context: Mapping[str, Any]
    ) -> tuple[Hashable, ...] | None:
        """The cache key for this render, or ``None`` when it must not be kept."""
        reads = self.reads(template)
        if reads is None:
            return None
        try:
            values = tuple(_freeze(context[n]) if n in context else _MISSING for n in reads)
        except _Unfrozen:
            return None
        return (template, block, values)

    def get(self, key: tuple[Hashable, ...]) -> str | None:
        """A kept render."""
        return self._kept.get(key)

    def put(self, key: tuple[Hashable, ...], text: str) -> None:
        """Keep a render, dropping the oldest when full."""
        with self._lock:
            if len(self._kept) >= self.size:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = text


_CACHES: weakref.WeakKeyDictionary[SandboxedEnvironment, BlockCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def block_cache(env: SandboxedEnvironment) -> BlockCache:
    """The render cache of ``env`` (made on first use)."""
    cache = _CACHES.get(env)
    if cache is None:
        with _CACHES_LOCK:
            cache = _CACHES.setdefault(env, BlockCache(env))
    return cache


def render_block(
    env: SandboxedEnvironment, template: str, block: str, context: Mapping[str, Any]
) -> str:
    """Render one block of ``template`` with ``context``, tidied of stray blank lines."""
    cache = block_cache(env)
    key = cache.key(template, block, context)
    if key is not None:
        kept = cache.get(key)
        if kept is not None:
            return kept
    tpl = env.get_template(template)
    render = tpl.blocks[block]
    text = _BLANK_RUNS.sub("\n\n", "".join(render(tpl.new_context(dict(context)))).strip())
    if key is not None:
        cache.put(key, text)
    return text
