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


def _on_a_worker_thread(function, *args):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def test_the_time_budget_holds_on_any_thread():
    """Bug: the timer was SIGALRM, main thread only; a render on a server's worker thread ran unbounded."""
    def render():
        template = BoundedEnvironment().from_string("{% for i in range(99999) %}{% for j in range(99999) %}"
                                                    "{% endfor %}{% endfor %}")
        with limits(0.2):
            template.render()

    with pytest.raises(RenderLimit, match="运行超过 0.2 秒"):
        _on_a_worker_thread(render)


@pytest.mark.parametrize("source, message", [
    ("{% macro m(n) %}{% for i in range(99999) %}{{ m(n + 1) if n < 3 }}{% endfor %}{% endmacro %}{{ m(0) }}", "运行超过"),
    ("{% for i in range(99999) recursive %}{{ loop(range(99999)) if loop.depth < 3 }}{% endfor %}", "运行超过"),
    ("{{ (['x' * 999999] * 999999) | join }}", "占用内存超过 500 MB"),
    ("{{ ''.join(['x' * 999999] * 999999) }}", "占用内存超过 500 MB"),
    ("{{ ['x' * 999999] * 999999 }}", "占用内存超过 500 MB"),
    ("{% set ns = namespace(x=[1]) %}{% for i in range(30) %}{% set ns.x = [ns.x, ns.x, ns.x, ns.x] %}{% endfor %}"
     "{{ ns.x | tojson }}", "占用内存超过 500 MB"),
    ("{% set l = [1] %}{% for i in range(60) %}{{ l.extend(l) or '' }}{% endfor %}", "占用内存超过 500 MB"),
    ("{% set s %}{% for i in range(99999) %}" + "字" * 20000 + "{% endfor %}{% endset %}{{ s | length }}",
     "占用内存超过 500 MB"),
    ("{{ ('a' * 999999) | replace('', 'x' * 999999) }}", "占用内存超过 500 MB"),
    ("{{ ([[1] * 999999] * 999999) | sum(start=[]) | length }}", "占用内存超过 500 MB"),
    ("{{ '%999999999d' % 1 }}", "宽度或份数超过 100 万"),
    ("{{ '{:>{}}'.format(1, 999999999) }}", "宽度或份数超过 100 万"),
    ("{{ 'x' | center(999999999) }}", "宽度或份数超过 100 万"),
    ("{{ 'x'.ljust(999999999) }}", "宽度或份数超过 100 万"),
    ("{{ [1] | batch(999999999, 0) | length }}", "宽度或份数超过 100 万"),
])
def test_hostile_templates_are_stopped_by_their_own_budget(source, message):
    """Loops, recursion, joins, paddings and lists printed whole: stopped in bounds, on a worker thread."""
    from drafting.render.sandbox import bounded_render

    template = BoundedEnvironment().from_string(source)
    with pytest.raises(RenderLimit, match=message):
        _on_a_worker_thread(bounded_render, template, {}, 20_000_000, 0.5)


def test_two_renders_at_once_each_keep_their_own_budget():
    """A hostile render stopped on one thread; an ordinary one beside it, at the same time, finishes untouched."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from drafting.render.sandbox import bounded_render

    env = BoundedEnvironment()  # shared by both threads, as the server's cached environments are
    hostile = env.from_string("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}")
    ordinary = env.from_string("{% for i in range(3000) %}{{ i ~ '、' }}{% endfor %}")
    started = threading.Barrier(2)

    def render(template, seconds):
        started.wait()
        return bounded_render(template, {}, 20_000_000, seconds)

    with ThreadPoolExecutor(2) as pool:
        stopped = pool.submit(render, hostile, 0.3)
        finished = pool.submit(render, ordinary, 30.0)
        assert finished.result() == "".join(f"{i}、" for i in range(3000))
        with pytest.raises(RenderLimit, match="运行超过 0.3 秒"):
            stopped.result()


def test_ordinary_templates_render_as_before_inside_a_budget():
    from drafting.render.sandbox import bounded_render

    env = BoundedEnvironment(trim_blocks=True)
    source = ("{% set ns = namespace(n=0) %}{% for row in rows if row.v %}{% set ns.n = ns.n + row.v %}"
              "{{ loop.index }}:{{ '%-3s|' % row.name }}{{ '{:>4}'.format(row.v) }}{{ row.name | center(5) }}\n"
              "{% endfor %}{{ ns.n }} {{ rows | map(attribute='name') | join('、') }} {{ [1, [2, 3]] }}")
    rows = [{"name": "甲", "v": 1}, {"name": "乙", "v": 0}, {"name": "丙", "v": 22}]
    expected = env.from_string(source).render(rows=rows)
    assert bounded_render(env.from_string(source), {"rows": rows}) == expected
    assert expected == "1:甲  |   1  甲  \n2:丙  |  22  丙  \n23 甲、乙、丙 [1, [2, 3]]"
