"""``python -m analysis refresh``: fetch newer population, GRP and KPI tables from SCB.

SCB's open statistics API (PxWeb API, v1: POST a query to a table, response format
``json-stat2``) answers in JSON-stat 2.0. The one network call is :func:`fetch`; everything
else (query, parsing, conversion to the raw-file layouts, writing) is plain code tested on a
fixture. The command fetches all tables first and writes nothing unless every fetch and parse
succeeded: offline, it fails with a clear Swedish message and leaves the data untouched.

Each answer is checked with the same checks as the stored file it refreshes before anything is
written, and the files and catalog entries are written all or nothing; ``refresh --angra``
undoes the last refresh (:mod:`analysis.sources.scb_write`).

What it writes: one new raw file per table in ``data/raw/indicators/`` named
``scb_<table>_<retrieval date>.csv`` (the same column layout as the stored file it refreshes, so
the same loader and checks read it), and a catalog entry per file with the retrieval date as
vintage. The stored files are never changed; the indicator table then holds both vintages and
uses the newer one where it is as complete (see :func:`analysis.tables.indicators.indicators`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError
from ..core.regions import RIKET_CODE, counties, county_codes
from .scb_write import write_refresh

API_BASE = "https://api.scb.se/OV0104/v1/doris/sv/ssd/"
TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Table:
    """One SCB table to refresh and how it maps onto a stored raw layout."""

    key: str  # population, grp, kpi
    path: str  # PxWeb path below API_BASE
    contents_code: str
    refreshes: str  # catalog name of the stored dataset it refreshes
    schema: str
    title: str
    unit: str
    source: str
    regional: bool = True
    extra_query: list = field(default_factory=list)


TABLES: dict[str, Table] = {
    "population": Table(
        "population", "BE/BE0101/BE0101A/BefolkningNy", "BE0101N1", "population",
        "indicators.population", "Folkmängd 31 december per län (SCB, hämtad via API)",
        "antal personer (folkmängd 31 december)",
        "SCB BE0101, tabell BefolkningNy (PxWeb API)"),
    "grp": Table(
        "grp", "NR/NR0105/NR0105A/NR0105ENS2010T01A", "NR0105AH", "grp", "indicators.grp",
        "BRP per län, löpande priser, mnkr (SCB, hämtad via API)", "mnkr, löpande priser",
        "SCB NR0105, tabell NR0105ENS2010T01A (PxWeb API)"),
    "kpi": Table(
        "kpi", "PR/PR0101/PR0101A/KPItotM", "000004VU", "kpi_monthly", "prices.kpi_monthly",
        "KPI, fastställda tal (1980=100), månad (SCB, hämtad via API)", "index 1980=100",
        "SCB PR0101, tabell KPItotM (PxWeb API)", regional=False),
}


class RefreshError(RuntimeError):
    """The refresh could not complete; nothing was written."""


# --- the one network call ----------------------------------------------------------------------

def fetch(url: str, query: dict, timeout: float = TIMEOUT_SECONDS) -> dict:
    """POST a PxWeb query and return the decoded JSON-stat 2 answer (the only network call)."""
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps(query).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (fixed host)
        return json.loads(response.read().decode("utf-8-sig"))


def build_query(table: Table) -> dict:
    """The PxWeb v1 query: all counties and Riket (regional tables), the table's contents code,
    all periods; other variables are left out so that SCB returns their totals."""
    query = [{"code": "ContentsCode", "selection": {"filter": "item",
                                                    "values": [table.contents_code]}}]
    if table.regional:
        query.insert(0, {"code": "Region", "selection": {
            "filter": "vs:RegionLän07", "values": [RIKET_CODE, *county_codes()]}})
    query.extend(table.extra_query)
    return {"query": query, "response": {"format": "json-stat2"}}


# --- JSON-stat 2.0 -----------------------------------------------------------------------------

def parse_jsonstat2(doc: dict, source: str = "JSON-stat") -> pd.DataFrame:
    """A JSON-stat 2.0 dataset as a long table: one column per dimension (category codes),
    ``<dimension>_label`` with the category labels, ``value`` (float, NA for null) and
    ``status`` (the status symbol, e.g. ``".."`` for suppressed, or NA).

    Follows the format: ``id`` and ``size`` list the dimensions in order, the last varying
    fastest; ``category.index`` is an array or an object of positions (or absent when a
    dimension has a single category listed in ``label``); ``value`` and ``status`` may be
    arrays or sparse objects keyed by position.
    """
    if not isinstance(doc, dict) or doc.get("class") != "dataset":
        raise DataError(source, None, "inte ett JSON-stat-dataset (class måste vara 'dataset')")
    if str(doc.get("version", "")) != "2.0":
        raise DataError(source, None, f"väntade JSON-stat version 2.0, fick {doc.get('version')!r}")
    ids, size, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not (isinstance(ids, list) and isinstance(size, list) and isinstance(dims, dict)
            and len(ids) == len(size)):
        raise DataError(source, None, "id, size och dimension saknas eller är inte lika långa")
    codes: list[list[str]] = []
    labels: list[dict] = []
    for dim_id, n in zip(ids, size):
        if dim_id not in dims:
            raise DataError(source, None, f"dimensionen {dim_id!r} saknas i 'dimension'")
        cat = dims[dim_id].get("category", {})
        index, label = cat.get("index"), cat.get("label", {}) or {}
        if index is None:
            order = list(label)
        elif isinstance(index, list):
            order = list(index)
        else:
            order = [k for k, _ in sorted(index.items(), key=lambda kv: kv[1])]
        if len(order) != n:
            raise DataError(source, None, f"dimensionen {dim_id!r} har {len(order)} kategorier "
                            f"men size säger {n}")
        codes.append(order)
        labels.append(label)
    total = 1
    for n in size:
        total *= n

    def positional(obj, what: str) -> list:
        if obj is None:
            return [None] * total
        if isinstance(obj, list):
            if len(obj) != total:
                raise DataError(source, None, f"{what} har {len(obj)} poster, väntade {total}")
            return obj
        if isinstance(obj, dict):
            out = [None] * total
            for k, v in obj.items():
                i = int(k)
                if not 0 <= i < total:
                    raise DataError(source, None, f"{what}: position {i} utanför 0–{total - 1}")
                out[i] = v
            return out
        if isinstance(obj, str) and what == "status":  # one status for every cell
            return [obj] * total
        raise DataError(source, None, f"{what} har ett okänt format")

    values = positional(doc.get("value"), "value")
    status = positional(doc.get("status"), "status")
    rows = []
    for pos, combo in enumerate(product(*codes)):
        v = values[pos]
        if v is not None and not isinstance(v, (int, float)):
            raise DataError(source, None, f"värdet på position {pos} är inte ett tal: {v!r}")
        row = dict(zip(ids, combo))
        for dim_id, code, lab in zip(ids, combo, labels):
            row[f"{dim_id}_label"] = lab.get(code, code)
        row["value"] = float(v) if v is not None else float("nan")
        row["status"] = status[pos]
        rows.append(row)
    return pd.DataFrame(rows)


def _time_dimension(doc: dict) -> str:
    role = doc.get("role") or {}
    time = role.get("time") or [d for d in doc["id"] if d.lower() in {"tid", "time"}]
    if not time:
        raise DataError("JSON-stat", None, "hittar ingen tidsdimension (role.time eller 'Tid')")
    return time[0]


def _geo_dimension(doc: dict) -> str:
    role = doc.get("role") or {}
    geo = role.get("geo") or [d for d in doc["id"] if d.lower() == "region"]
    if not geo:
        raise DataError("JSON-stat", None, "hittar ingen regiondimension (role.geo eller 'Region')")
    return geo[0]


# --- conversion to the stored layouts ----------------------------------------------------------

def to_raw_layout(table: Table, doc: dict, retrieved: dt.date) -> pd.DataFrame:
    """Convert a parsed SCB answer to the column layout of the stored file it refreshes.

    Suppressed/missing cells are written as empty values (the loaders keep them missing).
    """
    src = f"{table.source}, hämtad {retrieved.isoformat()}"
    df = parse_jsonstat2(doc, source=f"SCB {table.path}")
    time = _time_dimension(doc)
    # Full precision (".15g"): 10 587 710 must not become 1.05877e+07; missing stays empty.
    value = df["value"].map(lambda v: "" if pd.isna(v) else format(v, ".15g"))
    if table.key == "kpi":
        period = df[time].astype(str)
        ok = period.str.fullmatch(r"\d{4}M\d{2}")
        if not ok.all():
            raise DataError(f"SCB {table.path}", None,
                            f"oväntad månadsperiod {period[~ok].iloc[0]!r} (väntade ÅÅÅÅMmm)")
        return pd.DataFrame({
            "year": period.str[:4], "month": period.str[5:].astype(int).astype(str),
            "period": period.str[:4] + "-" + period.str[5:], "value": value,
            "unit": "index 1980=100", "source": src})
    geo = _geo_dimension(doc)
    reg = counties().set_index("county_code")
    names = {**reg["county_name"].to_dict(), RIKET_CODE: "Riket"}
    code = df[geo].astype(str)
    unknown = ~code.isin(list(names))
    if unknown.any():
        raise DataError(f"SCB {table.path}", None, f"okänd regionkod {code[unknown].iloc[0]!r}")
    year = df[time].astype(str)
    if table.key == "population":
        return pd.DataFrame({
            "county_code": code, "county_name": code.map(names),
            "nuts3_code": code.map({**reg["nuts3_code"].to_dict(), RIKET_CODE: "SE"}),
            "nuts2_code": code.map({**reg["nuts2_code"].to_dict(), RIKET_CODE: "SE"}),
            "year": year, "value": value, "unit": "persons",
            "reference_date": year + "-12-31", "eurostat_flag": "", "source": src})
    return pd.DataFrame({
        "county_code": code, "county_name": code.map(names),
        "nuts_code": code.map({**reg["nuts3_code"].to_dict(), RIKET_CODE: "SE"}),
        "year": year, "value": value, "unit_code": "MIO_NAC",
        "unit": "MSEK (million SEK, current prices)", "eurostat_flag": "", "source": src})


# --- writing -----------------------------------------------------------------------------------

def catalog_entry_yaml(name: str, table: Table, file: Path, retrieved: dt.date,
                       frame: pd.DataFrame, root: Path) -> str:
    """The catalog entry for a refreshed file, as YAML text appended to ``data/catalog.yml``
    (appending keeps the hand-written comments of the catalog)."""
    import yaml

    years = sorted(frame["year"].unique())
    missing = int((frame["value"] == "").sum())
    entry = {name: {
        "area": "indikatorer",
        "path": str(file.relative_to(root)),
        "format": "csv",
        "schema": table.schema,
        "title": table.title,
        "refreshes": table.refreshes,
        "columns": list(frame.columns),
        "unit": table.unit,
        "source": table.source,
        "vintage": retrieved.isoformat(),
        "coverage": f"{years[0]}–{years[-1]}" if years else "inga perioder",
        "licence": "CC0 (SCB öppna data)",
        "quality": "hög",
        "suitability": "hög",
        "known_gaps": (f"{missing} celler saknas eller är undertryckta i SCB:s svar."
                       if missing else "Inga saknade celler i SCB:s svar."),
        "caveats": [f"Hämtad från SCB:s PxWeb-API {retrieved.isoformat()} (tabell {table.path}, "
                    f"innehåll {table.contents_code}); ersätter inte den lagrade filen "
                    f"{table.refreshes} utan läggs till som en nyare årgång."],
    }}
    text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=100)
    return "\n" + "".join(f"  {line}\n" for line in text.splitlines())


def refresh(tables: list[str] | None = None, *, retrieved: dt.date | None = None,
            api_base: str = API_BASE, root: Path | None = None, fetcher=None,
            validate=None) -> list[Path]:
    """Fetch, parse, check and write the tables; return the written files.

    All fetching and parsing happens before anything is written. Each answer is then written
    under a temporary name and checked by ``validate(table, file)`` (the checks the stored file
    passes, see :mod:`analysis.pipeline.refresh`; a DataError stops the refresh); only when
    every table passes are the files renamed into place and the catalog entries written, all or
    nothing (:func:`analysis.sources.scb_write.write_refresh`). A failure at any point (offline,
    SCB changed a table, an answer that fails a check) leaves the data and the catalog untouched.
    """
    root = Path(root) if root is not None else paths.ROOT
    retrieved = retrieved or dt.date.today()
    frames = _fetch_all(tables, api_base, fetcher or fetch, retrieved)
    raw_dir = root / "data" / "raw" / "indicators"
    catalog_file = root / "data" / "catalog.yml"
    existing = catalog_file.read_text(encoding="utf-8")
    planned = []
    for key, frame in frames.items():
        name = f"scb_{key}_{retrieved.strftime('%Y%m%d')}"
        file = raw_dir / f"scb_{key}_{retrieved.isoformat()}.csv"
        if file.exists() or f"\n  {name}:" in existing:
            raise RefreshError(f"{file.name} finns redan (hämtad i dag). Raw-filer skrivs aldrig "
                               "över; ångra den förra uppdateringen med 'python -m analysis refresh "
                               "--angra' om den ska ersättas.")
        planned.append((TABLES[key], name, file, frame))
    moves: list[tuple[Path, Path]] = []
    try:
        for table, name, file, frame in planned:
            tmp = file.with_name(f".{file.name}.tmp")
            moves.append((tmp, file))
            frame.to_csv(tmp, index=False, encoding="utf-8")
            if validate is not None:
                try:
                    validate(table, tmp)
                except DataError as err:
                    where = f" (rad {err.line} i svaret som CSV)" if err.line else ""
                    raise RefreshError(
                        f"SCB:s svar för {table.path} klarar inte kontrollerna som de lagrade filerna "
                        f"klarar: {err.problem}{where}. Inga filer har ändrats.") from err
        text = existing + "".join(catalog_entry_yaml(name, table, file, retrieved, frame, root)
                                  for table, name, file, frame in planned)
        return write_refresh(root, moves, catalog_file, text)
    finally:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)


def _fetch_all(tables: list[str] | None, api_base: str, fetcher, retrieved: dt.date
               ) -> dict[str, pd.DataFrame]:
    """Every table fetched and converted to its raw layout (nothing written)."""
    keys = tables or list(TABLES)
    unknown = [k for k in keys if k not in TABLES]
    if unknown:
        raise RefreshError(f"Okänd tabell {', '.join(unknown)}. Välj bland {', '.join(TABLES)}.")
    frames: dict[str, pd.DataFrame] = {}
    for key in keys:
        table = TABLES[key]
        url = api_base + table.path
        try:
            doc = fetcher(url, build_query(table))
        except (OSError, TimeoutError, ValueError) as err:
            # urllib's URLError/HTTPError are OSErrors; a non-JSON answer is a ValueError.
            raise RefreshError(
                f"Kunde inte hämta {table.title.split(' (')[0].lower()} från SCB ({url}): {err}. "
                "Kontrollera nätverksanslutningen och försök igen. Inga filer har ändrats."
            ) from err
        try:
            frames[key] = to_raw_layout(table, doc, retrieved)
        except DataError as err:
            raise RefreshError(f"SCB:s svar för {table.path} kunde inte tolkas: {err}. "
                               "Inga filer har ändrats.") from err
    return frames


# --- CLI ---------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--table", action="append", choices=list(TABLES), dest="tables",
                        help="Hämta bara denna tabell (kan upprepas). Standard: alla.")
    parser.add_argument("--api-base", default=API_BASE,
                        help=f"PxWeb-API:ts bas-URL (standard {API_BASE})")
    parser.add_argument("--angra", "--undo", dest="undo", action="store_true",
                        help="Ångra den senaste uppdateringen: ta bort dess nya filer och katalogposter")
