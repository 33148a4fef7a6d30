"""The risk detector: an explainable lexicon and a meaning layer, offline, recall first.

The lexicon spots risk said in the words people usually use. The meaning layer (a classifier
over sentence embeddings) catches risk said in other words, and may set a lexicon match aside
only when it is nearly sure the text is ordinary: care-plan talk, idiom, something resolved.
Without the sentence model the detector runs on the lexicon alone, and the bot refuses to
start unless that reduced mode is allowed explicitly (``bot/services/readiness.py``).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Literal

from safety.assessment import RiskAssessment
from safety.lexicon import Lexicon, Rule, load_lexicon
from safety.meaning import MeaningLayer, packaged_layer
from safety.normalise import Normaliser
from safety.spelling import Speller

# Ward talk is blanked with a token no pattern can use, so words either side do not join up.
_BLANK = " ~ "


class RiskDetector:
    """Spots suicide, self-harm, harm to others, feeling unsafe, abuse and distress in text."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        meaning: MeaningLayer | Literal["packaged"] | None = "packaged",
        model: Path | None = None,
    ) -> None:
        """Use ``lexicon`` (default: the packaged one) and ``meaning``.

        ``"packaged"`` loads the shipped meaning layer in the background, so start-up does not
        wait for the sentence model; the first assessment waits for it instead. ``None`` runs
        the lexicon alone. ``model`` names another model file for ``"packaged"``.
        """
        self._lexicon = lexicon or load_lexicon()
        speller = Speller(self._lexicon.keywords, self._lexicon.fuzzy, self._lexicon.protected)
        self._normaliser = Normaliser(self._lexicon.replacements, speller)
        self._meaning: MeaningLayer | None = None
        self._ready = threading.Event()
        self._model = model
        if meaning == "packaged":
            threading.Thread(target=self._load_meaning, name="meaning-layer", daemon=True).start()
        else:
            self._meaning = meaning
            self._ready.set()

    def _load_meaning(self) -> None:
        try:
            layer = packaged_layer(self._model)
            if layer is not None:
                layer.encoder.encode(["warm up"])
            self._meaning = layer
        finally:
            self._ready.set()

    @property
    def meaning(self) -> MeaningLayer | None:
        """The meaning layer in use, once loaded (None: the lexicon runs alone)."""
        self._ready.wait()
        return self._meaning

    def assess(self, text: str) -> RiskAssessment:
        """Return which kinds of risk ``text`` carries, naming the rules that fired."""
        fired, denied = self.lexicon_read(text)
        layer = self.meaning
        if layer is not None:
            judged = layer.judge(text)
            if fired and not judged.upholds(settled=self.settled(text)):
                fired = {}
            if judged.flags(denied=denied and not fired):
                fired[f"meaning.{judged.kind}"] = judged.kind
        if not fired:
            return RiskAssessment.clear()
        return RiskAssessment(
            at_risk=True,
            categories=frozenset(fired.values()),
            reasons=tuple(sorted(fired)),
        )

    def settled(self, text: str) -> bool:
        """Whether ``text`` says its risk is settled (resolved, past, a screening answered no)."""
        pattern = self._lexicon.settled
        return pattern is not None and pattern.search(self._normaliser.plain(text)) is not None

    def lexicon_rules(self, text: str) -> dict[str, str]:
        """The lexicon's rules that fire on ``text``, each with its kind of risk."""
        return self.lexicon_read(text)[0]

    def lexicon_read(self, text: str) -> tuple[dict[str, str], bool]:
        """The rules that fire, and whether some risk wording was there but negated."""
        fired: dict[str, str] = {}
        denied = False
        for clause in self._normaliser.clauses(text):
            if self._lexicon.ward_talk is not None:
                clause = self._lexicon.ward_talk.sub(_BLANK, clause)
            for rule in self._lexicon.rules:
                if rule.id in fired:
                    continue
                verdict = self._fires(rule, clause)
                if verdict is True:
                    fired[rule.id] = rule.category
                denied = denied or verdict is None
        return fired, denied

    def _fires(self, rule: Rule, clause: str) -> bool | None:
        """True if the rule fires; None if it matched only where negated; else False."""
        negated = False
        for match in rule.pattern.finditer(clause):
            if not (rule.negatable and self._negated(clause, match)):
                return True
            negated = True
        return None if negated else False

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
