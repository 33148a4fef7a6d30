"""The report opened in headless Chromium: it renders, draws charts and tables, logs no errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from review.aggregate import ReviewData
from review.report import render_report

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install -y chromium)"
)


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium offline against a local file."""
    assert CHROMIUM is not None
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(corpus_data: ReviewData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic report written to disk."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(corpus_data, generated=date(2025, 7, 1)), encoding="utf-8")
    return path


def test_dom_has_rendered_charts_and_tables(page: Path, tmp_path: Path) -> None:
    run = chromium(page, tmp_path / "profile", "--dump-dom")
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert len(re.findall(r"<svg class=\"chart\"", dom)) == 4
    assert len(re.findall(r"<table", dom)) >= 6
    assert dom.count("<rect") > 20
    assert '<th scope="col">' in dom
    # console errors from the page would be logged as CONSOLE lines
    assert "Uncaught" not in run.stderr
    assert not re.search(r"CONSOLE\(\d+\)", run.stderr)


def test_screenshot_is_kept_as_an_artifact(page: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run = chromium(page, tmp_path / "profile", "--window-size=1000,2600", f"--screenshot={shot}")
    assert run.returncode == 0, run.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
