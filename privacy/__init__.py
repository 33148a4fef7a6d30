"""Privacy: anonymisation at capture and the types that keep raw text out of storage."""

from privacy.anonymiser import BasicAnonymiser, TextAnonymiser
from privacy.placeholders import PlaceholderBook
from privacy.text import AnonymisedText, Redaction

__all__ = ["AnonymisedText", "BasicAnonymiser", "PlaceholderBook", "Redaction", "TextAnonymiser"]
