import sys
import uuid
from pathlib import Path

import fsspec
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from cluster import LocalCluster  # noqa: E402
from s3_clients import boto3_client  # noqa: E402


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


@pytest.fixture(scope="module")
def s3_cluster():
    """One master and one worker serving S3, for the test module that asks for it."""
    with LocalCluster(workers=1, s3=True) as c:
        yield c


@pytest.fixture(scope="module")
def s3(s3_cluster):
    """boto3 with the cluster's access key."""
    return boto3_client(s3_cluster.s3_endpoint())


@pytest.fixture
def bucket(s3):
    """A bucket of this test's own."""
    name = "b-" + uuid.uuid4().hex[:12]
    s3.create_bucket(Bucket=name)
    return name
