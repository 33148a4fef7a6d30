"""Print the detector's recall and false-alarm figures at the end of every test run."""

from __future__ import annotations

import pytest

from safety import RiskDetector, SafetyConfigError
from tools.safety.evaluate import score
from tools.safety.phrases import SET_NAMES, load_set


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Add one line per phrase set to pytest's summary, so the figures are always visible."""
    terminalreporter.section("safety detector")
    try:
        detector = RiskDetector()
        for name in SET_NAMES:
            terminalreporter.write_line(score(detector, name.upper(), load_set(name)).summary())
    except (SafetyConfigError, OSError) as exc:
        # The failing tests already say what is wrong; the summary must not crash the report.
        terminalreporter.write_line(f"figures unavailable: {exc}")
