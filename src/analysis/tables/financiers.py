"""The financier register (``data/reference/financiers.csv``) and label resolution.

Every financing row label seen in the decision documents is an *alias* in the register, which
resolves it to a canonical financier (``Region Uppsala``, ``ERUF``), a kind (``region``,
``eu_fund``, ``state_agency``, …), whether the money is public or private (``sector``), whether
it is money or a contribution in kind (``form``: ``cash`` or ``in_kind``, "bidrag i annat än
pengar"), a county code for a region, and a funding source:

* ``appropriation_1_1`` — the state appropriation 1:1 Regionala tillväxtåtgärder, which the
  region decides over ("Region Örebro län 1:1", "Region Sörmland 1:1 medel");
* ``regional_other`` — the region's other funds ("Region Uppsala Övriga medel");
* ``regional_unspecified`` — a region named without saying which funds ("Region Västmanland");
* ``erdf`` — the European Regional Development Fund, ERUF in Swedish;
* ``state_other``, ``municipal``, ``private``, ``other`` — a state agency's, a municipality's,
  a private financier's or any other financier's money;
* ``in_kind`` — a contribution in kind ("Offentligt bidrag i annat än pengar"), of any financier.

Only a region carries a county code: the analyses count a row as the regions' co-financing by
it (``kind == 'region'``), so a county's state agency (Länsstyrelsen) is never counted as the
region's money.

A label that is not in the register is resolved by rule when it is a county's regional
authority (from ``counties.csv``) or a registered financier, optionally followed by a funding
suffix ("1:1", "1:1-medel", "Övriga medel", or "i annat än pengar" for a contribution in kind):
``"Region Kalmar län 1:1-medel"`` resolves to Region Kalmar län, county 08, appropriation 1:1,
with ``via='rule'`` so callers can report it. A county's state agency ("Länsstyrelsen i Örebro
län", from the county names in ``counties.csv``) resolves by rule to a public state agency.
Anything else is an unknown financier (:class:`UnknownFinancier`): a municipality, a company or
a foundation is added to the register, with its kind, sector and form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths, regions
from ..core.csvfile import read_text_csv
from ..core.errors import DataError

REGISTER_FILE = paths.REFERENCE / "financiers.csv"
COLUMNS = ["alias", "financier", "kind", "sector", "form", "county_code", "funding_source",
           "note", "seen_in", "source"]
KINDS = {"region", "eu_fund", "state_agency", "municipality", "university", "private", "other"}
SECTORS = {"public", "private"}
FORMS = {"cash", "in_kind"}
FUNDING_SOURCES = {"appropriation_1_1", "regional_other", "regional_unspecified", "erdf",
                   "state_other", "municipal", "private", "other", "in_kind"}
IN_KIND = "in_kind"

# Funding suffixes recognised by rule (after the financier's name).
_SUFFIXES = [
    (re.compile(r"\s+1\s*:\s*1(?:[\s-]*medel)?$", re.IGNORECASE), "appropriation_1_1"),
    (re.compile(r"\s+övriga\s+medel$", re.IGNORECASE), "regional_other"),
    (re.compile(r",?\s+(?:bidrag\s+)?i\s+annat\s+än\s+pengar$", re.IGNORECASE), IN_KIND),
]
_STATE_AGENCY = re.compile(r"^länsstyrelsen\s+(?:i\s+)?(.+)$", re.IGNORECASE)


class UnknownFinancier(LookupError):
    """A financing label that neither the register nor the rules resolve."""


@dataclass(frozen=True)
class Financier:
    """What a financing label resolves to."""

    label: str
    financier: str
    kind: str
    county_code: str | None
    funding_source: str
    alias: str          # the register alias that matched (or the rule's base name)
    via: str            # "alias" (in the register) or "rule"
    note: str = ""
    sector: str = "public"   # "public" or "private"
    form: str = "cash"       # "cash" or "in_kind"


def _key(label: str) -> str:
    return re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip().casefold()


def _read(file: Path) -> pd.DataFrame:
    df = read_text_csv(file)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError(file, 1, f"kolumner saknas: {', '.join(missing)}")
    codes = set(regions.county_codes())
    for i, row in df.iterrows():
        line = int(row["_row"])
        if not row["alias"].strip() or not row["financier"].strip():
            raise DataError(file, line, "alias och financier måste vara ifyllda")
        if row["kind"] not in KINDS:
            raise DataError(file, line, f"okänd typ {row['kind']!r} (tillåtna: {sorted(KINDS)})")
        if row["funding_source"] not in FUNDING_SOURCES:
            raise DataError(file, line, f"okänd finansieringskälla {row['funding_source']!r} "
                                        f"(tillåtna: {sorted(FUNDING_SOURCES)})")
        if row["county_code"] and row["county_code"] not in codes:
            raise DataError(file, line, f"okänd länskod {row['county_code']!r}")
        if row["kind"] == "region" and not row["county_code"]:
            raise DataError(file, line, "en region måste ha en länskod")
        if row["kind"] != "region" and row["county_code"]:
            raise DataError(file, line, "bara en region har en länskod (den räknas som regionernas "
                                        "medfinansiering); lämna county_code tom")
        if row["sector"] not in SECTORS:
            raise DataError(file, line, f"sector ska vara public (offentlig) eller private (privat), "
                                        f"inte {row['sector']!r}")
        if row["form"] not in FORMS:
            raise DataError(file, line, f"form ska vara cash (pengar) eller in_kind (bidrag i annat "
                                        f"än pengar), inte {row['form']!r}")
        if (row["form"] == IN_KIND) != (row["funding_source"] == IN_KIND):
            raise DataError(file, line, "form in_kind och funding_source in_kind hör ihop: ett bidrag i "
                                        "annat än pengar har båda, pengar ingen av dem")
        if row["kind"] == "private" and row["sector"] != "private":
            raise DataError(file, line, "en finansiär av typen private måste ha sector private")
    keys = df["alias"].map(_key)
    if keys.duplicated().any():
        dup = df.loc[keys.duplicated(), "alias"].iloc[0]
        raise DataError(file, int(df.loc[keys.duplicated(), "_row"].iloc[0]), f"aliaset {dup!r} står två gånger")
    # one financier, one kind and one county
    for name, group in df.groupby("financier"):
        if (group["kind"].nunique() > 1 or group["county_code"].nunique() > 1
                or group["sector"].nunique() > 1):
            raise DataError(file, int(group["_row"].iloc[0]),
                            f"{name}: alla alias måste ha samma typ, sektor och länskod")
    df["county_code"] = df["county_code"].replace("", pd.NA)
    return df[COLUMNS]


@lru_cache(maxsize=4)
def _register(file: str) -> pd.DataFrame:
    return _read(Path(file))


@lru_cache(maxsize=4)
def _alias_index(file: str) -> dict[str, dict]:
    """Register rows by normalised alias (resolving is called once per budget row)."""
    return {_key(r["alias"]): r for r in _register(file).to_dict("records")}


def financiers(file: str | Path | None = None) -> pd.DataFrame:
    """The financier register, one row per alias (a copy).

    Columns: ``alias`` (as written in a document), ``financier`` (canonical name), ``kind``,
    ``sector`` (public/private), ``form`` (cash/in_kind), ``county_code`` (regions only, NA
    for every other financier), ``funding_source``, ``note`` (e.g. that the alias is a
    misspelling), ``seen_in`` (documents and lines), ``source`` (what the classification rests on).
    """
    return _register(str(file or REGISTER_FILE)).copy()


def resolve_financier(label: str, file: str | Path | None = None) -> Financier:
    """Resolve a financing row label. Raises :class:`UnknownFinancier` if it cannot be resolved.

    >>> resolve_financier("Region Upsala 1:1 medel").financier
    'Region Uppsala'
    """
    file = str(file or REGISTER_FILE)
    key = _key(label)
    row = _alias_index(file).get(key)
    if row is not None:
        return Financier(label, row["financier"], row["kind"],
                         None if pd.isna(row["county_code"]) else row["county_code"],
                         row["funding_source"], row["alias"], "alias", row["note"],
                         row["sector"], row["form"])
    base, source = label.strip(), None
    for pattern, src in _SUFFIXES:
        stripped = pattern.sub("", base)
        if stripped != base:
            base, source = stripped, src
            break
    base_key = _key(base)
    reg = _register(file)
    # a registered financier, by canonical name or by one of its aliases
    names = {_key(n): n for n in reg["financier"]}
    hit = names.get(base_key)
    if hit is None and base_key in _alias_index(file):
        hit = _alias_index(file)[base_key]["financier"]
    if hit is not None:
        rows = reg[reg["financier"] == hit]
        first = rows.iloc[0]
        kind = first["kind"]
        county = None if pd.isna(first["county_code"]) else first["county_code"]
        if source is None:
            plain = rows[rows["alias"].map(_key) == _key(hit)]
            source = plain.iloc[0]["funding_source"] if len(plain) else (
                "regional_unspecified" if kind == "region" else first["funding_source"])
        elif kind != "region" and source != IN_KIND:
            raise UnknownFinancier(label)
        sector = first["sector"]
        return Financier(label, hit, kind, county, source, base, "rule", "", sector,
                         IN_KIND if source == IN_KIND else "cash")
    # a county's regional authority ("Region Kalmar län")
    counties = regions.counties()
    authorities = {_key(a): (a, c) for a, c in zip(counties["authority_name"], counties["county_code"])}
    if base_key in authorities:
        name, code = authorities[base_key]
        return Financier(label, name, "region", code, source or "regional_unspecified", base, "rule",
                         "", "public", IN_KIND if source == IN_KIND else "cash")
    # a county's state agency ("Länsstyrelsen i Örebro län"): public, never the region's money
    agency = _STATE_AGENCY.match(base)
    if agency and source in (None, IN_KIND):
        county_names = {_key(n): n for n in counties["county_name"]}
        county = county_names.get(_key(agency.group(1)))
        if county is not None:
            return Financier(label, f"Länsstyrelsen i {county}", "state_agency", None,
                             source or "state_other", base, "rule", "", "public",
                             IN_KIND if source == IN_KIND else "cash")
    raise UnknownFinancier(label)


def classification(labels_: "pd.Series | list[str]", file: str | Path | None = None) -> pd.DataFrame:
    """Kind, sector and form of each financing label (as in ``budget_lines().label``), from the
    register (or its rules): ``label, financier, kind, sector, form``, one row per distinct label.

    Raises :class:`UnknownFinancier` for a label neither resolves (the budget build has refused
    such a label already, with the document and line).
    """
    rows = []
    for label in dict.fromkeys(str(v) for v in labels_):
        f = resolve_financier(label, file)
        rows.append({"label": label, "financier": f.financier, "kind": f.kind,
                     "sector": f.sector, "form": f.form})
    return pd.DataFrame(rows, columns=["label", "financier", "kind", "sector", "form"])
