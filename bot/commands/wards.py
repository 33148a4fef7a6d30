"""Ward entry links for posters: issue, list, revoke."""

from __future__ import annotations

import argparse
import sys

from bot.app import build_store
from bot.commands.telegram import SECRET_WHY
from bot.services.wards import EntryLinks
from bot.settings import Settings


def cmd_wards(args: argparse.Namespace, settings: Settings) -> int:
    """Issue an entry link for a ward and role, list the links, or revoke one."""
    secret = settings.require_secret("REFLECT_SECRET_KEY", SECRET_WHY)
    links = EntryLinks(build_store(settings), secret)
    if args.action == "link":
        if not args.ward or not args.role:
            print("Name the ward and who it is for: --ward W --as staff|patient", file=sys.stderr)
            return 2
        try:
            payload = links.issue(args.ward, args.role)
        except ValueError as exc:
            print(f"Cannot make a link: {exc}.", file=sys.stderr)
            return 2
        print(f"Entry link for {args.role} on {args.ward}:")
        print(f"  https://t.me/<your bot's username>?start={payload}")
        print("Put it (or a QR code of it) on the ward's poster; 'reflect wards list' shows it.")
        return 0
    if args.action == "revoke":
        if args.id is None:
            print("Give the link's number from 'reflect wards list': --id N", file=sys.stderr)
            return 2
        if not links.revoke(args.id):
            print(f"No working link number {args.id}.", file=sys.stderr)
            return 1
        print(f"Link {args.id} revoked: it no longer files reflections under its ward.")
        return 0
    found = links.all()
    if not found:
        print("No entry links yet. Make one with: reflect wards link --ward W --as patient")
    for link in found:
        state = f"revoked {link.revoked_on.isoformat()}" if link.revoked_on else "working"
        print(
            f"{link.id}: {link.role} on {link.ward}, since {link.created_on.isoformat()}, "
            f"{state}: start={links.token(link)}"
        )
    return 0
