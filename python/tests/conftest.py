import sys
from pathlib import Path

import fsspec
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cluster import LocalCluster  # noqa: E402


@pytest.fixture(scope="session")
def cluster():
    """One master and one worker for the whole session."""
    with LocalCluster(workers=1) as c:
        yield c


@pytest.fixture
def fs(cluster):
    """A file system of the session cluster (a fresh instance: no listings carried over)."""
    return fsspec.filesystem("ferry", master=cluster.master, skip_instance_cache=True)


@pytest.fixture
def root(fs, request):
    """A directory of this test's own."""
    path = "/" + request.node.name.replace("[", "_").replace("]", "")
    fs.makedirs(path, exist_ok=True)
    return path
