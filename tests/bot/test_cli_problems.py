"""Every misconfiguration ends in one line naming the problem and the fix, through `reflect`.

Each case runs the real command in a process of its own, in an empty folder (no .env), and
checks the exit code, that one line says what is wrong, that there is no traceback, and that
no secret is shown.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

TOKEN = "123456789:AAAsyntheticTOKENnotRealxxxxxxxxxxx"
SECRET_KEY = "synthetic-secret-key-for-problems"


def clean_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment without any project setting, plus ``settings``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REFLECT_", "TELEGRAM_", "DATABASE_URL"))
    }
    env["REFLECT_DATA_DIR"] = str(tmp_path / "data")
    env.update(settings)
    return env


def run_reflect(
    tmp_path: Path, *args: str, code: str = "", stdin: str | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    """Run `reflect ARGS` in its own process (``code`` runs first in it), in ``tmp_path``."""
    program = f"import sys\n{code}\nfrom bot.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=tmp_path,
        env=clean_env(tmp_path, **settings),
        capture_output=True,
        text=True,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        timeout=60,
    )


def reflect(tmp_path: Path, *args: str, code: str = "", **settings: str) -> tuple[int, list[str]]:
    """Run `reflect ARGS` (``code`` runs first in the same process); exit code, stderr lines."""
    done = run_reflect(tmp_path, *args, code=code, **settings)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return done.returncode, lines


def problem(lines: list[str]) -> str:
    """The one line that is not a deployment warning; fails if there is more than one."""
    assert not any("Traceback" in line for line in lines), lines
    said = [line for line in lines if not line.startswith("WARNING ")]
    assert len(said) == 1, said
    return said[0]


def test_a_database_url_that_is_not_one(tmp_path: Path) -> None:
    code, lines = reflect(tmp_path, "chat", DATABASE_URL="garbage")
    assert code == 2 and "is not a database URL" in problem(lines)


def test_postgresql_unreachable_hides_the_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://reflect:hunter2pass@127.0.0.1:1/reflect"
    code, lines = reflect(tmp_path, "report", "--out", "r.html", DATABASE_URL=url)
    line = problem(lines)
    assert code == 2 and "Cannot use the database" in line and "hunter2pass" not in line


@pytest.mark.postgres
def test_postgresql_database_missing(tmp_path: Path, postgres_server: str) -> None:
    url = postgres_server.rsplit("/", 1)[0] + "/reflect_no_such_database"
    code, lines = reflect(tmp_path, "leads", "list", DATABASE_URL=url)
    assert code == 2 and "does not exist" in problem(lines)


@pytest.mark.postgres
def test_postgresql_without_tables_is_refused_naming_the_upgrade(
    tmp_path: Path, postgres_database: str
) -> None:
    code, lines = reflect(
        tmp_path,
        "run",
        DATABASE_URL=postgres_database,
        TELEGRAM_BOT_TOKEN=TOKEN,
        REFLECT_SECRET_KEY=SECRET_KEY,
        TELEGRAM_API_BASE_URL=fake_telegram_url(tmp_path),
    )
    assert code == 2 and "reflect db upgrade" in problem(lines)


def test_a_psycopg_less_install_names_the_postgres_extra(tmp_path: Path) -> None:
    code, lines = reflect(
        tmp_path,
        "leads",
        "list",
        code="sys.modules['psycopg'] = None",
        DATABASE_URL="postgresql+psycopg://reflect@127.0.0.1:1/reflect",
    )
    assert code == 2 and ".[postgres]" in problem(lines)


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_a_data_folder_that_cannot_be_used(tmp_path: Path, where: str) -> None:
    target = tmp_path / "afile"
    target.write_text("not a folder", encoding="utf-8")
    folder = target if where == "a file" else target / "inside"
    code, lines = reflect(tmp_path, "chat", REFLECT_DATA_DIR=str(folder))
    assert code == 2 and "REFLECT_DATA_DIR" in problem(lines)


def test_a_language_with_no_dialogues(tmp_path: Path) -> None:
    code, lines = reflect(tmp_path, "chat", REFLECT_LANGUAGE="fr")
    assert code == 2 and "available: en" in problem(lines)


def test_a_malformed_log_level(tmp_path: Path) -> None:
    code, lines = reflect(tmp_path, "check", REFLECT_LOG_LEVEL="LOUD")
    assert code == 2 and "REFLECT_LOG_LEVEL" in problem(lines)


def test_bad_organisation_lists(tmp_path: Path) -> None:
    bad = tmp_path / "org.yaml"
    bad.write_text("wards: [oak\n", encoding="utf-8")
    code, lines = reflect(tmp_path, "redact", REFLECT_ORG_LISTS=str(bad))
    assert code == 2 and "REFLECT_ORG_LISTS" in problem(lines)


@pytest.mark.parametrize("command", [["themes"], ["report", "--out", "r.html"]])
def test_a_bad_codebook(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "codebook.yaml"
    bad.write_text("themes: [\n", encoding="utf-8")
    code, lines = reflect(tmp_path, *command, REFLECT_CODEBOOK=str(bad))
    said = [line for line in lines if not line.startswith("WARNING ")]
    assert code == 2 and not any("Traceback" in line for line in lines)
    assert said[0].endswith("has problems:") and "not valid YAML" in said[1]


class _Rejecting(http.server.BaseHTTPRequestHandler):
    """A Bot API server that rejects every token, on loopback."""

    def do_POST(self) -> None:
        body = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"})
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture
def rejecting_server() -> Iterator[str]:
    """The URL of a loopback Bot API server that answers 401 Unauthorized."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Rejecting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fake_telegram_url(_: Path) -> str:
    """A Bot API address where nothing listens (the probe fails before the database is used)."""
    return "http://127.0.0.1:1"


@pytest.mark.parametrize("command", ["run", "webhook"])
def test_a_token_telegram_rejects_is_named_and_never_shown(
    tmp_path: Path, rejecting_server: str, command: str
) -> None:
    code, lines = reflect(
        tmp_path,
        command,
        TELEGRAM_BOT_TOKEN=TOKEN,
        REFLECT_SECRET_KEY=SECRET_KEY,
        TELEGRAM_API_BASE_URL=rejecting_server,
        REFLECT_WEBHOOK_URL="https://bot.example/telegram",
        REFLECT_WEBHOOK_SECRET="hook_secret",
    )
    line = problem(lines)
    assert code == 2 and "Telegram rejected TELEGRAM_BOT_TOKEN" in line
    assert not any(TOKEN in x or TOKEN.split(":")[1] in x for x in lines)


def test_telegram_unreachable(tmp_path: Path) -> None:
    code, lines = reflect(
        tmp_path,
        "run",
        TELEGRAM_BOT_TOKEN=TOKEN,
        REFLECT_SECRET_KEY=SECRET_KEY,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:1",
    )
    assert code == 2 and "Cannot reach Telegram" in problem(lines)
