"""Generates the gRPC stubs from Ferry's protos (../common/src/main/proto) when the package is built.

The generated modules are not checked in: every build makes them from the same protos the Java
services use. FERRY_PROTO_DIR points elsewhere when the package is built outside the repository.
"""
import os
import re
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PROTO_DIR = Path(os.environ.get("FERRY_PROTO_DIR", HERE.parent / "common" / "src" / "main" / "proto"))
OUT_DIR = HERE / "src" / "ferry_fsspec" / "_proto"


def generate_stubs():
    from grpc_tools import protoc

    protos = sorted(PROTO_DIR.glob("*.proto"))
    if not protos:
        raise SystemExit(f"ferry-fsspec: no .proto files in {PROTO_DIR} (set FERRY_PROTO_DIR)")
    include = Path(protoc.__file__).parent / "_proto"
    args = ["grpc_tools.protoc", f"-I{PROTO_DIR}", f"-I{include}",
            f"--python_out={OUT_DIR}", f"--grpc_python_out={OUT_DIR}"] + [str(p) for p in protos]
    if protoc.main(args) != 0:
        raise SystemExit("ferry-fsspec: protoc failed on " + ", ".join(p.name for p in protos))
    # protoc writes top-level imports ("import ferry_common_pb2") and module names; inside a package the
    # imports must be relative, and the messages' module the package's (or they do not unpickle)
    package = "ferry_fsspec._proto."
    for generated in OUT_DIR.glob("ferry_*_pb2*.py"):
        text = re.sub(r"^import (ferry_\w+_pb2)", r"from . import \1", generated.read_text(), flags=re.M)
        text = re.sub(r"(BuildTopDescriptorsAndMessages\(DESCRIPTOR, )'(ferry_\w+_pb2)'", rf"\1'{package}\2'", text)
        generated.write_text(text)


class BuildPyWithStubs(build_py):
    def run(self):
        generate_stubs()
        super().run()


setup(cmdclass={"build_py": BuildPyWithStubs})
