"""Shared set-up of the tests: which tests are integration tests.

``tests/unit/`` holds tests of one module's behaviour on small or real inputs, each well under a
second; ``tests/integration/`` the ones that start processes (the CLI, chapter kernels, the build
cache across kernels). The report build and browser tests (``tests/test_report.py``,
``tests/test_browser.py``) execute every chapter and count as integration tests too.
``make test-fast`` runs the unit tests only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent
INTEGRATION = HERE / "integration"
REPORT_BUILD_TESTS = {"test_report.py", "test_browser.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if INTEGRATION in path.parents or (path.parent == HERE and path.name in REPORT_BUILD_TESTS):
            item.add_marker(pytest.mark.integration)
