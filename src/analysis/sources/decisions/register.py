"""The document register (``data/reference/documents.csv``): which file is which project's decision."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ...core import paths
from ...core.errors import DataError


REGISTER_FILE = paths.REFERENCE / "documents.csv"

#: register columns, in order
REGISTER_COLUMNS = [
    "document", "project_id", "short_name", "kind", "extraction", "canonical", "issuer",
    "source_notes",
]
DOCUMENT_KINDS = {"decision", "webpage", "strategy"}
EXTRACTIONS = {"tab-separated", "space-separated", "plain"}
NO_PROJECT = "none"


def _read_register(file: Path) -> pd.DataFrame:
    df = pd.read_csv(file, dtype=str, keep_default_na=False)
    missing = [c for c in REGISTER_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(file, 1, f"kolumner saknas i dokumentregistret: {', '.join(missing)}")
    df = df[REGISTER_COLUMNS].copy()
    for i, row in df.iterrows():
        line = int(i) + 2  # header is line 1
        if row["kind"] not in DOCUMENT_KINDS:
            raise DataError(file, line, f"okänd dokumenttyp {row['kind']!r} (tillåtna: {sorted(DOCUMENT_KINDS)})")
        if row["extraction"] not in EXTRACTIONS:
            raise DataError(file, line, f"okänd extraktion {row['extraction']!r} (tillåtna: {sorted(EXTRACTIONS)})")
        if row["canonical"] not in {"true", "false"}:
            raise DataError(file, line, f"canonical måste vara true eller false, inte {row['canonical']!r}")
        if row["kind"] == "decision" and row["project_id"] == NO_PROJECT:
            raise DataError(file, line, "ett beslut måste höra till ett projekt (project_id)")
    if df["document"].duplicated().any():
        dup = df.loc[df["document"].duplicated(), "document"].iloc[0]
        raise DataError(file, int(df.index[df["document"] == dup][-1]) + 2, f"dokumentet {dup} står två gånger")
    df["canonical"] = df["canonical"] == "true"
    decisions = df[df["kind"] == "decision"]
    for project, group in decisions.groupby("project_id"):
        if int(group["canonical"].sum()) != 1:
            raise DataError(file, int(group.index[0]) + 2,
                            f"projektet {project} måste ha exakt ett kanoniskt beslutsdokument "
                            f"(har {int(group['canonical'].sum())})")
    return df


@lru_cache(maxsize=4)
def _register_cached(file: str) -> pd.DataFrame:
    return _read_register(Path(file))


def document_register(file: str | Path | None = None) -> pd.DataFrame:
    """The document register ``data/reference/documents.csv`` (a copy).

    Columns: ``document`` (file name in ``data/raw/documents/``), ``project_id``
    (``ECS3``, ``REAL_OMS`` or ``none``), ``short_name``, ``kind`` (decision / webpage /
    strategy), ``extraction`` (tab-separated / space-separated / plain), ``canonical`` (bool:
    the primary extraction of a project's decision), ``issuer``, ``source_notes``.
    """
    return _register_cached(str(file or REGISTER_FILE)).copy()


def project_ids(file: str | Path | None = None) -> list[str]:
    """The projects with a decision in the register, in register order (``ECS3``, ``REAL_OMS``)."""
    reg = _register_cached(str(file or REGISTER_FILE))
    return list(dict.fromkeys(reg.loc[reg["kind"] == "decision", "project_id"]))


def project_label(project_id: str) -> str:
    """A project's name for readers: the register's ``short_name`` of its canonical decision
    (``REAL ÖMS`` for ``REAL_OMS``); an id the register does not know is shown as it is."""
    reg = _register_cached(str(REGISTER_FILE))
    names = reg.loc[(reg["project_id"] == project_id) & reg["canonical"], "short_name"]
    return names.iloc[0] if len(names) and names.iloc[0] else project_id
