"""`make run`: the embedded broker (unless a cluster is configured), the services and the inbox."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from honcho.manager import Manager

from citycomm_common.settings import CommonSettings
from citycomm_dev.broker import EmbeddedBroker, ensure_topics, wait_until_answering
from citycomm_dev.stack import Ports, StackConfig, banner, processes

STATE_DIR = Path(os.environ.get("CITYCOMM_DEV_STATE_DIR", "var/run"))


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
    config = StackConfig(bootstrap=bootstrap, embedded_broker=broker is not None,
                         state_dir=STATE_DIR.resolve(),
                         ports=Ports.shifted(int(os.environ.get("CITYCOMM_DEV_PORT_OFFSET", "0"))))
    print(banner(config), flush=True)  # noqa: T201 - this is the launcher's console
    manager = Manager()
    for spec in processes(config):
        manager.add_process(spec.name, " ".join(spec.argv), env={**os.environ, **spec.env})
    try:
        manager.loop()
    finally:
        if broker:
            broker.stop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
