"""The build cache: the findings several chapters quote are computed once per build.

Every report chapter and notebook runs in its own Jupyter kernel, so an in-process
``lru_cache`` alone would compute the findings once per chapter. They are therefore also kept
on disk in ``data/processed/cache/``, keyed on a fingerprint of everything they are computed
from (:mod:`analysis.core.fingerprint`: the input files' bytes and the package's own source, so
a code change invalidates the cache as surely as a data change). The validated tables are not
kept here: they are the tables store's (:mod:`analysis.tables.store`, parquet). A stale entry can never
be read: a different input gives a different key. Set ``OMS_NO_CACHE=1`` to bypass the cache,
``OMS_CACHE_DIR`` to keep it elsewhere (the tests keep theirs in a temporary directory).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from . import paths, settings
from .fingerprint import fingerprint

T = TypeVar("T")
CACHE_DIR = paths.cache_dir()


def cached(name: str, inputs: Callable[[], Iterable[Path]], compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result when ``inputs()`` and the code are unchanged.

    Errors are never cached: a computation that raises leaves nothing behind, so bad input is
    reported again on every run until it is fixed.
    """
    if settings.cache_disabled():
        return compute()
    key = fingerprint(inputs())
    file = CACHE_DIR / f"{name}-{key}.pkl"
    try:
        with file.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        pass
    except Exception:  # a truncated or foreign file: compute afresh and overwrite it
        pass
    value = compute()
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        # Written under a temporary name and renamed, so a kernel running in parallel never
        # reads half a file.
        fd, tmp = tempfile.mkstemp(dir=CACHE_DIR, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
        for old in CACHE_DIR.glob(f"{name}-*.pkl"):
            if old != file:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only tree still works, only slower
    return value


def data_inputs() -> list[Path]:
    """Every source file under ``data/`` (raw, reference, outcomes, the catalog), and the entry
    files :data:`.settings.MOVED_INPUTS` point at, so a cached finding follows the files it was read from."""
    files = [p for p in paths.DATA.rglob("*")
             if p.is_file() and paths.PROCESSED not in p.parents]
    for p in paths.moved_inputs():
        files += [p] if p.is_file() else [f for f in p.rglob("*") if f.is_file()]
    return files


_PLAIN = (str, int, float, bool, type(None))


def build_cached(func: Callable[..., T]) -> Callable[..., T]:
    """Cache ``func``'s result for the build when it runs on the project's own data.

    For analyses that several chapters quote (the findings): a call with only plain arguments
    (focus, base year, …) reads the project's data, so its result is keyed on those arguments
    and every file under ``data/``. A call that passes data of its own (a table, a list of
    indicators) is computed as usual.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not all(isinstance(v, _PLAIN) for v in (*args, *kwargs.values())):
            return func(*args, **kwargs)
        key = hashlib.sha256(repr((args, sorted(kwargs.items()))).encode()).hexdigest()[:12]
        return cached(f"{func.__module__}.{func.__qualname__}.{key}", data_inputs,
                      lambda: func(*args, **kwargs))

    return wrapper


def clear() -> None:
    """Remove every cached result."""
    for file in CACHE_DIR.glob("*.pkl"):
        file.unlink(missing_ok=True)
