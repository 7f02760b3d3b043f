"""The four ÖMS challenge areas beside Region Kalmar län's smart-specialisation priorities.

The register is ``data/reference/challenge_areas.csv``: one row per area with the document and
line where its name stands (``line``/``text``), where its kind stands (``kind_line``/``kind_text``)
and where its lead region stands (``lead_line``/``lead_text``). For ÖMS the "lead regions" are
the regions of the contact persons that the regions' web page (seed 002) names per area; for
Kalmar it is Region Kalmar län, whose strategy (seed 004) it is.

Loading checks every cited line against the document, so the table cannot drift from its
sources: a quoted text that is not on its line raises :class:`~analysis.core.errors.DataError`.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..core import paths, regions
from ..core.csvfile import read_text_csv
from ..core.errors import DataError
from ..sources.decisions.text import read_lines

CHALLENGE_FILE = paths.REFERENCE / "challenge_areas.csv"
COLUMNS = ("area_id", "scope", "area", "kind", "themes", "lead_regions", "lead_authorities",
           "document", "line", "text", "kind_line", "kind_text", "lead_line", "lead_text")
SCOPES = ("ÖMS", "Kalmar")


@lru_cache(maxsize=8)
def _document_lines(name: str) -> tuple[str, ...]:
    file = paths.RAW_DOCUMENTS / name
    if not file.exists():
        raise DataError(CHALLENGE_FILE, None, f"dokumentet {name} finns inte i {paths.RAW_DOCUMENTS}")
    return tuple(read_lines(file))


def check_registered(file, row: int, document: str, column: str = "document") -> None:
    """A reference table's row cites ``document``: it must be in the document register
    (``data/reference/documents.csv``), or the citation cannot name it for readers."""
    from ..sources.decisions import document_register
    from ..sources.decisions.register import REGISTER_FILE

    if not (paths.RAW_DOCUMENTS / document).exists():
        return  # a missing file: the quote's check names it
    if document not in set(document_register()["document"]):
        raise DataError(file, row, f"{column}: dokumentet {document} står inte i dokumentregistret "
                                   f"({REGISTER_FILE.name}); lägg till det där eller ta bort raden")


def document_line(document: str, line: int) -> str:
    """The text of a 1-based line in a raw document."""
    lines = _document_lines(document)
    if not 1 <= line <= len(lines):
        raise DataError(paths.RAW_DOCUMENTS / document, line,
                        f"raden finns inte (dokumentet har {len(lines)} rader)")
    return lines[line - 1]


def _check_quote(row: pd.Series, row_no: int, line_col: str, text_col: str) -> None:
    line_text = document_line(row["document"], int(row[line_col])).casefold()
    for part in str(row[text_col]).split(";"):
        if part.strip().casefold() not in line_text:
            raise DataError(CHALLENGE_FILE, row_no,
                            f"{text_col} {part.strip()!r} står inte på rad {row[line_col]} i "
                            f"{row['document']}")


@lru_cache(maxsize=1)
def _challenge_areas() -> pd.DataFrame:
    df = read_text_csv(CHALLENGE_FILE)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(CHALLENGE_FILE, 1, f"kolumnerna {', '.join(missing)} saknas")
    codes = set(regions.county_codes())
    for i, row in df.iterrows():
        row_no = int(row["_row"])
        if row["scope"] not in SCOPES:
            raise DataError(CHALLENGE_FILE, row_no, f"scope {row['scope']!r} är inte {' eller '.join(SCOPES)}")
        for col in ("line", "kind_line", "lead_line"):
            if not row[col].isdigit():
                raise DataError(CHALLENGE_FILE, row_no, f"{col} {row[col]!r} är inget radnummer")
        bad = [c for c in row["lead_regions"].split(";") if c not in codes]
        if bad:
            raise DataError(CHALLENGE_FILE, row_no, f"okända länskoder i lead_regions: {', '.join(bad)}")
        check_registered(CHALLENGE_FILE, row_no, row["document"])
        try:
            _check_quote(row, row_no, "line", "text")
        except DataError as err:  # a missing document: say which register line names it
            if err.file == str(CHALLENGE_FILE) and err.line is None:
                raise DataError(CHALLENGE_FILE, row_no, err.problem) from None
            raise
        _check_quote(row, row_no, "kind_line", "kind_text")
        _check_quote(row, row_no, "lead_line", "lead_text")
        # Each theme must be a word of the area's own name line, so overlaps rest on the text.
        for theme in row["themes"].split(";"):
            if theme.casefold() not in document_line(row["document"], int(row["line"])).casefold() \
                    and theme.casefold() not in row["text"].casefold():
                raise DataError(CHALLENGE_FILE, row_no, f"temat {theme!r} står inte i områdets namn")
    if df["area_id"].duplicated().any():
        raise DataError(CHALLENGE_FILE, None, "area_id måste vara unika")
    for col in ("line", "kind_line", "lead_line"):
        df[col] = df[col].astype(int)
    return df.drop(columns="_row")


def challenge_areas() -> pd.DataFrame:
    """The register (a copy), checked against the documents, with lead region names added."""
    df = _challenge_areas().copy()
    df["lead_names"] = [", ".join(regions.short_name(c) for c in codes.split(";"))
                        for codes in df["lead_regions"]]
    df["source"] = [f"{d}, rad {n}" for d, n in zip(df["document"], df["line"])]
    return df


def challenge_table() -> pd.DataFrame:
    """The register as a reader sees it (Swedish headers)."""
    df = challenge_areas()
    return pd.DataFrame({
        "Vem": df["scope"].map({"ÖMS": "ÖMS (gemensamt)", "Kalmar": "Region Kalmar län"}),
        "Område": df["area"],
        "Typ": df["kind"],
        "Ansvarig region (kontakt)": df["lead_authorities"].str.replace(";", ", "),
        "Källa": [f"{d}, rad {n} (ansvar: rad {m})"
                  for d, n, m in zip(df["document"], df["line"], df["lead_line"])],
    })


def overlaps() -> pd.DataFrame:
    """Every ÖMS area × Kalmar priority pair with the themes they share (empty if none)."""
    df = challenge_areas()
    oms, kalmar = df[df["scope"] == "ÖMS"], df[df["scope"] == "Kalmar"]
    rows = []
    for _, a in oms.iterrows():
        for _, b in kalmar.iterrows():
            shared = [t for t in a["themes"].split(";") if t in b["themes"].split(";")]
            rows.append({"oms_area_id": a["area_id"], "oms_area": a["area"],
                         "kalmar_area_id": b["area_id"], "kalmar_area": b["area"],
                         "kalmar_kind": b["kind"], "shared_themes": ", ".join(shared),
                         "overlap": bool(shared),
                         "sources": f"{a['document']} rad {a['line']}; {b['document']} rad {b['line']}"})
    return pd.DataFrame(rows)


def overlap_matrix() -> pd.DataFrame:
    """ÖMS areas (rows) × Kalmar priorities (columns); cells name the shared themes or are ''."""
    o = overlaps()
    m = o.pivot(index="oms_area", columns="kalmar_area", values="shared_themes")
    df = challenge_areas()
    return m.loc[df.loc[df["scope"] == "ÖMS", "area"], df.loc[df["scope"] == "Kalmar", "area"]]


# --- Kalmar's strategy compared on what it says ------------------------------------------------

KALMAR_COMPARISON_FILE = paths.REFERENCE / "kalmar_comparison.csv"
KALMAR_DOCUMENT = "004_8b1a78558345510c.txt"
_KALMAR_COLUMNS = ("aspect_id", "aspect", "kalmar_lines", "kalmar_text", "oms_document", "oms_line",
                   "oms_text", "oms_absent", "comparison")


def _oms_documents() -> list[str]:
    from ..sources.decisions import document_register

    reg = document_register()
    return [d for d, issuer in zip(reg["document"], reg["issuer"])
            if d != KALMAR_DOCUMENT and "Kalmar" not in str(issuer)]


@lru_cache(maxsize=1)
def _kalmar_comparison() -> pd.DataFrame:
    df = read_text_csv(KALMAR_COMPARISON_FILE, _KALMAR_COLUMNS)
    for _, r in df.iterrows():
        row = int(r["_row"])
        lines = [x for x in r["kalmar_lines"].split(";") if x]
        texts = [x for x in r["kalmar_text"].split(";") if x]
        if not lines or len(lines) != len(texts) or not all(x.isdigit() for x in lines):
            raise DataError(KALMAR_COMPARISON_FILE, row,
                            "kalmar_lines och kalmar_text ska ha lika många delar (radnummer; citat)")
        for n, t in zip(lines, texts):
            if t.casefold() not in document_line(KALMAR_DOCUMENT, int(n)).casefold():
                raise DataError(KALMAR_COMPARISON_FILE, row,
                                f"{t!r} står inte på rad {n} i {KALMAR_DOCUMENT}")
        if r["oms_document"]:
            check_registered(KALMAR_COMPARISON_FILE, row, r["oms_document"], "oms_document")
            if not r["oms_line"].isdigit():
                raise DataError(KALMAR_COMPARISON_FILE, row, f"oms_line {r['oms_line']!r} är inget radnummer")
            if r["oms_text"].casefold() not in document_line(r["oms_document"], int(r["oms_line"])).casefold():
                raise DataError(KALMAR_COMPARISON_FILE, row,
                                f"{r['oms_text']!r} står inte på rad {r['oms_line']} i {r['oms_document']}")
        elif r["oms_absent"]:
            # a claim that the ÖMS texts do not say something is checked: the word must be absent
            for d in _oms_documents():
                for i, line in enumerate(_document_lines(d), start=1):
                    if r["oms_absent"].casefold() in line.casefold():
                        raise DataError(KALMAR_COMPARISON_FILE, row,
                                        f"{r['oms_absent']!r} står på rad {i} i {d}; ange raden i stället")
        else:
            raise DataError(KALMAR_COMPARISON_FILE, row,
                            "ange antingen en ÖMS-rad (oms_document, oms_line, oms_text) eller ett "
                            "ord som inte finns i ÖMS-texterna (oms_absent)")
    return df.drop(columns="_row")


def kalmar_comparison() -> pd.DataFrame:
    """What Region Kalmar län's strategy says about governance and the ERDF conditions, each with
    its line, beside what the ÖMS documents say (line) or that they do not say it (checked)."""
    return _kalmar_comparison().copy()
