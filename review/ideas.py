"""Which answers propose something: the report's "Ideas proposed" lists only these.

An answer to "what might be different?" is often a feeling ("frightening and confusing,
nobody explained") rather than a proposal. An answer counts as an idea when it says what
could be done: a modal of change ("should", "could", "would help"), a wish for more, less or
sooner ("more staff who knew him", "less noise"), a "next time" or "if only", or an
instruction that starts the answer ("explain leave delays early", "give me space"). A
question or a bare feeling does not count.

Answers are anonymised before they reach here, so placeholders such as ``[name 1]`` are words
like any other.
"""

from __future__ import annotations

import re

# Said anywhere in the answer, these propose a change.
_PROPOSAL = re.compile(
    r"\b(?:"
    r"should(?:n'?t)?|could|would (?:help|be (?:better|good|nice|helpful))|"
    r"(?:it )?(?:might|may) help|need(?:s|ed)? (?:to|more|a|an|some|someone|staff)|"
    r"next time|in future|in the future|from now on|if only|"
    r"(?:i'?d|i would|we'?d|we would) (?:like|prefer|want|rather)|"
    r"(?:more|less|fewer|earlier|sooner|quicker|better) \w+|"
    r"(?:try|trying) (?:to|and)|instead of|rather than|"
    r"(?:let|give|ask|tell|explain|offer|talk|listen|check|keep|make|have|get|use|bring|"
    r"stop|start|plan|agree|involve|share|review|train)\b.*\b(?:first|early|earlier|sooner|"
    r"before|more|again|together|properly|quietly|calmly)"
    r")\b",
    re.IGNORECASE,
)
# An instruction at the start of the answer ("explain leave delays early", "give me space").
_IMPERATIVE = re.compile(
    r"^\s*(?:please\s+)?(?:let|give|ask|tell|explain|offer|talk|listen|check|keep|make|have|"
    r"get|use|bring|stop|start|plan|agree|involve|share|review|train|wait|slow|sit|stay|"
    r"call|leave|take|show|find|put|set|allow|remind|warn|think|try|be|don'?t|do not|"
    r"always|never)\b",
    re.IGNORECASE,
)
# "felt more scared", "was less angry": a comparison of feelings, not a proposal.
_FEELING_COMPARED = re.compile(
    r"\b(?:felt|feel|feels|feeling|was|were|got|getting|became|even|much|so|am|is|are)\s+"
    r"(?:more|less|better)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z']+", re.IGNORECASE)
MIN_WORDS = 3


def is_idea(text: str) -> bool:
    """True when ``text`` proposes something that could be done differently."""
    stripped = text.strip()
    if len(_WORDS.findall(stripped)) < MIN_WORDS or stripped.endswith("?"):
        return False
    if _IMPERATIVE.search(stripped):
        return True
    return bool(_PROPOSAL.search(_FEELING_COMPARED.sub(" ~ ", stripped)))
