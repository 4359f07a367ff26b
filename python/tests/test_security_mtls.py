"""The client against a `ferry local start --secure=mtls` cluster (MTLS authentication, separate
processes): the user is the subject of the client certificate the client presents, as for the Java
client, and gets that user's permissions; no token is needed or looked at."""
import fsspec
import pytest

from cluster import LocalCluster

SECRET = b"the private bytes of the cluster's superuser"
SETTINGS = ("FERRY_TOKEN", "FERRY_SECURITY_TOKEN_FILE", "FERRY_SECURITY_TLS_ENABLED", "FERRY_SECURITY_TLS_CA",
            "FERRY_SECURITY_TLS_CERT", "FERRY_SECURITY_TLS_KEY")


@pytest.fixture(scope="module")
def mtls_cluster():
    with LocalCluster(workers=1, secure="mtls") as c:
        yield c


def _fs(cluster, monkeypatch, env):
    """A file system configured by the FERRY_* variables `env` alone."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return fsspec.filesystem("ferry", master=cluster.master, skip_instance_cache=True)


@pytest.fixture(scope="module")
def private_file(mtls_cluster):
    """A file of the superuser's (the user whose certificate secure_env presents), mode 0600."""
    with pytest.MonkeyPatch.context() as mp:
        admin = _fs(mtls_cluster, mp, mtls_cluster.secure_env())
        admin.makedirs("/shared", exist_ok=True)
        writer = admin.client.create_file("/shared/private.bin", mode=0o600)
        writer.write(SECRET)
        writer.close()
        admin.pipe("/shared/public.bin", b"for everyone")
    return "/shared/private.bin"


def test_the_certificates_user_owns_what_it_writes_and_reads_it(mtls_cluster, private_file, monkeypatch):
    env = mtls_cluster.secure_env()
    assert "FERRY_SECURITY_TOKEN_FILE" not in env and "FERRY_TOKEN" not in env
    admin = _fs(mtls_cluster, monkeypatch, env)

    assert admin.cat(private_file) == SECRET
    assert admin.info(private_file)["owner"] not in ("", "bob")


def test_another_users_certificate_gets_that_users_permissions(mtls_cluster, private_file, monkeypatch):
    bob = _fs(mtls_cluster, monkeypatch, mtls_cluster.certificate_for("bob"))

    assert bob.cat("/shared/public.bin") == b"for everyone"
    with pytest.raises(PermissionError, match="user=bob"):
        bob.cat(private_file)


def test_a_token_does_not_change_who_the_certificate_names(mtls_cluster, private_file, monkeypatch):
    bob = _fs(mtls_cluster, monkeypatch, dict(mtls_cluster.certificate_for("bob"), FERRY_TOKEN="ferry1.forged.x"))

    with pytest.raises(PermissionError, match="user=bob"):
        bob.cat(private_file)
