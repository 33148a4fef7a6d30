"""``redact_stream``: one output line per input line, explanations kept off stdout."""

from __future__ import annotations

import io

from privacy import Anonymiser, BasicAnonymiser, redact_stream


def test_one_line_out_per_line_in(anonymiser: Anonymiser) -> None:
    lines = ["dr okafor rang 07700 900456\n", "nothing here\n", "a\rb\u2028c line\n", "\n"]
    out = io.StringIO()
    count = redact_stream(lines, out, anonymiser=anonymiser)
    written = out.getvalue().split("\n")
    assert written[-1] == ""
    assert len(written[:-1]) == len(lines)
    assert written[0] == "dr [name 1] rang [phone]"
    assert written[2] == "a b c line"
    assert count == 2


def test_each_line_has_its_own_book(anonymiser: Anonymiser) -> None:
    out = io.StringIO()
    redact_stream(["dr nowak\n", "dr chen\n"], out, anonymiser=anonymiser)
    assert out.getvalue() == "dr [name 1]\ndr [name 1]\n"


def test_explain_goes_to_its_own_stream(anonymiser: Anonymiser) -> None:
    out, notes = io.StringIO(), io.StringIO()
    redact_stream(
        ["call 07700 900456\n"], out, anonymiser=anonymiser, explain=True, explain_out=notes
    )
    assert out.getvalue() == "call [phone]\n"
    assert notes.getvalue().startswith("line 1: [phone] phone (")
    assert "07700" not in notes.getvalue()


def test_any_text_anonymiser_works() -> None:
    out = io.StringIO()
    redact_stream(["mail a@b.org"], out, anonymiser=BasicAnonymiser())
    assert out.getvalue() == "mail [email]\n"
