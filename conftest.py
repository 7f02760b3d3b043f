"""pytest set-up for the whole project (the tests in tests/ and nbval on notebooks/)."""

import os
import shutil
import tempfile

PLOTLY_MIME = "application/vnd.plotly.v1+json"
_CREATED = "_oms_test_dirs"


def pytest_configure(config):
    # No test writes into the repository's data folders: the build cache of this run lives in a
    # temporary directory. It is chosen before xdist starts its workers and before any chapter or
    # notebook kernel starts, so all of them inherit it through the environment and share it.
    # The tables store likewise (OMS_TABLES_DIR).
    created = {}
    for name, prefix in (("OMS_CACHE_DIR", "oms-test-cache-"), ("OMS_TABLES_DIR", "oms-test-tables-")):
        if name not in os.environ:
            os.environ[name] = created[name] = tempfile.mkdtemp(prefix=prefix)
    setattr(config, _CREATED, created)
    for marker, env in _REQUIRED_BY.items():
        config.addinivalue_line(
            "markers", f"{marker}: needs {marker.split('_')[1].capitalize()} (skipped with the reason "
            f"where it is missing; a failure where {env}=1)")


def pytest_unconfigure(config):
    for name, folder in getattr(config, _CREATED, {}).items():
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(name, None)


def pytest_collectstart(collector):
    # The plotly JSON a chart gives JupyterLab depends on the plotly version (templates,
    # defaults); the figure's data are compared through the text/plain table instead.
    if type(collector).__name__ == "IPyNbFile" and PLOTLY_MIME not in collector.skip_compare:
        collector.skip_compare = (*collector.skip_compare, PLOTLY_MIME)


# --- the two external programs some tests need -----------------------------------------------
# One marker each: `needs_quarto` (the real Quarto book) and `needs_chromium` (headless Chromium
# and axe-core). Where the program is missing the test is skipped with the reason shown in the
# summary (-ra); where CI promises it (OMS_REQUIRE_QUARTO=1, OMS_REQUIRE_CHROMIUM=1) its absence
# is a failure, so nothing that CI must check can be skipped there.

def _missing_program(marker: str) -> str | None:
    """Why a test with this marker cannot run here, or None when it can."""
    from pathlib import Path

    if marker == "needs_quarto":
        return None if shutil.which("quarto") else "Quarto finns inte på PATH (se README)"
    if marker == "needs_chromium":
        if not any(shutil.which(n) for n in ("chromium", "chromium-browser")):
            return "Chromium saknas (kör make setup)"
        axe = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
        if not axe.exists():
            return "axe-core saknas i node_modules (kör make setup)"
    return None


_REQUIRED_BY = {"needs_quarto": "OMS_REQUIRE_QUARTO", "needs_chromium": "OMS_REQUIRE_CHROMIUM"}


def pytest_runtest_setup(item):
    import pytest

    for marker, env in _REQUIRED_BY.items():
        if item.get_closest_marker(marker) is None:
            continue
        why = _missing_program(marker)
        if why is None:
            continue
        if os.environ.get(env):
            pytest.fail(f"{env} är satt men: {why}", pytrace=False)
        pytest.skip(why)
