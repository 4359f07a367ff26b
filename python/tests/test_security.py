"""The client against a `ferry local start --secure` cluster (mutual TLS and TOKEN authentication,
separate processes): it presents the TLS certificate and the token of its configuration, as the
Java client does, and gets the permissions of the token's user; against `--secure=mtls` (MTLS
authentication) it gets the permissions of its certificate's user. The S3 endpoint of a --secure
cluster serves https with the cluster's certificate (boto3 with verify=CA)."""
import fsspec
import pytest

from cluster import LocalCluster
from s3_clients import boto3_client

SECRET = b"the private bytes of the cluster's superuser"


@pytest.fixture(scope="module")
def secure_cluster():
    with LocalCluster(workers=1, secure=True) as c:
        yield c


@pytest.fixture(scope="module")
def mtls_cluster():
    with LocalCluster(workers=1, secure="mtls") as c:
        yield c


def _fs(cluster, monkeypatch, **env):
    """A file system configured by the FERRY_* variables `env` (None: unset)."""
    for name in ("FERRY_TOKEN", "FERRY_SECURITY_TOKEN_FILE", "FERRY_SECURITY_TLS_ENABLED", "FERRY_SECURITY_TLS_CA",
                 "FERRY_SECURITY_TLS_CERT", "FERRY_SECURITY_TLS_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return fsspec.filesystem("ferry", master=cluster.master, skip_instance_cache=True)


def _write_private_file(cluster):
    """A file of the superuser's (the user of the cluster's client settings), readable by its owner only
    (mode 0600), beside one for everyone."""
    with pytest.MonkeyPatch.context() as mp:
        admin = _fs(cluster, mp, **cluster.secure_env())
        admin.makedirs("/shared", exist_ok=True)
        writer = admin.client.create_file("/shared/private.bin", mode=0o600)
        writer.write(SECRET)
        writer.close()
        admin.pipe("/shared/public.bin", b"for everyone")
    return "/shared/private.bin"


@pytest.fixture(scope="module")
def private_file(secure_cluster):
    return _write_private_file(secure_cluster)


@pytest.fixture(scope="module")
def mtls_private_file(mtls_cluster):
    return _write_private_file(mtls_cluster)


def test_the_clusters_certificate_and_token_write_and_read(secure_cluster, monkeypatch):
    fs = _fs(secure_cluster, monkeypatch, **secure_cluster.secure_env())
    data = bytes(range(256)) * 4096  # 1 MiB: the read streams from the worker with a capability
    fs.pipe("/written-over-tls.bin", data)

    assert fs.cat("/written-over-tls.bin") == data


def test_a_file_opened_from_a_listing_gets_its_capability_from_the_master(secure_cluster, private_file,
                                                                          monkeypatch):
    fs = _fs(secure_cluster, monkeypatch, **secure_cluster.secure_env())
    fs.ls("/shared")  # statuses without capabilities, which open() then uses

    with fs.open(private_file) as f:
        assert f.read() == SECRET


def test_another_users_token_is_refused_the_private_file(secure_cluster, private_file, monkeypatch):
    env = {k: v for k, v in secure_cluster.secure_env().items() if k != "FERRY_SECURITY_TOKEN_FILE"}
    bob = _fs(secure_cluster, monkeypatch, FERRY_TOKEN=secure_cluster.token_for("bob"), **env)

    assert bob.cat("/shared/public.bin") == b"for everyone"
    with pytest.raises(PermissionError, match="user=bob"):
        bob.cat(private_file)


def test_a_client_without_a_token_is_refused_saying_how_to_get_one(secure_cluster, monkeypatch):
    env = {k: v for k, v in secure_cluster.secure_env().items() if k != "FERRY_SECURITY_TOKEN_FILE"}
    anonymous = _fs(secure_cluster, monkeypatch, **env)

    with pytest.raises(PermissionError, match="no token.*FERRY_TOKEN"):
        anonymous.info("/shared")


def test_a_plaintext_client_is_refused(secure_cluster, monkeypatch):
    plaintext = _fs(secure_cluster, monkeypatch, FERRY_USER_RPC_TIMEOUT="5s", FERRY_USER_MASTER_FAILOVER_TIMEOUT="2s")

    with pytest.raises(ConnectionError):
        plaintext.info("/")


def test_under_mtls_the_certificates_user_reads_its_private_file_without_a_token(mtls_cluster, mtls_private_file,
                                                                                monkeypatch):
    env = mtls_cluster.secure_env()
    assert "FERRY_SECURITY_TOKEN_FILE" not in env and "FERRY_TOKEN" not in env
    admin = _fs(mtls_cluster, monkeypatch, **env)

    assert admin.cat(mtls_private_file) == SECRET


def test_under_mtls_another_users_certificate_gets_that_users_permissions(mtls_cluster, mtls_private_file,
                                                                          monkeypatch):
    bob = _fs(mtls_cluster, monkeypatch, **mtls_cluster.certificate_for("bob"))

    assert bob.cat("/shared/public.bin") == b"for everyone"
    with pytest.raises(PermissionError, match="user=bob"):
        bob.cat(mtls_private_file)


def test_under_mtls_a_token_does_not_change_who_the_certificate_names(mtls_cluster, mtls_private_file, monkeypatch):
    bob = _fs(mtls_cluster, monkeypatch, FERRY_TOKEN="ferry1.forged.x", **mtls_cluster.certificate_for("bob"))

    with pytest.raises(PermissionError, match="user=bob"):
        bob.cat(mtls_private_file)


def test_the_s3_endpoint_of_a_secure_cluster_serves_https_with_the_clusters_certificate():
    with LocalCluster(workers=1, secure=True, s3=True) as cluster:
        (cluster.underfs / "bucket").mkdir()
        (cluster.underfs / "bucket" / "object.bin").write_bytes(SECRET)
        ca = cluster.secure_env()["FERRY_SECURITY_TLS_CA"]

        s3 = boto3_client(cluster.s3_endpoint(), verify=ca)

        assert s3.get_object(Bucket="bucket", Key="object.bin")["Body"].read() == SECRET
