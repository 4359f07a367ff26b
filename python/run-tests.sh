#!/usr/bin/env bash
# Installs ferry-fsspec (its gRPC stubs generated from common/src/main/proto) with its test
# dependencies and runs its pytest suite, which starts its own clusters with bin/ferry local start.
# Extra arguments go to pytest (e.g. -k parquet). Set FERRY_SKIP_BUILD=1 when the tree is built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
python3 -m pip install --quiet --disable-pip-version-check ".[test]"
exec python3 -m pytest -q tests "$@"
