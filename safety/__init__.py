"""Safety net: notice risk in any free-text answer and offer support in the same turn."""

from safety.assessment import CATEGORIES, RiskAssessment
from safety.detector import RiskDetector
from safety.errors import SafetyConfigError
from safety.lexicon import Lexicon, load_lexicon
from safety.meaning import MeaningLayer, MeaningModel, model_problem
from safety.support import (
    SupportResource,
    SupportResources,
    load_support_resources,
)

__all__ = [
    "CATEGORIES",
    "Lexicon",
    "MeaningLayer",
    "MeaningModel",
    "RiskAssessment",
    "RiskDetector",
    "SafetyConfigError",
    "SupportResource",
    "SupportResources",
    "load_lexicon",
    "load_support_resources",
    "model_problem",
]
