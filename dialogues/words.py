"""A channel's own words in the shared texts: how a person asks for help, skips, starts again.

Dialogue templates stay neutral: where a text must say "send /help" on Telegram and "type help"
in the terminal, it reads ``words.help`` and the channel supplies the word, rendered from its
own template. Every channel supplies every key; a missing one is refused at start.
"""

from __future__ import annotations

from collections.abc import Mapping

WORD_KEYS = (
    "help",  # how to ask for help again ("/help", "help")
    "controls_help",  # the list of controls, one per line, with what each does
    "resume_how",  # how to carry on after pausing (one sentence)
    "start_again",  # how to begin a new reflection ("Send /start", "Run it again")
    "type_it",  # how to give an answer in one's own words ("Type it as a message")
    "choose_option",  # asking to use one of the options (one sentence)
)


def checked_words(words: Mapping[str, str]) -> dict[str, str]:
    """``words`` as given, if it has every key of :data:`WORD_KEYS`; a ``ValueError`` if not."""
    missing = [key for key in WORD_KEYS if not str(words.get(key, "")).strip()]
    if missing:
        raise ValueError(f"the channel's words lack {', '.join(missing)}")
    return {key: str(words[key]) for key in WORD_KEYS}


def sample_words() -> dict[str, str]:
    """Stand-in words for validating templates without a channel."""
    return {key: f"<{key}>" for key in WORD_KEYS}
