"""Enrolling team leads with one-time codes."""

from __future__ import annotations

import argparse
import sys

from bot.app import build_store
from bot.services.leads import Leads
from bot.settings import Settings


def cmd_leads(args: argparse.Namespace, settings: Settings) -> int:
    """Enrol team leads with one-time codes, list them, or remove one."""
    leads = Leads(build_store(settings))
    if args.action == "add":
        if not args.ward:
            print(
                "Name the ward(s) the lead may review: --ward W (repeat for more).", file=sys.stderr
            )
            return 2
        try:
            code = leads.invite(args.ward, days=args.days)
        except ValueError as exc:
            print(f"Cannot make a code: {exc}.", file=sys.stderr)
            return 2
        print(f"One-time code for {', '.join(sorted(set(args.ward)))}: {code}")
        print(f"The lead sends this to the bot within {args.days} days:  /lead {code}")
        return 0
    if args.action == "remove":
        if args.id is None:
            print("Give the lead's number from 'reflect leads list': --id N", file=sys.stderr)
            return 2
        if not leads.remove(args.id):
            print(f"No lead number {args.id}.", file=sys.stderr)
            return 1
        print(f"Lead {args.id} removed.")
        return 0
    found = leads.all()
    if not found:
        print("No team leads yet. Add one with: reflect leads add --ward W")
    for lead in found:
        print(f"{lead.id}: {', '.join(lead.wards)} (since {lead.created_on.isoformat()})")
    pending = leads.pending()
    if pending:
        print("Codes not used yet (the codes are not kept, so they cannot be shown again):")
    for invite in pending:
        print(f"  for {', '.join(invite.wards)}: expires {invite.expires_on.isoformat()}")
    return 0
