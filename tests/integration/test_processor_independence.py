"""Stored outputs compare on any x86-64 processor, not only on the one that wrote them.

numpy chooses SIMD code paths (AVX2, AVX-512, …) when it starts, from what the processor has,
and powers and reductions may then differ in the last bits of a float64. A stored figure that
kept those bits made nbval fail on a machine with another processor (issue 10). Here the
notebooks are executed again with numpy's dispatch to the processor's newer instruction sets
switched off (``NPY_DISABLE_CPU_FEATURES``), which simulates an older processor, and compared
with the stored outputs exactly as ``make test`` compares them.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import plotly.graph_objects as go
import pandas as pd
import pytest

from analysis.core import paths
from analysis.present.figures import Chart, round_for_figure


def _dispatch_features() -> list[str]:
    """numpy's run-time dispatch targets that this processor supports (above the baseline)."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # numpy 1.x
        from numpy.core import _multiarray_umath as umath
    return [f for f in umath.__cpu_dispatch__ if umath.__cpu_features__.get(f)]


def _simulations() -> list[tuple[str, list[str]]]:
    """(name, features to switch off): the newest tier only, and every tier above the baseline."""
    available = _dispatch_features()
    sims = []
    if available:
        sims.append(("äldsta processorn numpy stöder", available))
    # AVX-512 (x86-64-v4 and later): the difference seen between the two machines in issue 10
    avx512 = [f for f in available if f.startswith(("AVX512", "X86_V4"))]
    if avx512 and avx512 != available:
        sims.append(("utan AVX-512", avx512))
    return sims


SIMULATIONS = _simulations()


def test_this_processor_has_something_to_switch_off():
    # On a processor with nothing above numpy's baseline the simulation below cannot run; say
    # so instead of passing silently.
    if not SIMULATIONS:
        pytest.skip("processorn har inga SIMD-nivåer över numpys bas; simuleringen kan inte köras")
    assert SIMULATIONS[0][1]


@pytest.mark.slow
@pytest.mark.parametrize("name,features", SIMULATIONS or [("ingen", [])],
                         ids=[s[0] for s in SIMULATIONS] or ["ingen"])
def test_notebooks_match_their_stored_outputs_on_another_processor(name, features, tmp_path):
    if not features:
        pytest.skip("inga SIMD-nivåer att stänga av på den här processorn")
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(features)}
    env.pop("PYTEST_XDIST_WORKER", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
           "--nbval", "--nbval-sanitize-with", str(paths.ROOT / "tests" / "nbval_sanitize.cfg"),
           "--rootdir", str(paths.ROOT), "-o", f"cache_dir={tmp_path}",
           str(paths.NOTEBOOKS)]
    run = subprocess.run(cmd, cwd=paths.ROOT, env=env, capture_output=True, text=True,
                         timeout=900)
    tail = "\n".join(run.stdout.splitlines()[-40:])
    assert run.returncode == 0, f"nbval med {name} ({env['NPY_DISABLE_CPU_FEATURES']}):\n{tail}"
    assert " passed" in run.stdout and "failed" not in run.stdout.splitlines()[-1]


# --- the rounding that makes it so -----------------------------------------------------------

def test_integral_values_are_kept_exactly():
    for value in (3_056_308.0, 25_469_237.0, 123_456_789.0, 0.0, -13_200_000.0):
        assert round_for_figure(value) == value


def test_fractions_keep_eight_significant_digits():
    assert round_for_figure(0.46769614779276214) == 0.46769615
    assert round_for_figure(0.46769614779278434) == 0.46769615  # the other processor's value
    assert round_for_figure(-1.0226000000000004) == -1.0226
    assert round_for_figure(1.5823e-7) == 1.5823e-7


def test_large_fractions_keep_two_decimals():
    # eight significant digits would cut 123 456 789,13 to 123 456 790: visible in a hover label
    assert round_for_figure(123_456_789.126) == 123_456_789.13
    assert round_for_figure(1_234_567.891) == 1_234_567.89


def test_nan_and_infinity_pass_through():
    assert math.isnan(round_for_figure(float("nan")))
    assert round_for_figure(float("inf")) == float("inf")


def test_a_chart_stores_rounded_numbers_in_every_trace_and_the_layout():
    x = np.array([0.46769614779276214, 1.0226000000000004, 7.0])
    fig = go.Figure(go.Bar(x=x, y=["a", "b", "c"], customdata=np.array([[0.1 + 0.2], [1 / 3], [2.0]])))
    fig.update_xaxes(range=[0.1 + 0.2, 2 / 3])
    chart = Chart(fig, pd.DataFrame({"x": x}), "alt", "källa", "test")
    bar = chart.figure.data[0]
    assert list(bar.x) == [0.46769615, 1.0226, 7.0]
    assert [row[0] for row in bar.customdata] == [0.3, 0.33333333, 2.0]
    assert list(chart.figure.layout.xaxis.range) == [0.3, 0.66666667]
    assert list(bar.y) == ["a", "b", "c"]
