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


def pytest_unconfigure(config):
    for name, folder in getattr(config, _CREATED, {}).items():
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(name, None)


def pytest_collectstart(collector):
    # The plotly JSON a chart gives JupyterLab depends on the plotly version (templates,
    # defaults); the figure's data are compared through the text/plain table instead.
    if type(collector).__name__ == "IPyNbFile" and PLOTLY_MIME not in collector.skip_compare:
        collector.skip_compare = (*collector.skip_compare, PLOTLY_MIME)
