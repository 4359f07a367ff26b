"""`ferry local start` with no S3 key configured makes a throw-away one, so that the endpoint serves
signed requests instead of refusing them all."""
import stat

import pytest
from botocore.exceptions import ClientError

from cluster import LocalCluster
from s3_clients import boto3_client


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(workers=1, s3=True, s3_keys=False) as c:
        yield c


def _exported(cluster) -> dict:
    line = (cluster.state / "s3.env").read_text().strip()
    assert line.startswith("export ")
    return dict(pair.split("=", 1) for pair in line[len("export "):].split())


def test_the_key_local_start_made_is_accepted(cluster):
    env = _exported(cluster)
    s3 = boto3_client(cluster.s3_endpoint(), env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])
    assert "sample" in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_another_key_is_refused(cluster):
    s3 = boto3_client(cluster.s3_endpoint(), "FERRYLOCALGUESS", "not-the-secret")
    with pytest.raises(ClientError) as failure:
        s3.list_buckets()
    assert failure.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_the_key_file_is_readable_by_its_owner_only(cluster):
    for name in ("s3-credentials.properties", "s3.env"):
        assert stat.S_IMODE((cluster.state / name).stat().st_mode) == 0o600


def test_the_exported_endpoint_is_worker_0s(cluster):
    assert _exported(cluster)["AWS_ENDPOINT_URL"] == f"http://localhost:{cluster.s3_port}"
