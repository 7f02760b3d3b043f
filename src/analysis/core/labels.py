"""The label registry (``data/labels.yml``): the Swedish wording of every code the tables use.

One file, so a cost category or a funding source is called the same in the budget tables, the
figures, the findings and the error messages, and a wording is changed in one place.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from . import paths
from .errors import DataError

LABELS_FILE = paths.DATA / "labels.yml"


@lru_cache(maxsize=1)
def _registry() -> dict[str, dict[str, str]]:
    import yaml

    try:
        with LABELS_FILE.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except FileNotFoundError:
        raise DataError(LABELS_FILE, None, "filen saknas") from None
    except yaml.YAMLError as err:
        raise DataError(LABELS_FILE, None, f"kan inte läsas som YAML: {err}") from err
    if not isinstance(doc, dict):
        raise DataError(LABELS_FILE, None, "ska vara en mappning från sort till koder och etiketter")
    for kind, entries in doc.items():
        if not isinstance(entries, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and v for k, v in entries.items()):
            raise DataError(LABELS_FILE, None, f"avsnittet {kind!r} ska mappa varje kod till en etikett")
    return doc


def labels(kind: str) -> dict[str, str]:
    """Every code of ``kind`` (``cost_category``, ``funding_source``) with its label, in file order."""
    registry = _registry()
    if kind not in registry:
        raise KeyError(f"Okänd etikettsort {kind!r}. Finns: {', '.join(registry)}")
    return copy.copy(registry[kind])


def label(kind: str, code: str) -> str:
    """The label of one code; an unknown code is an error, never shown as the bare code."""
    entries = labels(kind)
    if code not in entries:
        raise KeyError(f"Ingen etikett för {code!r} i {kind} ({LABELS_FILE.name})")
    return entries[code]
