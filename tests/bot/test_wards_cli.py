"""`reflect wards`: entry links for posters, issued, listed and revoked on the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import build_store
from bot.cli import main
from bot.services.wards import Entry, EntryLinks
from bot.settings import Secret, load_settings

KEY = "ab" * 32


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A data folder with the bot's secret key set, as on the server."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("REFLECT_SECRET_KEY", KEY)
    return tmp_path


def test_a_link_is_issued_listed_and_revoked(
    server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["wards", "link", "--ward", "oak_3", "--as", "patient"]) == 0
    printed = capsys.readouterr().out
    payload = printed.split("?start=")[1].split()[0]
    links = EntryLinks(build_store(load_settings()), Secret(KEY))
    assert links.resolve(payload) == Entry("oak_3", "patient")
    # A link made with another key, or for another ward, is not accepted.
    assert EntryLinks(links.store, Secret("cd" * 32)).resolve(payload) is None
    assert main(["wards", "list"]) == 0
    listed = capsys.readouterr().out
    assert "1: patient on oak_3" in listed and "working" in listed
    assert main(["wards", "revoke", "--id", "1"]) == 0
    assert links.resolve(payload) is None
    assert main(["wards", "revoke", "--id", "1"]) == 1
    assert main(["wards", "list"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_bad_requests_get_one_line(server: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["wards", "link", "--ward", "oak 3!", "--as", "staff"]) == 2
    assert "Cannot make a link" in capsys.readouterr().err
    assert main(["wards", "link", "--ward", "oak_3"]) == 2
    assert "--as staff|patient" in capsys.readouterr().err
    assert main(["wards", "revoke"]) == 2
