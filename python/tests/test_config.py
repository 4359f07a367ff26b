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
