"""Pandera schema and consistency checks for the tidy indicator table.

The row-level loaders in :mod:`analysis.tables.indicators` already name the file and row of bad input;
this schema is the second guard on the assembled table (codes, years, types, keys, units), and
:func:`check_consistency` compares the data with itself where the sources allow it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.errors import DataError
from ..core.regions import OMS_CODE, RIKET_CODE, county_codes, county_name, oms_county_codes

GRP_TOLERANCE_MSEK = 0.01  # Eurostat rounds county GRP to 0.01 MSEK

# The table's vocabulary: its columns, its key and the indicators it may hold. They live with
# the schema that enforces them, so the loaders in indicators.py and the checks here share them.
COLUMNS = ["county_code", "year", "indicator", "value", "unit", "source", "vintage"]
KEY = ["county_code", "year", "indicator", "vintage"]
YEAR_RANGE = (1990, 2030)  # plausible statistics years


@dataclass(frozen=True)
class Indicator:
    id: str
    dataset: str
    label: str  # Swedish, for readers
    unit: str  # Swedish unit in the tidy table
    raw_unit: str  # the unit text the source file must carry
    kind: str  # "additive", "per_inhabitant", "index", "rate" (not aggregated) or "change" (may be negative)
    source: str
    # Whether releases of the statistic revise earlier years. GRP is revised (benchmark
    # revisions), so a growth rate never joins two vintages; the population on 31 December is
    # not (the 2025 file's 88 values for 2021–2024 equal the older file's exactly, PROVENANCE).
    revised: bool = True


# (Sources as readers see them: agency, statistic and the publisher the figures came through;
# the publisher's own table ids are in data/catalog.yml and the workbook's "Tabell-id".)

# Measures the analyses derive from the table (not stored in it). Named here so that a file that
# refers to one (an action for a weak area in the assessment entries) is checked in this layer,
# without importing the analyses.
GRP_PER_INHABITANT_SEK_FIXED = "grp_per_inhabitant_sek_fixed"  # analyses.mirror.kronor
DERIVED_INDICATORS: tuple[str, ...] = (GRP_PER_INHABITANT_SEK_FIXED,)


INDICATORS: dict[str, Indicator] = {i.id: i for i in [
    Indicator("population", "population", "Folkmängd 31 december", "antal personer", "persons",
              "additive", "SCB BE0101 via Eurostat", revised=False),
    Indicator("grp_msek", "grp", "Bruttoregionprodukt (BRP)", "mnkr, löpande priser",
              "MSEK (million SEK, current prices)", "additive",
              "SCB NR0105 via Eurostat"),
    Indicator("grp_eur_per_inhabitant", "grp", "BRP per invånare (euro)",
              "euro per invånare, löpande priser", "EUR per inhabitant (current prices)",
              "per_inhabitant", "SCB NR0105 via Eurostat"),
    Indicator("grp_per_inhabitant_ksek", "grp_per_inhabitant", "BRP per invånare (tkr)",
              "tkr per invånare, löpande priser", "thousand SEK per inhabitant (current prices)",
              "per_inhabitant", "SCB NR0105 via RegionFakta"),
    Indicator("rd_business_per_inhabitant", "rd_expenditure",
              "Företagens utgifter för egen FoU per invånare", "kr per invånare, löpande priser",
              "SEK per inhabitant (current prices)", "per_inhabitant",
              "Kolada N85085 (SCB UF0301)"),
    Indicator("rd_public_per_inhabitant", "rd_expenditure",
              "Offentliga sektorns utgifter för egen FoU per invånare",
              "kr per invånare, löpande priser", "SEK per inhabitant (current prices)",
              "per_inhabitant", "Kolada N85086 (SCB UF0301)"),
    Indicator("rd_higher_education_per_inhabitant", "rd_expenditure",
              "Universitets- och högskolesektorns utgifter för egen FoU per invånare",
              "kr per invånare, löpande priser", "SEK per inhabitant (current prices)",
              "per_inhabitant", "Kolada N85087 (SCB UF0301)"),
    Indicator("grp_meur", "grp_eurostat_2026", "BRP (miljoner euro)",
              "miljoner euro, löpande priser", "million EUR (current prices)", "additive",
              "Eurostat (SCB NR0105)"),
    Indicator("grp_meur_extra_regio", "grp_eurostat_2026", "BRP utan län (extra-regio, miljoner euro)",
              "miljoner euro, löpande priser", "million EUR (current prices)", "additive",
              "Eurostat (SCB NR0105)"),
    Indicator("grp_volume_change_pct", "grp_scb_2024_contents", "BRP, volymutveckling",
              "procent mot föregående år, fasta priser",
              "percent (volume change on previous year)", "change", "SCB NR0105"),
    Indicator("grp_per_employed_ksek", "grp_scb_2024_contents", "BRP per sysselsatt (tkr)",
              "tkr per sysselsatt, löpande priser", "thousand SEK", "rate", "SCB NR0105"),
    Indicator("employed_thousands", "grp_scb_2024_contents", "Sysselsatta (medeltal, tusental)",
              "tusental personer (årsmedeltal)", "thousand persons (annual average)", "additive",
              "SCB NR0105"),
    Indicator("wages_msek", "grp_scb_2024_contents", "Löner (egentlig lön)",
              "mnkr, löpande priser", "MSEK", "additive", "SCB NR0105"),
    Indicator("innovation_index_reglab", "innovation_index_reglab", "Reglabs innovationsindex",
              "index (Reglab)", "index (Reglab Innovationsindex; scale as published by Reglab)",
              "index", "Reglab Innovationsindex via Region Dalarna"),
]}


def indicator_table_schema():
    import pandera.pandas as pa

    codes = sorted(set(county_codes()) | {RIKET_CODE, OMS_CODE})

    def one_unit_per_indicator(df: pd.DataFrame) -> bool:
        return bool((df.groupby("indicator")["unit"].nunique() <= 1).all())

    def non_negative_levels(df: pd.DataFrame) -> pd.Series:
        change = df["indicator"].map(lambda i: INDICATORS[i].kind == "change" if i in INDICATORS else False)
        return change.astype(bool) | df["value"].isna() | (df["value"] >= 0)

    return pa.DataFrameSchema(
        {
            "county_code": pa.Column(str, pa.Check.isin(codes)),
            "year": pa.Column("int64", pa.Check.in_range(*YEAR_RANGE)),
            "indicator": pa.Column(str, pa.Check.isin(list(INDICATORS))),
            # NA is allowed (suppressed/missing); a value is never negative (table-level check
            # below: only a "change" indicator, such as volume growth, may be).
            "value": pa.Column("float64", nullable=True),
            "unit": pa.Column(str),
            "source": pa.Column(str),
            "vintage": pa.Column(str),
        },
        checks=[pa.Check(one_unit_per_indicator, error="mer än en enhet för en indikator"),
                pa.Check(non_negative_levels, error="negativt värde för en indikator som inte är en förändring")],
        unique=KEY,
        strict=True,
        coerce=False,
        name="indicator_table",
    )


def validate_indicator_table(df: pd.DataFrame) -> pd.DataFrame:
    """Validate with the pandera schema; a failure becomes a DataError listing the first cases."""
    import pandera.errors as pae

    try:
        return indicator_table_schema().validate(df, lazy=True)
    except pae.SchemaErrors as err:
        cases = err.failure_cases.head(5)
        text = "; ".join(f"{c.get('column')}: {c.get('check')} ({c.get('failure_case')!r}, rad "
                         f"{c.get('index')})" for c in cases.to_dict("records"))
        raise DataError("indikatortabellen", None, f"schemat uppfylls inte: {text}") from err


def _sum_check(df: pd.DataFrame, indicator: str, parts: list[str], total_code: str, label: str,
               ok, skipped: list[dict]) -> list[dict]:
    """Per year and vintage: do the ``parts`` regions sum to ``total_code``'s value?

    Only years where every part and the total have a value are compared. A year where some parts
    have a value but a part or the total has none is not compared, and why goes to ``skipped``
    (never silently); a year where no part has a value is outside the file's coverage."""
    rows = []
    sub = df[df["indicator"] == indicator]
    # a vintage (file) that never has the total (SCB's 2024 table has no SE12) is not checked
    with_total = set(sub.loc[sub["county_code"] == total_code, "vintage"])
    sub = sub[sub["vintage"].isin(with_total)]
    for (year, vintage), g in sub.groupby(["year", "vintage"]):
        part_rows = g[g["county_code"].isin(parts)]
        have = set(part_rows.loc[part_rows["value"].notna(), "county_code"])
        total = g.loc[(g["county_code"] == total_code) & g["value"].notna(), "value"]
        missing = [c for c in parts if c not in have]
        if not missing and len(total):
            values = part_rows["value"]
            diff = float(values.sum() - total.iloc[0])
            rows.append({"check": label, "indicator": indicator, "year": int(year),
                         "vintage": vintage, "sum_parts": float(values.sum()),
                         "total": float(total.iloc[0]), "difference": diff, "ok": ok(diff)})
        elif have:  # (a year without any county value is outside the file's coverage, no gap)
            names = [f"{county_name(c)} ({c})" for c in missing] + ([] if len(total) else [total_code])
            skipped.append({"check": label, "indicator": indicator, "year": int(year), "vintage": vintage,
                            "reason": f"värde saknas för {', '.join(names)}"})
    return rows


