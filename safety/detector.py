"""The risk detector: offline, rule-based, tuned for recall over any free-text answer."""

from __future__ import annotations

import re

from safety.assessment import RiskAssessment
from safety.lexicon import Lexicon, Rule, load_lexicon
from safety.normalise import Normaliser
from safety.spelling import Speller

# Ward talk is blanked with a token no pattern can use, so words either side do not join up.
_BLANK = " ~ "


class RiskDetector:
    """Spots suicide, self-harm, harm to others, feeling unsafe, abuse and distress in text."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        """Use ``lexicon``, or load the packaged one."""
        self._lexicon = lexicon or load_lexicon()
        speller = Speller(self._lexicon.keywords, self._lexicon.fuzzy, self._lexicon.protected)
        self._normaliser = Normaliser(self._lexicon.replacements, speller)

    def assess(self, text: str) -> RiskAssessment:
        """Return which kinds of risk ``text`` carries, naming the rules that fired."""
        fired: dict[str, str] = {}
        for clause in self._normaliser.clauses(text):
            if self._lexicon.ward_talk is not None:
                clause = self._lexicon.ward_talk.sub(_BLANK, clause)
            for rule in self._lexicon.rules:
                if rule.id not in fired and self._fires(rule, clause):
                    fired[rule.id] = rule.category
        if not fired:
            return RiskAssessment.clear()
        return RiskAssessment(
            at_risk=True,
            categories=frozenset(fired.values()),
            reasons=tuple(sorted(fired)),
        )

    def _fires(self, rule: Rule, clause: str) -> bool:
        for match in rule.pattern.finditer(clause):
            if not (rule.negatable and self._negated(clause, match)):
                return True
        return False

    def _negated(self, clause: str, match: re.Match[str]) -> bool:
        before = self._drop_pseudo(clause[: match.start()]).split()
        # A cue inside the match counts too: "i dont want to hurt anyone" matches from "i".
        words = before[-self._lexicon.negation_window :] + self._drop_pseudo(match.group(0)).split()
        return any(word in self._lexicon.negation_cues for word in words)

    def _drop_pseudo(self, text: str) -> str:
        # "not sure", "no longer", "not gonna lie" look like negation but do not cancel risk.
        if self._lexicon.pseudo_negation is None:
            return text
        return self._lexicon.pseudo_negation.sub(_BLANK, text)
