"""Column types that enforce the privacy seam at the database boundary."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

from privacy import AnonymisedText


class AnonymisedTextType(TypeDecorator[AnonymisedText]):
    """A text column that accepts only :class:`AnonymisedText` (a plain ``str`` is refused)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Refuse anything that did not come out of the anonymiser."""
        if value is None:
            return None
        if not isinstance(value, AnonymisedText):
            raise TypeError(
                f"free text must be AnonymisedText before it is stored, got {type(value).__name__}"
            )
        return value.text

    def process_result_value(self, value: Any, dialect: Dialect) -> AnonymisedText | None:
        """Read back text this column wrote."""
        return None if value is None else AnonymisedText.from_stored(str(value))
