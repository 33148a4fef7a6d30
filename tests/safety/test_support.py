"""Support resources: the packaged default, organisation overrides and validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety import SafetyConfigError, SupportResource, load_support_resources

VALID = """\
language: en
resources:
  - {audience: patient, name: Ward, how: Press the call bell., contact: "Call bell"}
  - {audience: staff, name: Staff support, how: Ring the wellbeing line., contact: "x1234"}
  - {audience: both, name: Samaritans, how: Free any time., contact: "116 123"}
"""


def test_default_english_resources() -> None:
    resources = load_support_resources()
    patient = {r.name: r for r in resources.for_audience("patient")}
    staff = {r.name: r for r in resources.for_audience("staff")}
    assert "Nurse in charge" in patient
    assert "Nurse in charge" not in staff
    assert patient["Samaritans"].contact == "116 123"
    assert patient["Emergency services"].contact == "999"
    assert "option 2" in patient["NHS 111, option 2"].how
    assert {"TRiM (Trauma Risk Management)", "Occupational health"} <= set(staff)
    assert set(resources.unfilled()) == {
        "TRiM (Trauma Risk Management)",
        "Occupational health",
        "Employee assistance programme",
    }


def test_org_override_file(tmp_path: Path) -> None:
    path = tmp_path / "trust.yaml"
    path.write_text(VALID, encoding="utf-8")
    resources = load_support_resources("en", path)
    assert resources.source == path
    assert resources.unfilled() == ()
    assert [r.name for r in resources.for_audience("staff")] == ["Staff support", "Samaritans"]
    assert resources.resources[0] == SupportResource(
        "patient", "Ward", "Press the call bell.", "Call bell"
    )


def test_org_override_folder_picks_language(tmp_path: Path) -> None:
    (tmp_path / "cy.yaml").write_text(VALID.replace("language: en", "language: cy"), "utf-8")
    assert load_support_resources("cy", tmp_path).language == "cy"


def _error(tmp_path: Path, text: str, language: str = "en") -> str:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SafetyConfigError) as caught:
        load_support_resources(language, path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- just a list", "must be a mapping"),
        ("language: fr\nresources: []", "language: must be 'en'"),
        ("language: en\nresources: []", "resources: must be a non-empty list"),
        ("language: en\nresources: [oops]", "resources[0]: must be a mapping"),
        (VALID.replace("audience: patient", "audience: visitors"), "resources[0].audience"),
        (VALID.replace("name: Ward", 'name: ""'), "resources[0].name: must be non-empty"),
        (VALID.replace('contact: "116 123"', "contact: 116123"), "resources[2].contact"),
        (VALID.replace("how: Free", "phone: 1, how: Free"), "unknown keys ['phone']"),
        (
            VALID.replace("audience: staff", "audience: patient").replace("both", "patient"),
            "no resource serves staffs",
        ),
        ("language: en\nresources: [\n", "not valid YAML"),
    ],
)
def test_validation_errors_name_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    assert problem in _error(tmp_path, text)


def test_missing_language_is_an_error() -> None:
    with pytest.raises(SafetyConfigError, match="no support resources for language 'zz'"):
        load_support_resources("zz")


@pytest.mark.parametrize("language", ["../en", "en/x", "", "english!"])
def test_language_must_be_a_tag(language: str) -> None:
    with pytest.raises(SafetyConfigError, match="not a language tag"):
        load_support_resources(language)
