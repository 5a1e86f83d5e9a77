"""`make run`: the embedded broker (unless a cluster is configured), the services and the inbox,
kept running by the supervisor: a service that dies is restarted on the same broker and state."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import sys
from pathlib import Path

import yaml

from citycomm_common.settings import CommonSettings
from citycomm_dev.broker import EmbeddedBroker, ensure_topics, wait_until_answering
from citycomm_dev.stack import Ports, StackConfig, banner, processes
from citycomm_dev.supervisor import Program, Supervisor, describe
from citycomm_reporting.adapters.people import hash_password

STATE_DIR = Path(os.environ.get("CITYCOMM_DEV_STATE_DIR", "var/run"))


PAGE_USERS = {"lanh-dao": ("Lãnh đạo (thử)", "leadership", ""),
              "van-hanh": ("Vận hành (thử)", "operator", ""),
              "so-xay-dung": ("Sở Xây dựng (thử)", "agency", "so-xay-dung")}


def page_users(state: Path, password: str) -> Path:
    """Reporting's users file for `make run` (docs/reporting-sign-in.md), one hash for the three."""
    hashed = hash_password(password)
    users = [{"login": login, "name": name, "role": role, "password_hash": hashed,
              **({"agency_id": agency} if agency else {})}
             for login, (name, role, agency) in PAGE_USERS.items()]
    state.mkdir(parents=True, exist_ok=True)
    path = state / "reporting-users.yaml"
    path.write_text(yaml.safe_dump({"users": users}, allow_unicode=True), encoding="utf-8")
    return path


def broker_ended(broker: EmbeddedBroker | None) -> str | None:
    """Why everything must stop: the embedded broker is gone, and with it every topic (memory)."""
    code = broker.process.poll() if broker and broker.process else None
    if code is None:
        return None
    return (f"the embedded broker {describe(code)}; its topics went with it and a new one would "
            "start empty, so run `make run` again")


def main() -> int:
    logging.basicConfig(level=logging.WARNING)
    external = os.environ.get("CITYCOMM_KAFKA_BOOTSTRAP_SERVERS")
    partitions = CommonSettings().kafka_partitions
    broker: EmbeddedBroker | None = None
    if external:
        wait_until_answering(external)
        ensure_topics(external, partitions)
        bootstrap = external
    else:
        port = int(os.environ.get("CITYCOMM_DEV_BROKER_PORT", "19092"))
        STATE_DIR.parent.mkdir(parents=True, exist_ok=True)
        broker = EmbeddedBroker(port, log_path=STATE_DIR.parent / "broker.log")
        broker.start(partitions)
        bootstrap = broker.bootstrap
    shutil.rmtree(STATE_DIR, ignore_errors=True)  # the embedded broker starts empty: so does state
    password = secrets.token_urlsafe(12)  # reporting's pages: one person of each role, new each run
    config = StackConfig(bootstrap=bootstrap, embedded_broker=broker is not None,
                         state_dir=STATE_DIR.resolve(),
                         ports=Ports.shifted(int(os.environ.get("CITYCOMM_DEV_PORT_OFFSET", "0"))),
                         trace_viewer=True,
                         extra_env={"CITYCOMM_USERS_FILE": str(page_users(STATE_DIR.resolve(), password))})
    print(banner(config), flush=True)  # noqa: T201 - this is the launcher's console
    print(f"  dashboard sign-in        {', '.join(PAGE_USERS)} (leadership, operator, agency "  # noqa: T201
          f"so-xay-dung), password {password}", flush=True)
    supervisor = Supervisor([Program(s.name, s.argv, s.env) for s in processes(config)],
                            essential=lambda: broker_ended(broker))
    try:
        return asyncio.run(supervisor.run())
    finally:
        if broker:
            broker.stop()


if __name__ == "__main__":
    sys.exit(main())
