"""Start reporting: `citycomm-reporting` (settings from CITYCOMM_* variables).

`citycomm-reporting migrate` only brings the database to the newest schema (alembic upgrade head)
and exits: for deployments that migrate in a job and start workers with
CITYCOMM_MIGRATE_ON_START=false. `citycomm-reporting hash-password` asks for a password and prints its
Argon2id hash for the pages' users file.
"""

from __future__ import annotations

import asyncio
import getpass
import sys

from citycomm_common.settings import load_settings
from citycomm_common.telemetry import configure_telemetry
from citycomm_common.worker import run_worker
from citycomm_reporting.adapters.people import hash_password
from citycomm_reporting.app import create_app
from citycomm_reporting.bootstrap import migrate
from citycomm_reporting.settings import ReportingSettings


def main() -> None:
    if sys.argv[1:2] == ["hash-password"]:  # for the users file (docs/reporting-sign-in.md)
        sys.stdout.write(hash_password(getpass.getpass("Password: ")) + "\n")
        return
    settings = load_settings(ReportingSettings)
    if sys.argv[1:2] == ["migrate"]:
        asyncio.run(migrate(settings))
        return
    configure_telemetry("reporting", settings)
    run_worker(create_app(settings), settings)


if __name__ == "__main__":
    main()
