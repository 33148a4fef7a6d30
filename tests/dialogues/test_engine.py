"""Engine behaviour a person notices, beyond the transcripts."""

from __future__ import annotations

from dialogues import Command, Engine, ScriptLibrary, Status, UserInput


def _walk(engine: Engine, library: ScriptLibrary, script_id: str, inputs: list[UserInput]):  # type: ignore[no-untyped-def]
    compiled = library.current(script_id)
    result = engine.start(compiled)
    for given in inputs:
        result = engine.turn(compiled, result.state, given)
    return result


def test_one_shared_machine_serves_every_session(engine: Engine, library: ScriptLibrary) -> None:
    compiled = library.current("staff")
    machine_before = compiled.machine
    states = [engine.start(compiled).state for _ in range(200)]
    for state in states:
        engine.turn(compiled, state, UserInput.tapped("ok_now"))
    assert library.current("staff").machine is machine_before
    # No session was registered with transitions: the machine holds no models.
    assert machine_before._machine.models == []


def test_turn_does_not_change_the_state_it_was_given(
    engine: Engine, library: ScriptLibrary
) -> None:
    compiled = library.current("staff")
    start = engine.start(compiled).state
    engine.turn(compiled, start, UserInput.tapped("ok_now"))
    assert start.step == "welfare" and start.history == []


def test_guarded_routes_follow_the_intervention(engine: Engine, library: ScriptLibrary) -> None:
    expected = {
        "restraint": "during_restraint",
        "seclusion": "during_seclusion",
        "rapid_tranquillisation": "during_rt",
        "other": "care_control",
    }
    for intervention, step in expected.items():
        skip = UserInput.control(Command.SKIP)
        inputs = [UserInput.tapped("ok_now"), UserInput.tapped("involved")]
        inputs += [UserInput.tapped(intervention), skip, skip, skip, skip]
        assert _walk(engine, library, "staff", inputs).state.step == step


def test_patient_witness_is_asked_how_it_felt_to_see_it(
    engine: Engine, library: ScriptLibrary
) -> None:
    skip = UserInput.control(Command.SKIP)
    inputs = [
        UserInput.tapped("ok_now"),
        UserInput.tapped("witness"),
        UserInput.tapped("restraint"),
    ]
    result = _walk(engine, library, "patient", [*inputs, skip, skip, skip, skip])
    assert result.state.step == "seeing_it"
    assert "How did it feel to see it?" in result.replies[-1].text


def test_every_patient_question_can_be_skipped(engine: Engine, library: ScriptLibrary) -> None:
    result = _walk(engine, library, "patient", [UserInput.control(Command.SKIP)] * 14)
    assert result.state.step == "review"
    assert result.state.status is Status.ACTIVE


def test_answers_are_anonymised_before_they_are_kept(
    engine: Engine, library: ScriptLibrary
) -> None:
    inputs = [UserInput.tapped("ok_now"), UserInput.tapped("involved"), UserInput.tapped("other")]
    inputs.append(UserInput.typed("ring 07700 900123 or mail sam.x@example.org"))
    result = _walk(engine, library, "staff", inputs)
    kept = result.state.answers["went_well"].text
    assert kept is not None
    assert "07700" not in kept.text and "example.org" not in kept.text
    assert "[phone]" in kept.text and "[email]" in kept.text
    assert "07700" not in str(result.state.to_dict())


def test_too_long_answer_keeps_the_earlier_ones(engine: Engine, library: ScriptLibrary) -> None:
    inputs = [UserInput.tapped("ok_now"), UserInput.tapped("involved"), UserInput.tapped("other")]
    inputs += [UserInput.typed("kept answer"), UserInput.typed("x" * 5000)]
    result = _walk(engine, library, "staff", inputs)
    assert result.state.step == "what_happened"
    assert result.state.answers["went_well"].text is not None
    assert "5000 characters" in result.replies[0].text


def test_pause_then_any_message_resumes_at_the_same_question(
    engine: Engine, library: ScriptLibrary
) -> None:
    inputs = [UserInput.tapped("ok_now"), UserInput.control(Command.PAUSE)]
    paused = _walk(engine, library, "staff", inputs)
    assert paused.state.status is Status.PAUSED
    resumed = engine.turn(library.current("staff"), paused.state, UserInput.control(Command.RESUME))
    assert resumed.state.status is Status.ACTIVE
    assert resumed.state.step == "role"
    assert "Were you directly involved" in resumed.replies[-1].text


def test_not_now_at_the_start_saves_nothing(engine: Engine, library: ScriptLibrary) -> None:
    result = _walk(engine, library, "patient", [UserInput.tapped("not_now")])
    assert result.state.status is Status.DECLINED
    assert result.outcome.ended and not result.outcome.saved
