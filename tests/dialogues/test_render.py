"""Rendered blocks are kept per pathway, never with what a person wrote in them."""

from __future__ import annotations

from jinja2 import DictLoader

from dialogues import Command, Engine, ScriptLibrary, UiTexts, UserInput
from dialogues.render import BlockCache, Output, block_cache, make_environment, render_block
from privacy import BasicAnonymiser
from tests.support.safety import TEST_PLACEHOLDER_KEY, real_support, telegram_words, terminal_words

TEMPLATES = {
    "role.j2": "{% block prompt %}{% if vars.role == 'witness' %}You saw it.{% else %}"
    "You were there.{% endif %}{% endblock %}",
    "echo.j2": "{% block prompt %}You said: {{ previous }}{% endblock %}",
    "outer.j2": "{% block prompt %}{% include 'inner.j2' %}{% endblock %}",
    "inner.j2": "Support: {{ support.phone }}",
}


def _env():  # type: ignore[no-untyped-def]
    return make_environment(Output.TERMINAL, DictLoader(TEMPLATES))


def test_a_kept_render_still_follows_the_pathway() -> None:
    env = _env()
    seen = render_block(env, "role.j2", "prompt", {"vars": {"role": "witness"}})
    there = render_block(env, "role.j2", "prompt", {"vars": {"role": "involved"}})
    again = render_block(env, "role.j2", "prompt", {"vars": {"role": "witness"}})
    assert (seen, there, again) == ("You saw it.", "You were there.", "You saw it.")


def test_what_included_templates_read_is_part_of_the_key() -> None:
    env = _env()
    first = render_block(env, "outer.j2", "prompt", {"support": {"phone": "111"}})
    second = render_block(env, "outer.j2", "prompt", {"support": {"phone": "116 123"}})
    assert (first, second) == ("Support: 111", "Support: 116 123")


def test_a_template_that_shows_what_someone_wrote_is_never_kept() -> None:
    env = _env()
    cache = block_cache(env)
    assert cache.reads("echo.j2") is None
    text = render_block(env, "echo.j2", "prompt", {"previous": "synthetic words"})
    assert text == "You said: synthetic words"
    assert all("synthetic words" not in kept for kept in cache._kept.values())


def test_the_cache_is_bounded() -> None:
    cache = BlockCache(_env(), size=3)
    for n in range(10):
        key = cache.key("role.j2", "prompt", {"vars": {"role": f"r{n}"}})
        assert key is not None
        cache.put(key, f"text {n}")
    assert len(cache._kept) == 3


def test_no_answer_stays_in_memory_after_whole_reflections(library: ScriptLibrary) -> None:
    engine = Engine(
        UiTexts(Output.TELEGRAM_HTML),
        BasicAnonymiser(),
        words=telegram_words(),
        support=real_support(),
        placeholder_key=TEST_PLACEHOLDER_KEY,
    )
    compiled = library.current("staff")
    words = "synthetic marker words about the garden"
    state = engine.start(compiled).state
    for given in [UserInput.tapped("ok_now"), UserInput.tapped("involved")]:
        state = engine.turn(compiled, state, given).state
    state = engine.turn(compiled, state, UserInput.tapped("restraint")).state
    for _ in range(3):
        state = engine.turn(compiled, state, UserInput.typed(words)).state
    state = engine.turn(compiled, state, UserInput.control(Command.BACK)).state
    reply = engine.prompt(compiled, state)
    assert words in reply.text  # the earlier answer is shown back...
    kept = [
        text
        for env in (*compiled.environments.values(), engine.ui._env)
        for text in block_cache(env)._kept.values()
    ]
    for reply in engine.prompts._kept.values():
        kept += [reply.text, *(b.label for b in reply.buttons)]
    assert kept  # ...questions and buttons are kept...
    assert all(words not in text for text in kept)  # ...what was typed is not


def test_kept_questions_follow_the_pathway(library: ScriptLibrary) -> None:
    engine = Engine(
        UiTexts(Output.TERMINAL),
        BasicAnonymiser(),
        support=real_support(),
        placeholder_key=TEST_PLACEHOLDER_KEY,
        words=terminal_words(),
    )
    compiled = library.current("patient")
    texts = {}
    for role in ("involved", "witness", "involved"):
        state = engine.start(compiled).state
        state = engine.turn(compiled, state, UserInput.tapped("ok_now")).state
        state = engine.turn(compiled, state, UserInput.tapped(role)).state
        assert state.step == "intervention"  # its wording follows the role
        texts.setdefault(role, set()).add(engine.prompt(compiled, state).text)
    assert len(texts["involved"]) == 1  # the same question, kept or not
    assert texts["involved"] != texts["witness"]
