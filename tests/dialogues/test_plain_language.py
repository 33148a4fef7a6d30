"""Patient prompts are plain: short sentences and short words (NHS aim: reading age 9 to 11)."""

from __future__ import annotations

import re

from dialogues import ScriptLibrary
from dialogues.render import Output, render_block
from dialogues.template_checks import sample_contexts

VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    word = word.lower()
    count = len(VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1  # a silent final e
    return max(count, 1)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level: US school grade; reading age is about grade + 5."""
    sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59


def test_the_measure_tells_plain_from_dense_text() -> None:
    assert grade("Did anything help? Tell me in your own words.") < 3
    dense = "Consideration of institutional determinants necessitates comprehensive evaluation."
    assert grade(dense) > 14


def test_patient_prompts_read_at_age_nine_to_eleven(library: ScriptLibrary) -> None:
    compiled = library.current("patient")
    env = compiled.environments[Output.TERMINAL]
    context = sample_contexts(compiled.script)[0]
    prompts = {
        step.name: render_block(env, step.template, "prompt", context)
        for step in compiled.script.steps.values()
        if step.kind.value in {"text", "choice"}
    }
    # The grade is noisy on one short question, so the whole script is held to reading age 10
    # and each question to a loose ceiling that still catches a dense one.
    assert grade("\n".join(prompts.values())) <= 5.0
    assert {name: g for name, text in prompts.items() if (g := grade(text)) > 7.0} == {}
