"""A bot process for kill -9 tests: feeds planned updates to the real Application, offline.

Run as ``python worker_process.py DATABASE_URL PLAN ACKS [POINT N]``. PLAN is a JSON list of
update dicts. ACKS holds one line per confirmed batch, its last line the offset reached: as with
Telegram's ``getUpdates``, a batch is confirmed only after it was handled, so a process killed
in between is sent that batch again when it comes back. Each line on stdin releases one batch
(so the parent can kill it while a chosen batch is in flight); at end of input it runs on.
With POINT and N the process kills itself at its N-th pass through POINT: ``before_commit``,
``after_commit`` or ``after_reply``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402

from bot.channels.telegram import TelegramChannel, build_application  # noqa: E402
from bot.services.conversation import Conversations  # noqa: E402
from bot.settings import Secret  # noqa: E402
from dialogues import Engine, Output, ScriptLibrary, UiTexts, read_source, script_paths  # noqa: E402
from privacy import BasicAnonymiser  # noqa: E402
from storage import Store, UnitOfWork, make_engine  # noqa: E402
from tests.support.safety import TEST_PLACEHOLDER_KEY, real_safeguard, real_support, telegram_words  # noqa: E402
from tests.support.telegram import OfflineBotApi  # noqa: E402

TOKEN = "123456:OFFLINE-WORKER-TOKEN"
SECRET = Secret("synthetic-test-secret")
MOST_PER_BATCH = 2


class KillSwitch:
    """Ends the process abruptly at the N-th pass through the chosen point."""

    def __init__(self, point: str | None, nth: int) -> None:
        self.point = point
        self.left = nth

    def passing(self, point: str) -> None:
        """Count a pass through ``point``; SIGKILL when it is the chosen one."""
        if point != self.point:
            return
        self.left -= 1
        if self.left <= 0:
            os.kill(os.getpid(), signal.SIGKILL)


class KillableApi(OfflineBotApi):
    """The offline Bot API, passing the kill switch's ``after_reply`` point on each message."""

    def __init__(self, switch: KillSwitch) -> None:
        super().__init__(keep=False)
        self.switch = switch

    def answered(self, method: str) -> None:
        """Count a sent message as a pass through ``after_reply``."""
        if method == "sendMessage":
            self.switch.passing("after_reply")


class KillableStore(Store):
    """A store that can die with a transaction's work done but not yet committed."""

    def __init__(self, url: str, switch: KillSwitch) -> None:
        super().__init__(make_engine(url))
        self.switch = switch

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A unit of work, with a kill point just before its commit."""
        with super().unit() as unit:
            yield unit
            self.switch.passing("before_commit")


class KillableConversations(Conversations):
    """Conversations with a kill point just after each turn's commit."""

    switch: KillSwitch

    def take_turn(self, *args: Any, **kwargs: Any) -> Any:
        """A turn, then perhaps death before anything is sent."""
        result = super().take_turn(*args, **kwargs)
        self.switch.passing("after_commit")
        return result

    def start(self, *args: Any, **kwargs: Any) -> Any:
        """A new session, then perhaps death before anything is sent."""
        result = super().start(*args, **kwargs)
        self.switch.passing("after_commit")
        return result


def confirmed(acks: Path) -> int:
    """The offset confirmed last (a line cut short by a kill does not count)."""
    if not acks.exists():
        return 0
    lines = [line for line in acks.read_text().split("\n") if line.endswith(";")]
    return int(lines[-1].rstrip(";")) if lines else 0


def confirm(acks: Path, offset: int) -> None:
    """Confirm a batch durably, then say so to the parent."""
    with acks.open("a") as out:
        out.write(f"{offset};\n")
        out.flush()
        os.fsync(out.fileno())
    print(f"ack {offset}", flush=True)


async def run(url: str, plan: list[dict[str, Any]], acks: Path, switch: KillSwitch) -> None:
    """Handle the plan from the last confirmed offset to the end."""
    store = KillableStore(url, switch)
    library = ScriptLibrary(read_source(p) for p in script_paths())
    engine = Engine(
        UiTexts(Output.TELEGRAM_HTML),
        BasicAnonymiser(),
        words=telegram_words(),
        support=real_support(),
        placeholder_key=TEST_PLACEHOLDER_KEY,
    )
    conversations = KillableConversations(
        store, library, engine, "telegram", safeguard=real_safeguard()
    )
    conversations.switch = switch
    api = KillableApi(switch)
    # A restart takes longer than this, so a redelivered update whose reply died with the
    # previous process gets its question again without waiting the production lease.
    channel = TelegramChannel(conversations, SECRET, reply_lease=0.5)
    app = build_application(channel, TOKEN, request=api, updates_request=KillableApi(switch))
    await app.initialize()
    await app.start()
    print("ready", flush=True)
    offset = confirmed(acks)
    batches = random.Random(offset)
    paced = True
    while offset < len(plan):
        if paced:
            # The parent plays Telegram: a line hands out the next batch; end of input, all.
            paced = bool(await asyncio.to_thread(sys.stdin.readline))
        size = batches.randint(1, MOST_PER_BATCH)
        for data in plan[offset : offset + size]:
            await app.update_queue.put(Update.de_json(data, app.bot))
        await app.update_queue.join()
        offset = min(offset + size, len(plan))
        confirm(acks, offset)
    await app.stop()
    await app.shutdown()
    store.engine.dispose()
    print("done", flush=True)


def main(argv: list[str]) -> None:
    """Entry point: URL, plan file, acks file, and an optional kill point with its count."""
    url, plan_path, acks_path = argv[:3]
    switch = KillSwitch(argv[3], int(argv[4])) if len(argv) > 3 else KillSwitch(None, 0)
    plan = json.loads(Path(plan_path).read_text())
    asyncio.run(run(url, plan, Path(acks_path), switch))


if __name__ == "__main__":
    main(sys.argv[1:])
