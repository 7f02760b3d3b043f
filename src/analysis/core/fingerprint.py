"""A fingerprint of everything a result is computed from: the input files' bytes and the code.

The tables store (:mod:`analysis.tables.store`) and the build cache (:mod:`analysis.core.cache`)
key their files on it, so a stored result can never be stale: a changed input file, a changed
line of the package or another pandas/pyarrow version gives another key.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The package's source and the versions that shape stored pandas objects."""
    import numpy
    import pandas

    h = hashlib.sha256(f"{sys.version}|{pandas.__version__}|{numpy.__version__}".encode())
    package = Path(__file__).parents[1]  # the whole analysis package, every layer
    for file in sorted(package.rglob("*.py")):
        h.update(file.relative_to(package).as_posix().encode())
        h.update(file.read_bytes())
    return h.digest()


def fingerprint(inputs: Iterable[Path]) -> str:
    """20 hex digits naming the code and the bytes of every file in ``inputs``."""
    h = hashlib.sha256(code_fingerprint())
    for file in sorted({Path(f) for f in inputs}):
        h.update(str(file).encode())
        h.update(file.read_bytes() if file.exists() else b"<missing>")
    return h.hexdigest()[:20]
