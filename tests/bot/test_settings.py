"""Settings: one module, .env.example in step with it, clear errors naming the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import SPECS, Secret, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_exactly_the_settings() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    keys = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE)
    assert sorted(keys) == sorted(spec.key for spec in SPECS)


def test_every_setting_in_env_example_has_a_comment() -> None:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^#?\s*[A-Z][A-Z0-9_]+=", line):
            assert index > 0 and lines[index - 1].startswith("# "), line


def test_environment_wins_over_env_file_which_wins_over_default(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("REFLECT_LANGUAGE=cy\nREFLECT_MAX_ANSWER_CHARS=900\n", encoding="utf-8")
    settings = load_settings({"REFLECT_MAX_ANSWER_CHARS": "1500"}, env_file)
    assert settings.max_answer_chars == 1500
    assert settings.language == "cy"
    assert settings.log_level == "WARNING"


def test_malformed_value_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="REFLECT_MAX_ANSWER_CHARS='lots' is not valid"):
        load_settings({"REFLECT_MAX_ANSWER_CHARS": "lots"}, tmp_path / "none")


def test_missing_required_key_names_it(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / "none")
    with pytest.raises(SettingsError, match="REFLECT_SECRET_KEY is not set"):
        settings.require_secret("REFLECT_SECRET_KEY", "to run the Telegram bot")


def test_secrets_never_show_themselves() -> None:
    secret = Secret("hunter2-very-secret")
    assert "hunter2" not in repr(secret) and "hunter2" not in str(secret)
    assert secret.reveal() == "hunter2-very-secret"


def test_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    settings = load_settings({"REFLECT_DATA_DIR": str(tmp_path)}, None)
    assert settings.database_url == f"sqlite:///{tmp_path / 'reflect.db'}"


def test_every_setting_is_a_typed_field_and_unset_paths_are_none(tmp_path: Path) -> None:
    from dataclasses import fields

    from bot.settings import Settings, field_name

    assert sorted(f.name for f in fields(Settings)) == sorted(field_name(s.key) for s in SPECS)
    settings = load_settings({}, tmp_path / "none")
    assert settings.org_lists is None and settings.codebook is None
    assert settings.secret_key is None and settings.database is None
    assert settings.followup_hours == (72, 720)
    assert settings.allow_reduced_safety is False
