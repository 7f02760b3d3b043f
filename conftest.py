"""pytest set-up for the whole project (the tests in tests/ and nbval on notebooks/)."""

import os
import shutil
import tempfile

PLOTLY_MIME = "application/vnd.plotly.v1+json"
_CREATED_CACHE = "_oms_test_cache_dir"


def pytest_configure(config):
    # No test writes into the repository's data folders: the build cache of this run lives in a
    # temporary directory. It is chosen before xdist starts its workers and before any chapter or
    # notebook kernel starts, so all of them inherit it through the environment and share it.
    if "OMS_CACHE_DIR" not in os.environ:
        os.environ["OMS_CACHE_DIR"] = tempfile.mkdtemp(prefix="oms-test-cache-")
        setattr(config, _CREATED_CACHE, os.environ["OMS_CACHE_DIR"])


def pytest_unconfigure(config):
    created = getattr(config, _CREATED_CACHE, None)
    if created:
        shutil.rmtree(created, ignore_errors=True)
        os.environ.pop("OMS_CACHE_DIR", None)


def pytest_collectstart(collector):
    # The plotly JSON a chart gives JupyterLab depends on the plotly version (templates,
    # defaults); the figure's data are compared through the text/plain table instead.
    if type(collector).__name__ == "IPyNbFile" and PLOTLY_MIME not in collector.skip_compare:
        collector.skip_compare = (*collector.skip_compare, PLOTLY_MIME)
