"""Script validation: every problem is reported as file:step: problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from dialogues import ScriptError, ScriptLibrary, load_scripts
from dialogues.loader import SCRIPTS_DIR, TEMPLATES_DIR


@pytest.fixture
def dialogues_dir(tmp_path: Path) -> Path:
    """A copy of the built-in scripts and templates to break."""
    shutil.copytree(SCRIPTS_DIR, tmp_path / "scripts")
    shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(ScriptError) as caught:
        load_scripts(folder / "scripts", folder / "templates")
    return caught.value.problems


def test_built_in_scripts_are_valid() -> None:
    scripts = {s.id: s for s in load_scripts()}
    assert set(scripts) == {"staff", "patient", "followup_staff", "followup_patient"}
    for script in (scripts["staff"], scripts["patient"]):
        phases = {s.phase.value for s in script.question_steps if s.phase}
        assert phases == {"enquire", "explore", "empathy"}


def test_the_follow_up_saves_its_choice_and_one_typed_answer() -> None:
    scripts = {s.id: s for s in load_scripts()}
    for voice in ("staff", "patient"):
        script = scripts[f"followup_{voice}"]
        assert script.voice == voice
        noticed = script.step("noticed")
        assert noticed.store == "noticed" and noticed.phase is not None
        assert [c.id for c in noticed.choices] == ["yes_noticed", "no_change", "not_sure"]
        assert [s.name for s in script.question_steps] == ["better"]


def test_a_compiled_script_renders_without_compiling_again(library: ScriptLibrary) -> None:
    # Validation rendered every template in the environments turns use: the first person after
    # a start waits for no template compilation.
    for script_id in library.ids():
        compiled = library.current(script_id)
        for output, env in compiled.environments.items():
            assert env.cache is not None
            kept = {name for _, name in env.cache}
            needed = {step.template for step in compiled.script.steps.values()}
            assert needed <= kept, (script_id, output, sorted(needed - kept))


def test_unknown_target(dialogues_dir: Path) -> None:
    _edit(dialogues_dir / "scripts/staff.yaml", "next: could_be_better", "next: could_be_beter")
    assert any(
        p.endswith("staff.yaml:what_happened: unknown target 'could_be_beter'")
        for p in _problems(dialogues_dir)
    )


def test_unreachable_state(dialogues_dir: Path) -> None:
    _edit(
        dialogues_dir / "scripts/patient.yaml",
        "  held:\n    kind: text",
        "  orphan:\n    kind: text\n    phase: explore\n    next: listened\n\n"
        "  held:\n    kind: text",
    )
    (dialogues_dir / "templates/en/patient/orphan.j2").write_text(
        "{% block title %}x{% endblock %}{% block prompt %}x{% endblock %}"
    )
    assert any(
        p.endswith("patient.yaml:orphan: unreachable from the start step 'welcome'")
        for p in _problems(dialogues_dir)
    )


def test_dead_end_without_next(dialogues_dir: Path) -> None:
    _edit(
        dialogues_dir / "scripts/staff.yaml",
        "    phase: empathy\n    next: review",
        "    phase: empathy",
    )
    problems = _problems(dialogues_dir)
    assert any(
        p.endswith(
            "staff.yaml:next_time: dead end: no 'next' (every step but an end step needs one)"
        )
        for p in problems
    )


def test_dead_end_loop_that_never_finishes(dialogues_dir: Path) -> None:
    _edit(
        dialogues_dir / "scripts/staff.yaml",
        "    phase: empathy\n    next: review",
        "    phase: empathy\n    next: their_experience",
    )
    problems = _problems(dialogues_dir)
    assert any(
        p.endswith("staff.yaml:next_time: dead end: no way from here reaches an end step")
        for p in problems
    )


def test_missing_template(dialogues_dir: Path) -> None:
    (dialogues_dir / "templates/en/staff/care_control.j2").unlink()
    assert any(
        p.endswith("staff.yaml:care_control: missing template 'care_control.j2'")
        for p in _problems(dialogues_dir)
    )


def test_template_missing_a_button_label(dialogues_dir: Path) -> None:
    _edit(
        dialogues_dir / "templates/en/staff/role.j2",
        "{% block choice_witness %}",
        "{% block choice_wit %}",
    )
    assert any(
        p.endswith("staff.yaml:role: template 'role.j2' has no block 'choice_witness'")
        for p in _problems(dialogues_dir)
    )


def test_template_with_an_undefined_variable(dialogues_dir: Path) -> None:
    _edit(
        dialogues_dir / "templates/en/staff/next_time.j2", "One idea", "{{ nurse_name }} One idea"
    )
    assert any(
        "staff.yaml:next_time: template 'next_time.j2' block 'prompt'" in p and "nurse_name" in p
        for p in _problems(dialogues_dir)
    )


def test_unknown_guard(dialogues_dir: Path) -> None:
    _edit(dialogues_dir / "scripts/staff.yaml", "when: is_restraint", "when: is_restrained")
    assert any(
        p.endswith("staff.yaml:lead_up: unknown guard 'is_restrained'")
        for p in _problems(dialogues_dir)
    )


def test_unknown_action(dialogues_dir: Path) -> None:
    _edit(
        dialogues_dir / "scripts/patient.yaml",
        "on_enter: [mark_declined]",
        "on_enter: [send_email]",
    )
    assert any(
        p.endswith("patient.yaml:later: unknown action 'send_email'")
        for p in _problems(dialogues_dir)
    )


def test_a_choice_id_too_long_for_button_data(dialogues_dir: Path) -> None:
    long_id = "a_very_long_choice_identifier_that_will_not_fit_in_callback_data"
    _edit(dialogues_dir / "scripts/staff.yaml", "      - id: later\n", f"      - id: {long_id}\n")
    _edit(dialogues_dir / "templates/en/staff/hurt_check.j2", "choice_later", f"choice_{long_id}")
    problems = _problems(dialogues_dir)
    assert any(
        f"staff.yaml:hurt_check: choice '{long_id}': ids are at most 32 characters" in p
        for p in problems
    )


def test_every_problem_is_listed_not_just_the_first(dialogues_dir: Path) -> None:
    _edit(dialogues_dir / "scripts/staff.yaml", "when: is_restraint", "when: is_restrained")
    _edit(
        dialogues_dir / "scripts/patient.yaml",
        "on_enter: [mark_declined]",
        "on_enter: [send_email]",
    )
    problems = _problems(dialogues_dir)
    assert any("staff.yaml:lead_up:" in p for p in problems)
    assert any("patient.yaml:later:" in p for p in problems)


def test_reflect_check_names_file_and_state(
    dialogues_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(dialogues_dir / "scripts/staff.yaml", "next: could_be_better", "next: nowhere")
    code = main(["check", "--dir", str(dialogues_dir)])
    err = capsys.readouterr().err
    assert code == 1
    assert "staff.yaml:what_happened: unknown target 'nowhere'" in err
    assert "1 problem(s) found." in err


def test_reflect_check_passes_on_built_in_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "staff.yaml: ok" in out and "patient.yaml: ok" in out
