"""Actions on the server: record what a ward will try, list, follow up and export them."""

from __future__ import annotations

import argparse
import sys

from bot.app import build_store
from bot.services.actions import FEEDBACK_STATUSES, ActionLink, ActionRefused, Actions, parse_due
from bot.services.reports import Reviews, build_review
from bot.settings import Settings
from privacy import AnonymisedText
from storage import ActionRecord


def describe(action: ActionRecord, labels: dict[str, str]) -> str:
    """One action on one line, as ``reflect actions list`` prints it."""
    details = [f"owner {action.owner_role}"]
    if action.due_on is not None:
        details.append(f"due {action.due_on.isoformat()}")
    if action.theme:
        details.append(f"theme {labels.get(action.theme, action.theme)}")
    if action.idea_id:
        details.append(f"idea {action.idea_id}")
    if action.started_on is not None:
        details.append(f"started {action.started_on.isoformat()}")
    line = f"{action.id}: {action.ward}, {action.status}: {action.text} ({', '.join(details)})"
    if action.outcome:
        line += f"\n    outcome: {action.outcome}"
    return line


def cmd_actions(args: argparse.Namespace, settings: Settings) -> int:
    """Record an action, list them, change one's status, or export them as CSV or JSON."""
    store = build_store(settings)

    def anonymise(text: str) -> AnonymisedText:
        # The name model loads only when there is text to anonymise.
        from bot.anonymiser import build_anonymiser

        return build_anonymiser(settings).anonymise(text)

    actions = Actions(
        store,
        anonymise,
        Reviews(store, build_review(settings)),
        feedback_days=settings.feedback_days,
    )
    try:
        return _run(args, actions)
    except ActionRefused as refused:
        print(str(refused), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, actions: Actions) -> int:
    wards = {args.ward} if args.ward else None
    if args.what == "add":
        if not args.ward or args.text is None:
            raise ActionRefused('Name the ward and the action: --ward W --text "..."')
        due = parse_due(args.due, actions.today()) if args.due else None
        link = ActionLink(idea=args.idea, theme=args.theme)
        added = actions.add(args.ward, args.text, link=link, owner_role=args.owner_role, due=due)
        print(f"Action {added.id} recorded for {added.ward}:")
        print(f"  {describe(added, actions.labels)}")
        print(f"Follow it up with: reflect actions update {added.id} --status trying")
        return 0
    if args.what == "update":
        if args.id is None or not args.id.isdigit():
            raise ActionRefused("Give the action's number from 'reflect actions list': update N")
        if args.status is None:
            raise ActionRefused("Give the new status: --status planned|trying|done|dropped")
        updated = actions.update(int(args.id), args.status, args.outcome)
        print(f"Action {updated.id} is now {updated.status}.")
        print(f"  {describe(updated, actions.labels)}")
        if updated.status in FEEDBACK_STATUSES:
            waiting = actions.waiting(updated.id)
            people = "person" if waiting == 1 else "people"
            print(
                f'"You said, we did": {waiting} {people} who reflected on {updated.ward} in the '
                f"last {actions.feedback_days} days will hear about it from the bot "
                "(reflect run or reflect webhook sends it, at most one such message a day each)."
            )
        return 0
    if args.what == "export":
        if args.format is None:
            raise ActionRefused("Choose a format: --format csv or --format json")
        sys.stdout.write(actions.export(args.format, wards))
        return 0
    found = actions.all(wards)
    if not found:
        where = f" on {args.ward}" if args.ward else ""
        print(f'No actions{where} yet. Record one with: reflect actions add --ward W --text "..."')
    for action in found:
        print(describe(action, actions.labels))
    return 0
