"""Bounds on one render: arithmetic refused before it runs, a timer for silent loops, deterministic globals."""
from __future__ import annotations

import pytest

from drafting.render.budget import MAX_INT_BITS, BoundedEnvironment, RenderLimit, limits


@pytest.mark.parametrize("expression", ["9**(9**9)", "'x' * 10**7", "10**7 * [1]", "(2**9000) * (2**9000)"])
def test_arithmetic_that_would_explode_is_refused_before_it_runs(expression):
    with pytest.raises(RenderLimit):
        BoundedEnvironment().from_string("{{ " + expression + " }}").render()


def test_ordinary_arithmetic_and_filters_still_work():
    env = BoundedEnvironment()
    assert env.from_string("{{ 2**10 }} {{ 'ab' * 3 }} {{ [1, 2, 3, 4] | batch(3) | list }}").render() == \
        "1024 ababab [[1, 2, 3], [4]]"
    assert 2 ** 13 < 2 ** MAX_INT_BITS
    assert "lipsum" not in env.globals and "cycler" not in env.globals


def test_the_timer_stops_a_loop_that_prints_nothing():
    template = BoundedEnvironment().from_string("{% for i in range(99999) %}{% for j in range(99999) %}"
                                                "{% endfor %}{% endfor %}")
    with pytest.raises(RenderLimit, match="运行超过 0.2 秒"):
        with limits(0.2):
            template.render()
