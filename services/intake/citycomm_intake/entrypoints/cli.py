"""`citycomm-intake keys create|revoke|list`: manage API keys (only their hashes are stored)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date
from zoneinfo import ZoneInfo

from citycomm_common.clock import SystemClock
from citycomm_common.directory import Directory, load_directory
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.topics import DIRECTORY_AGENCIES
from citycomm_intake.adapters.keystore import KeyStore
from citycomm_intake.domain.key_parties import NotInDirectory, PartyRefused, check_form, check_member
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
    store = await KeyStore.open(settings.api_keys_database_url)
    now = SystemClock().now()
    try:
        if args.action == "create":
            role = Role(args.role)
            try:
                today = now.astimezone(CITY_TIME).date()
                await check_party(role, args.party, settings, today, args.directory_wait)
            except PartyRefused as refused:
                sys.stderr.write(f"no key created: {refused}\n")
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


CITY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


async def check_party(role: Role, party: str, settings: IntakeSettings, today: date, wait: float) -> None:
    """The directory files first; an agency an operator added is only in directory.agencies."""
    check_form(role, party)
    try:
        check_member(role, party, load_directory(settings.config_dir / "directory.yaml"), today)
    except NotInDirectory as by_files:
        live = await live_directory(settings, wait)
        if live is None:
            raise PartyRefused(
                f"{by_files}; the live directory ({DIRECTORY_AGENCIES.name} at "
                f"{settings.kafka_bootstrap_servers}), which has the operators' additions, did not "
                f"answer within {wait:g} s"
            ) from None
        check_member(role, party, live, today)


async def live_directory(settings: IntakeSettings, seconds: float) -> Directory | None:
    """The directory as the services see it, or None if the broker does not answer in time."""
    for name in ("aiokafka", "citycomm_common.directory_feed"):  # a refused connection is expected
        logging.getLogger(name).setLevel(logging.CRITICAL)
    view = DirectoryView(settings, client_id="citycomm-intake-keys")
    await view.start()
    try:
        await asyncio.wait_for(view.wait_loaded(), seconds)
        return view.live()
    except TimeoutError:
        return None
    finally:
        await view.stop()


def manage(args: argparse.Namespace, settings: IntakeSettings) -> int:
    return asyncio.run(run_keys(args, settings))
