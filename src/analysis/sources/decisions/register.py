"""The document register (``data/reference/documents.csv``): which file is which project's decision."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ...core import paths
from ...core.csvfile import read_text_csv
from ...core.errors import DataError


REGISTER_FILE = paths.REFERENCE / "documents.csv"

#: register columns, in order
REGISTER_COLUMNS = [
    "document", "project_id", "short_name", "kind", "extraction", "canonical", "issuer",
    "source_notes",
]
#: optional register column: the document's title as its readers know it (for citations)
TITLE_COLUMN = "title"
#: optional columns (empty when the register has none): ``word_variants`` lists the words a
#: second extraction writes differently from the project's canonical one, as
#: ``this=canonical; …`` (001: ``akademin=akademien; …``); ``title`` as above
OPTIONAL_COLUMNS = ["word_variants", TITLE_COLUMN]
DOCUMENT_KINDS = {"decision", "webpage", "strategy"}
EXTRACTIONS = {"tab-separated", "space-separated", "plain"}
NO_PROJECT = "none"


_PROJECT_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")  # as the budget tables' schema requires


def _read_register(file: Path) -> pd.DataFrame:
    df = read_text_csv(file)
    missing = [c for c in REGISTER_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(file, 1, f"kolumner saknas i dokumentregistret: {', '.join(missing)}")
    lines = df["_row"].tolist()
    for col in OPTIONAL_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    df = df[REGISTER_COLUMNS + OPTIONAL_COLUMNS].copy()
    df[TITLE_COLUMN] = df[TITLE_COLUMN].str.strip()
    for line, (_, row) in zip(lines, df.iterrows()):
        _check_register_row(file, line, row)
    if df["document"].duplicated().any():
        dup = df.loc[df["document"].duplicated(), "document"].iloc[0]
        raise DataError(file, lines[int(df.index[df["document"] == dup][-1])], f"dokumentet {dup} står två gånger")
    df["canonical"] = df["canonical"] == "true"
    df.attrs["lines"] = dict(zip(df["document"], lines))  # document -> its line in the register
    decisions = df[df["kind"] == "decision"]
    for project, group in decisions.groupby("project_id"):
        if int(group["canonical"].sum()) != 1:
            raise DataError(file, lines[int(group.index[0])],
                            f"projektet {project} måste ha exakt ett kanoniskt beslutsdokument "
                            f"(har {int(group['canonical'].sum())})")
    return df


def _check_register_row(file: Path, line: int, row: pd.Series) -> None:
    if not row["document"].strip():
        raise DataError(file, line, "document (filnamnet) saknas")
    if row["kind"] not in DOCUMENT_KINDS:
        raise DataError(file, line, f"okänd dokumenttyp {row['kind']!r} (tillåtna: {sorted(DOCUMENT_KINDS)})")
    if row["extraction"] not in EXTRACTIONS:
        raise DataError(file, line, f"okänd extraktion {row['extraction']!r} (tillåtna: {sorted(EXTRACTIONS)})")
    if row["canonical"] not in {"true", "false"}:
        raise DataError(file, line, f"canonical måste vara true eller false, inte {row['canonical']!r}")
    for pair in filter(None, (p.strip() for p in row["word_variants"].split(";"))):
        if pair.count("=") != 1 or not all(w.strip() for w in pair.split("=")):
            raise DataError(file, line, f"word_variants: {pair!r} ska skrivas ord=ord "
                                        "(ordet i detta dokument = ordet i det kanoniska)")
    if row["kind"] == "decision" and row["project_id"] == NO_PROJECT:
        raise DataError(file, line, "ett beslut måste höra till ett projekt (project_id)")
    if row["project_id"] != NO_PROJECT and not _PROJECT_ID.match(row["project_id"]):
        raise DataError(file, line, f"projekt-id {row['project_id']!r} ska skrivas med versaler, siffror "
                                    f"och understreck och börja med en bokstav (som ECS3, REAL_OMS), "
                                    f"eller vara {NO_PROJECT!r}")


@lru_cache(maxsize=4)
def _register_cached(file: str) -> pd.DataFrame:
    return _read_register(Path(file))


def document_register(file: str | Path | None = None) -> pd.DataFrame:
    """The document register ``data/reference/documents.csv`` (a copy).

    Columns: ``document`` (file name in ``data/raw/documents/``), ``project_id``
    (``ECS3``, ``REAL_OMS`` or ``none``), ``short_name``, ``kind`` (decision / webpage /
    strategy), ``extraction`` (tab-separated / space-separated / plain), ``canonical`` (bool:
    the primary extraction of a project's decision), ``issuer``, ``source_notes``, and the
    optional ``word_variants`` and ``title`` (the title readers know the document by; ``''``
    where not given; see :data:`OPTIONAL_COLUMNS`).
    """
    return _register_cached(str(file or REGISTER_FILE)).copy()


def word_variants(document: str, file: str | Path | None = None) -> dict[str, str]:
    """The register's known word variants of ``document``: its word → the canonical's word."""
    reg = _register_cached(str(file or REGISTER_FILE))
    cell = reg.loc[reg["document"] == document, "word_variants"]
    pairs = [p.split("=") for p in (cell.iloc[0] if len(cell) else "").split(";") if p.strip()]
    return {a.strip(): b.strip() for a, b in pairs}


def project_ids(file: str | Path | None = None) -> list[str]:
    """The projects with a decision in the register, in start-date order (the period stated in
    each canonical decision's text): ``ECS3``, ``REAL_OMS``. Projects that start the same day
    keep the register's order; if a decision's period cannot be read (a missing or broken
    file, which ``extract`` reports), all keep the register's order."""
    reg = _register_cached(str(file or REGISTER_FILE))
    ids = list(dict.fromkeys(reg.loc[reg["kind"] == "decision", "project_id"]))
    canonical = reg[(reg["kind"] == "decision") & reg["canonical"]].set_index("project_id")["document"]
    starts = {}
    for p in ids:
        path = paths.RAW_DOCUMENTS / str(canonical.get(p, ""))
        try:
            starts[p] = _start_date(str(path), path.stat().st_mtime_ns) if p in canonical.index else None
        except OSError:
            starts[p] = None
    if any(v is None for v in starts.values()):
        return ids
    return sorted(ids, key=lambda p: starts[p])


@lru_cache(maxsize=32)
def _start_date(path: str, mtime: int) -> str | None:
    """The start of the period a decision's text states (``None`` if it cannot be read)."""
    from .metadata import _APPLICATION, _Flow
    from .text import page_header_lines, read_lines

    try:
        lines = read_lines(Path(path))
        m = _APPLICATION.search(_Flow(lines, page_header_lines(lines)).text)
    except (DataError, OSError, ValueError):
        return None
    return m["start"] if m else None


def project_label(project_id: str) -> str:
    """A project's name for readers: the register's ``short_name`` of its canonical decision
    (``REAL ÖMS`` for ``REAL_OMS``); an id the register does not know is shown as it is."""
    reg = _register_cached(str(REGISTER_FILE))
    names = reg.loc[(reg["project_id"] == project_id) & reg["canonical"], "short_name"]
    return names.iloc[0] if len(names) and names.iloc[0] else project_id
