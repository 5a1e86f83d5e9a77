"""`citycomm-intake keys create|revoke|list`: manage API keys (only their hashes are stored)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from citycomm_common.clock import SystemClock
from citycomm_intake.adapters.keystore import KeyStore
from citycomm_intake.domain.principals import KEY_ROLES, Role
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
        "--party", default="", help="agency or press agency id (directory.yaml), or the app's name"
    )
    create.add_argument("--label", default="", help="who holds it, for the list")
    revoke = keys.add_parser("revoke", help="revoke a key by its id")
    revoke.add_argument("key_id")
    keys.add_parser("list", help="list keys (ids, roles, parties; never the keys)")
    return main


async def run_keys(args: argparse.Namespace, settings: IntakeSettings) -> int:
    store = await KeyStore.open(settings.api_keys_database_url)
    now = SystemClock().now()
    try:
        if args.action == "create":
            role = Role(args.role)
            if (
                role in (Role.AGENCY, Role.PRESS_AGENCY, Role.PRESS_CENTER, Role.OPEN311_CLIENT)
                and not args.party
            ):
                sys.stderr.write(f"--party is required for the role {role.value}\n")
                return 2
            key_id, key = await store.create(role, args.party, args.label, now)
            sys.stdout.write(f"{key}\n")
            sys.stderr.write(f"key {key_id} for {role.value} {args.party!r}: shown once, store it now\n")
        elif args.action == "revoke":
            if not await store.revoke(args.key_id, now):
                sys.stderr.write(f"no active key {args.key_id}\n")
                return 1
            sys.stderr.write(f"revoked {args.key_id}\n")
        else:
            for info in await store.list():
                state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
                sys.stdout.write(f"{info.key_id}\t{info.role}\t{info.party_id}\t{state}\t{info.label}\n")
        return 0
    finally:
        await store.close()


def manage(args: argparse.Namespace, settings: IntakeSettings) -> int:
    return asyncio.run(run_keys(args, settings))
