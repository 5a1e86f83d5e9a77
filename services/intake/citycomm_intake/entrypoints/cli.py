"""`citycomm-intake keys create|revoke|list`: manage API keys (only their hashes are stored)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from citycomm_intake import bootstrap
from citycomm_intake.domain.key_parties import PartyRefused
from citycomm_intake.domain.principals import KEY_ROLES, Role
from citycomm_intake.service_layer.key_admin import KeyAdmin
from citycomm_intake.settings import IntakeSettings


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="citycomm-intake", description="CityComm intake: serve, or manage API keys"
    )
    commands = main.add_subparsers(dest="command")
    commands.add_parser("serve", help="run the REST, Open311 and gRPC server (the default)")
    keys = commands.add_parser("keys", help="API keys").add_subparsers(dest="action", required=True)
    create = keys.add_parser("create", help="create a key and print it once")
    create.add_argument("--role", required=True, choices=[r.value for r in KEY_ROLES])
    create.add_argument(
        "--party",
        default="",
        help="agency, Press Center or press agency id (in the directory), or the Open311 app's name",
    )
    create.add_argument("--label", default="", help="who holds it, for the list")
    create.add_argument(
        "--directory-wait",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how long to wait for the live directory (directory.agencies) when the files lack the party",
    )
    revoke = keys.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    keys.add_parser("list", help="list keys (ids, roles, parties; never the keys)")
    return main


async def run_keys(args: argparse.Namespace, settings: IntakeSettings) -> int:
    async with bootstrap.key_admin(settings) as keys:
        if args.action == "create":
            return await create(keys, args)
        if args.action == "revoke":
            return await revoke(keys, args.key_id)
        for info in await keys.list():
            state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
            sys.stdout.write(f"{info.key_id}\t{info.role}\t{info.party_id}\t{state}\t{info.label}\n")
        return 0


async def create(keys: KeyAdmin, args: argparse.Namespace) -> int:
    role = Role(args.role)
    try:
        key_id, key = await keys.create(role, args.party, args.label, args.directory_wait)
    except PartyRefused as refused:
        sys.stderr.write(f"no key created: {refused}\n")
        return 2
    sys.stdout.write(f"{key}\n")
    sys.stderr.write(f"key {key_id} for {role.value} {args.party!r}: shown once, store it now\n")
    return 0


async def revoke(keys: KeyAdmin, key_id: str) -> int:
    if not await keys.revoke(key_id):
        sys.stderr.write(f"no active key {key_id}\n")
        return 1
    sys.stderr.write(f"revoked {key_id}\n")
    return 0


def manage(args: argparse.Namespace, settings: IntakeSettings) -> int:
    return asyncio.run(run_keys(args, settings))
