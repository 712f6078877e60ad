"""The collector is paused while a document is built and restored afterwards, even on errors."""
import gc

import pytest

from drafting.collector import paused_collector


def test_the_collector_is_off_inside_and_back_on_after():
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_restores_it_too():
    with pytest.raises(ValueError):
        with paused_collector():
            raise ValueError("坏")
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off():
    @paused_collector()
    def work():
        return gc.isenabled()

    gc.disable()
    try:
        assert work() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert work() is False and gc.isenabled()
