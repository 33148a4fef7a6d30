"""Jinja2 environments, one per output, and rendering of a template's named blocks.

Each message template is made of blocks: ``prompt`` (the message), ``title`` (a short name used
in the review), ``help`` (optional, step-specific help) and one ``choice_<id>`` per button label.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from jinja2 import BaseLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


class Output(StrEnum):
    """Where rendered text goes; decides escaping."""

    TELEGRAM_HTML = "telegram_html"
    TERMINAL = "terminal"


_BLANK_RUNS = re.compile(r"\n{3,}")


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


def render_block(
    env: SandboxedEnvironment, template: str, block: str, context: Mapping[str, Any]
) -> str:
    """Render one block of ``template`` with ``context``, tidied of stray blank lines."""
    tpl = env.get_template(template)
    render = tpl.blocks[block]
    text = "".join(render(tpl.new_context(dict(context))))
    return _BLANK_RUNS.sub("\n\n", text.strip())
