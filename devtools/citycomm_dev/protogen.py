"""Generate the Python protobuf and gRPC code from proto/ with the pinned grpcio-tools."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

REPO = Path(__file__).resolve().parents[2]
PROTO_ROOT = REPO / "proto"


def proto_files() -> list[Path]:
    return sorted(PROTO_ROOT.glob("citycomm/v1/*.proto"))


def generate(out_dir: Path) -> None:
    """Write *_pb2.py, *_pb2.pyi and *_pb2_grpc.py for every proto file under out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    well_known = resources.files("grpc_tools") / "_proto"
    args = [
        "grpc_tools.protoc",
        f"-I{PROTO_ROOT}",
        f"-I{well_known}",
        f"--python_out={out_dir}",
        f"--pyi_out={out_dir}",
        f"--grpc_python_out={out_dir}",
        *[str(p.relative_to(PROTO_ROOT)) for p in proto_files()],
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for package in (out_dir / "citycomm", out_dir / "citycomm" / "v1"):
        init = package / "__init__.py"
        if not init.exists():
            init.write_text('"""Generated from proto/: do not edit; run `make proto`."""\n')
    (out_dir / "citycomm" / "py.typed").write_text("")  # the .pyi stubs are the types (PEP 561)


def main() -> None:
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "common" / "src")


if __name__ == "__main__":
    main()
