"""The client configuration: defaults, ferry-site.properties, FERRY_* variables, then options."""
import pytest

from ferry_fsspec.config import FerryConfig


def test_defaults_match_the_java_client():
    c = FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent"})
    assert c.master_addresses == ("localhost:19998",)
    assert (c.block_size, c.write_type, c.short_circuit, c.rpc_timeout) == (64 << 20, "CACHE_THROUGH", True, 30)


def test_environment_overrides_the_site_file(tmp_path):
    (tmp_path / "ferry-site.properties").write_text("# site\nferry.user.write.type=THROUGH\n"
                                                    "ferry.master.hostname = m1\nferry.user.block.size=8MB\n")
    c = FerryConfig.load({"FERRY_CONF_DIR": str(tmp_path), "FERRY_USER_BLOCK_SIZE": "1MiB"})
    assert (c.write_type, c.master_addresses, c.block_size) == ("THROUGH", ("m1:19998",), 1 << 20)


def test_master_addresses_list_an_ha_quorum():
    c = FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", "FERRY_MASTER_ADDRESSES": "h1:1, h2:2,h3:3"})
    assert c.master_addresses == ("h1:1", "h2:2", "h3:3")


def test_a_master_option_without_a_port_takes_the_configured_one():
    c = FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", "FERRY_MASTER_RPC_PORT": "1234"})
    assert c.with_options(master="a,b:5").master_addresses == ("a:1234", "b:5")


@pytest.mark.parametrize("env, message", [
    ({"FERRY_USER_WRITE_TYPE": "SOMETIMES"}, "Unknown write type 'SOMETIMES'"),
    ({"FERRY_USER_RPC_TIMEOUT": "soon"}, "ferry.user.rpc.timeout"),
    ({"FERRY_MASTER_ADDRESSES": "nohost"}, "each address must be host:port"),
])
def test_malformed_values_fail_naming_the_key(env, message):
    with pytest.raises(ValueError, match=message):
        FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", **env})


def test_tls_is_off_unless_enabled():
    assert FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent"}).tls is None


def test_tls_names_the_ca_and_the_client_certificate(tmp_path):
    for name in ("ca.pem", "client.pem", "client.key"):
        (tmp_path / name).write_text("PEM")
    c = FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", "FERRY_SECURITY_TLS_ENABLED": "true",
                          "FERRY_SECURITY_TLS_CA": str(tmp_path / "ca.pem"),
                          "FERRY_SECURITY_TLS_CERT": str(tmp_path / "client.pem"),
                          "FERRY_SECURITY_TLS_KEY": str(tmp_path / "client.key")})
    assert (c.tls.ca, c.tls.cert, c.tls.key) == tuple(str(tmp_path / n) for n in ("ca.pem", "client.pem", "client.key"))


def test_a_tls_file_that_cannot_be_read_fails_naming_the_key():
    with pytest.raises(ValueError, match="'ferry.security.tls.ca' names /nonexistent/ca.pem"):
        FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", "FERRY_SECURITY_TLS_ENABLED": "true",
                          "FERRY_SECURITY_TLS_CA": "/nonexistent/ca.pem"})


def test_ferry_token_is_the_token_to_present_before_the_token_file(tmp_path):
    (tmp_path / "token").write_text("from-file\n")
    env = {"FERRY_CONF_DIR": "/nonexistent", "FERRY_SECURITY_TOKEN_FILE": str(tmp_path / "token")}
    assert FerryConfig.load(env).token == "from-file"
    assert FerryConfig.load({**env, "FERRY_TOKEN": "from-env"}).token == "from-env"


def test_a_token_file_that_cannot_be_read_fails_naming_the_key():
    with pytest.raises(ValueError, match="ferry.security.token.file"):
        FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", "FERRY_SECURITY_TOKEN_FILE": "/nonexistent/token"})