def _per_employed_check(df: pd.DataFrame) -> list[dict]:
    """Per year and vintage where a file gives BRP, employed and BRP per employed (SCB's table):
    BRP (mnkr) ÷ employed (thousands) rounds to the published BRP per employed (tkr) in every
    county. ``sum_parts`` = counties compared, ``total`` = counties that agree."""
    rows = []
    need = ("grp_msek", "employed_thousands", "grp_per_employed_ksek")
    sub = df[df["indicator"].isin(need) & df["value"].notna()]
    for (year, vintage), g in sub.groupby(["year", "vintage"]):
        w = g.pivot_table(index="county_code", columns="indicator", values="value")
        if not set(need) <= set(w.columns):
            continue
        w = w.dropna(subset=list(need))
        derived = (w["grp_msek"] / w["employed_thousands"]).round()
        agree = int((derived == w["grp_per_employed_ksek"]).sum())
        rows.append({"check": "BRP ÷ sysselsatta = BRP per sysselsatt", "indicator": "grp_per_employed_ksek",
                     "year": int(year), "vintage": vintage, "sum_parts": float(len(w)),
                     "total": float(agree), "difference": float(len(w) - agree),
                     "ok": agree == len(w)})
    return rows


def _checks(df: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    skipped: list[dict] = []
    rows = [
        *_per_employed_check(df),
        *_sum_check(df, "population", county_codes(), RIKET_CODE, "Folkmängd: 21 län = riket",
                    lambda diff: diff == 0, skipped),
        *_sum_check(df, "grp_msek", oms_county_codes(), OMS_CODE, "BRP: fem ÖMS-län = SE12",
                    lambda diff: round(abs(diff), 6) <= GRP_TOLERANCE_MSEK, skipped),
    ]
    return rows, skipped


def consistency_table(df: pd.DataFrame) -> pd.DataFrame:
    """Each consistency check per year: what is compared, the difference and whether it passes.

    - population: the 21 counties sum exactly to Riket;
    - grp_msek: the five ÖMS counties sum to SE12 within 0.01 MSEK.

    Years that cannot be compared because a value is missing are in :func:`skipped_checks`.
    """
    return pd.DataFrame(_checks(df)[0], columns=["check", "indicator", "year", "vintage", "sum_parts",
                                                 "total", "difference", "ok"])


def skipped_checks(df: pd.DataFrame) -> pd.DataFrame:
    """The consistency checks not made, per year, and why (a part or the total has no value)."""
    return pd.DataFrame(_checks(df)[1], columns=["check", "indicator", "year", "vintage", "reason"])


def check_consistency(df: pd.DataFrame) -> pd.DataFrame:
    """Run :func:`consistency_table`; raise DataError on the first failing check."""
    table = consistency_table(df)
    bad = table[~table["ok"].astype(bool)]
    if len(bad):
        r = bad.iloc[0]
        raise DataError("indikatortabellen", None,
                        f"{r['check']} stämmer inte {r['year']}: delarna summerar till "
                        f"{r['sum_parts']:.2f}, totalen är {r['total']:.2f}")
    return table


# --- one vintage per calculation ---------------------------------------------------------------

class MixedVintagesError(DataError):
    """A growth rate or ratio was asked of values from different vintages (releases)."""


def require_one_vintage(*frames: pd.DataFrame, what: str = "beräkningen",
                        indicator: str | None = None) -> str:
    """The single vintage of every row in ``frames`` (each with a ``vintage`` column).

    Values from different releases of the same statistic (SCB's table of December 2025,
    Eurostat's data of February 2026 and of August 2025) differ by revisions, so a growth rate or
    ratio that joins two of them would show the revision as growth. Raises
    :class:`MixedVintagesError` (a Swedish message naming the vintages) if the rows carry more
    than one vintage or none at all.
    """
    vintages: set[str] = set()
    for f in frames:
        if "vintage" not in f:
            raise MixedVintagesError("indikatortabellen", None,
                                     f"{what}: värdena saknar uppgift om årgång (kolumnen vintage)")
        vintages |= {str(v) for v in f["vintage"].dropna().unique()}
    if indicator in INDICATORS and not INDICATORS[indicator].revised and vintages:
        return ", ".join(sorted(vintages))  # an unrevised statistic is one series across files
    if len(vintages) != 1:
        listed = ", ".join(sorted(vintages)) or "ingen"
        raise MixedVintagesError("indikatortabellen", None,
                                 f"{what} blandar årgångar ({listed}). En tillväxttakt eller kvot "
                                 "får bara bygga på värden ur samma årgång; välj en årgång.")
    return vintages.pop()
