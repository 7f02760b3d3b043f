"""Pandera schema and consistency checks for the tidy indicator table.

The row-level loaders in :mod:`analysis.indicators` already name the file and row of bad input;
this schema is the second guard on the assembled table (codes, years, types, keys, units), and
:func:`check_consistency` compares the data with itself where the sources allow it.
"""

from __future__ import annotations

import pandas as pd

from .errors import DataError
from .regions import OMS_CODE, RIKET_CODE, county_codes, oms_county_codes

GRP_TOLERANCE_MSEK = 0.01  # Eurostat rounds county GRP to 0.01 MSEK


def indicator_table_schema():
    import pandera.pandas as pa

    from .indicators import INDICATORS, KEY, YEAR_RANGE

    codes = sorted(set(county_codes()) | {RIKET_CODE, OMS_CODE})

    def one_unit_per_indicator(df: pd.DataFrame) -> bool:
        return bool((df.groupby("indicator")["unit"].nunique() <= 1).all())

    return pa.DataFrameSchema(
        {
            "county_code": pa.Column(str, pa.Check.isin(codes)),
            "year": pa.Column("int64", pa.Check.in_range(*YEAR_RANGE)),
            "indicator": pa.Column(str, pa.Check.isin(list(INDICATORS))),
            # NA is allowed (suppressed/missing); a value is never negative.
            "value": pa.Column("float64", pa.Check.ge(0), nullable=True),
            "unit": pa.Column(str),
            "source": pa.Column(str),
            "vintage": pa.Column(str),
        },
        checks=[pa.Check(one_unit_per_indicator, error="mer än en enhet för en indikator")],
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


def consistency_table(df: pd.DataFrame) -> pd.DataFrame:
    """Each consistency check per year: what is compared, the difference and whether it passes.

    - population: the 21 counties sum exactly to Riket;
    - grp_msek: the five ÖMS counties sum to SE12 within 0.01 MSEK.
    """
    rows = []
    counties = county_codes()
    pop = df[df["indicator"] == "population"]
    for (year, vintage), g in pop.groupby(["year", "vintage"]):
        total = g.loc[g["county_code"].isin(counties), "value"]
        riket = g.loc[g["county_code"] == RIKET_CODE, "value"]
        if len(riket) and len(total) == 21:
            diff = float(total.sum() - riket.iloc[0])
            rows.append({"check": "Folkmängd: 21 län = riket", "indicator": "population",
                         "year": int(year), "vintage": vintage, "sum_parts": float(total.sum()),
                         "total": float(riket.iloc[0]), "difference": diff, "ok": diff == 0})
    grp = df[df["indicator"] == "grp_msek"]
    oms = oms_county_codes()
    for (year, vintage), g in grp.groupby(["year", "vintage"]):
        parts = g.loc[g["county_code"].isin(oms), "value"]
        se12 = g.loc[g["county_code"] == OMS_CODE, "value"]
        if len(se12) and len(parts) == 5:
            diff = float(parts.sum() - se12.iloc[0])
            rows.append({"check": "BRP: fem ÖMS-län = SE12", "indicator": "grp_msek",
                         "year": int(year), "vintage": vintage, "sum_parts": float(parts.sum()),
                         "total": float(se12.iloc[0]), "difference": diff,
                         "ok": round(abs(diff), 6) <= GRP_TOLERANCE_MSEK})
    return pd.DataFrame(rows, columns=["check", "indicator", "year", "vintage", "sum_parts", "total",
                                       "difference", "ok"])


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
