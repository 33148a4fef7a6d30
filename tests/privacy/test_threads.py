"""anonymise() on many worker threads at once (one per chat) gives what it gives on one thread."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from privacy import Anonymiser
from privacy.name_model import RampartNameModel

TEXTS = [
    "my sister jo came and dr okafor said sorry",
    "i was on hawthorn ward then moved to thistle",
    "folasade held my arm and will kept shouting",
    "call me on 07700 900456, i live in sheffield",
    "nurse kasia explained the injection to me",
    "they held me down and Grace sat with me after",
    "my mate ty brought crisps, i hope they let me out",
    "back on magnolia again with nurse bronagh",
]


def test_concurrent_calls_match_serial_calls() -> None:
    # A fresh model (no cache shared with other tests), so every thread really runs the model.
    serial = Anonymiser(name_model=RampartNameModel())
    expected = [serial.anonymise(t).text for t in TEXTS]
    shared = Anonymiser(name_model=RampartNameModel())
    work = TEXTS * 6
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: shared.anonymise(t).text, work))
    assert got == expected * 6
    assert any("[name" in t for t in got)
