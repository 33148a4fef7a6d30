"""The risk detector: an explainable lexicon and a meaning layer, offline, recall first.

The lexicon spots risk said in the words people usually use. The meaning layer (a classifier
over sentence embeddings) catches risk said in other words. It decides whether a lexicon match
stands only where the text itself says the risk is settled (resolved, in the past, a screening
answered no); the shipped cut-offs never let it overrule any other match.
Without the sentence model the detector runs on the lexicon alone, and the bot refuses to
start unless that reduced mode is allowed explicitly (``bot/services/readiness.py``).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from safety.assessment import RiskAssessment
from safety.errors import SafetyConfigError
from safety.lexicon import Lexicon, Rule, load_lexicon
from safety.meaning import MeaningLayer, packaged_layer
from safety.normalise import Normaliser
from safety.spelling import Speller

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Reading:
    """The lexicon's reading of one text."""

    fired: tuple[tuple[str, str], ...]  # (rule id, kind) for each rule that fired
    settled: bool  # every match is followed by words saying its risk is settled
    denied: bool  # risk wording only where negated, in a text of one clause


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
        self._failed = ""
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
        except Exception as exc:  # any failure to load must stop the check, not weaken it
            log.error("the safety net's meaning layer failed to load (%s)", type(exc).__name__)
            self._failed = f"the safety net's meaning layer failed to load ({type(exc).__name__})"
        finally:
            self._ready.set()

    @property
    def meaning(self) -> MeaningLayer | None:
        """The meaning layer in use, once loaded (None: the lexicon runs alone).

        Raises ``SafetyConfigError`` if it should have loaded and did not: a text is then
        refused loudly rather than checked by a weaker net.
        """
        self._ready.wait()
        if self._failed:
            raise SafetyConfigError(self._failed)
        return self._meaning

    def assess(self, text: str) -> RiskAssessment:
        """Return which kinds of risk ``text`` carries, naming the rules that fired."""
        reading = self.read(text)
        fired = dict(reading.fired)
        layer = self.meaning
        if layer is not None:
            judged = layer.judge(text)
            if fired and not judged.upholds(settled=reading.settled):
                fired = {}
            # The layer's own kind is added when the lexicon named none, or the same one.
            if judged.flags(denied=reading.denied) and (not fired or judged.kind in fired.values()):
                fired[f"meaning.{judged.kind}"] = judged.kind
        if not fired:
            return RiskAssessment.clear()
        return RiskAssessment(
            at_risk=True,
            categories=frozenset(fired.values()),
            reasons=tuple(sorted(fired)),
        )

    def read(self, text: str) -> Reading:
        """What the lexicon makes of ``text``, clause by clause.

        A match is settled when its own clause or a later one says so ("... but the feeling
        passed", "pt denies thoughts of self harm"); risk said after the settling words is not.
        Negated wording counts as denied only in a text of one clause: in a longer one the
        other clauses are judged as usual ("im not suicidal, i just want to disappear").
        """
        clauses = self._normaliser.clauses(text)
        pattern = self._lexicon.settled
        settles = [pattern is not None and pattern.search(c) is not None for c in clauses]
        fired: dict[str, str] = {}
        unsettled = False
        negated = False
        for index, clause in enumerate(clauses):
            if self._lexicon.ward_talk is not None:
                clause = self._lexicon.ward_talk.sub(_BLANK, clause)
            for rule in self._lexicon.rules:
                verdict = self._fires(rule, clause)
                if verdict is True:
                    fired.setdefault(rule.id, rule.category)
                    unsettled = unsettled or not any(settles[index:])
                negated = negated or verdict is None
        return Reading(
            fired=tuple(fired.items()),
            settled=bool(fired) and not unsettled,
            denied=negated and not fired and len(clauses) == 1,
        )

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
