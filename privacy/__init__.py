"""Privacy: anonymisation at capture and the types that keep raw text out of storage."""

from privacy.anonymiser import BasicAnonymiser, TextAnonymiser
from privacy.layered import Anonymiser, summarise
from privacy.name_model import NameModel, RampartNameModel, model_problem
from privacy.organisation import OrganisationLists
from privacy.placeholders import PlaceholderBook
from privacy.redact import redact_stream
from privacy.text import AnonymisedText, Redaction

__all__ = [
    "AnonymisedText",
    "Anonymiser",
    "BasicAnonymiser",
    "NameModel",
    "OrganisationLists",
    "PlaceholderBook",
    "RampartNameModel",
    "Redaction",
    "TextAnonymiser",
    "model_problem",
    "redact_stream",
    "summarise",
]
