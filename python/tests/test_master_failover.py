"""Where a call to the masters goes after a failure (no cluster: the decisions only)."""
import pytest

from ferry_fsspec.config import FerryConfig
from ferry_fsspec.errors import ferry_error
from ferry_fsspec.master import MasterClient


def masters(addresses: str) -> MasterClient:
    config = FerryConfig.load({"FERRY_CONF_DIR": "/nonexistent", "FERRY_MASTER_ADDRESSES": addresses})
    return MasterClient(config, channels=None)


def not_leader(leader: str) -> OSError:
    e = ferry_error("NOT_LEADER", f"not the leader; the leader is {leader}")
    e.leader = leader
    return e


def test_a_follower_moves_calls_to_the_leader_it_names():
    m = masters("a:1,b:2,c:3")
    m.failover().next(not_leader("c:3"))
    assert m.current_address() == "c:3"


def test_an_unreachable_master_moves_calls_to_the_next_one():
    m = masters("a:1,b:2,c:3")
    m.failover().next(ferry_error("UNAVAILABLE", "a:1 is unavailable"))
    assert m.current_address() == "b:2"


def test_a_hint_naming_a_master_that_did_not_answer_is_not_followed():
    m = masters("a:1,b:2,c:3")
    failover = m.failover()
    failover.next(ferry_error("UNAVAILABLE", "a:1 is unavailable"))  # the leader died
    failover.next(not_leader("a:1"))  # b has not heard of the election yet
    assert m.current_address() == "c:3"


def test_errors_of_the_call_itself_are_raised():
    m = masters("a:1,b:2,c:3")
    with pytest.raises(FileNotFoundError):
        m.failover().next(ferry_error("NOT_FOUND", "no such file"))


def test_with_one_master_a_failure_is_raised_at_once():
    m = masters("a:1")
    with pytest.raises(ConnectionError):
        m.failover().next(ferry_error("UNAVAILABLE", "a:1 is unavailable"))
