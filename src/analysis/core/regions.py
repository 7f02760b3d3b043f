"""The Swedish counties and the five ÖMS members, from ``data/reference/counties.csv``."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import paths

RIKET_CODE = "00"
OMS_CODE = "SE12"  # ÖMS as a whole is the NUTS 2 region SE12
RIKET_NAME = "Riket"
OMS_NAME = "Östra Mellansverige"
COUNTIES_FILE = paths.REFERENCE / "counties.csv"


@lru_cache(maxsize=1)
def _counties() -> pd.DataFrame:
    df = pd.read_csv(COUNTIES_FILE, dtype=str, keep_default_na=False)
    df["is_oms"] = df["is_oms"].map({"true": True, "false": False})
    if df["is_oms"].isna().any() or df["county_code"].duplicated().any() or len(df) != 21:
        raise ValueError(f"{COUNTIES_FILE}: väntade 21 unika län med is_oms true/false")
    return df


def counties() -> pd.DataFrame:
    """The 21 counties (a copy; callers may modify it)."""
    return _counties().copy()


def county_codes() -> list[str]:
    return _counties()["county_code"].tolist()


def oms_county_codes() -> list[str]:
    """The five ÖMS counties: 03 Uppsala, 04 Södermanland, 05 Östergötland, 18 Örebro, 19 Västmanland."""
    c = _counties()
    return c.loc[c["is_oms"], "county_code"].tolist()


def county_name(code: str) -> str:
    """Swedish name for a county code, ``00`` (Riket) or ``SE12`` (ÖMS)."""
    if code == RIKET_CODE:
        return RIKET_NAME
    if code == OMS_CODE:
        return OMS_NAME
    c = _counties().set_index("county_code")
    if code not in c.index:
        raise KeyError(f"Okänd länskod {code!r}. Giltiga: {', '.join(c.index)}, 00 (Riket), SE12 (ÖMS)")
    return c.at[code, "county_name"]


def short_name(code: str) -> str:
    """Short name for figures: ``'Uppsala'``, ``'Sörmland'``; ``'ÖMS'`` and ``'Riket'`` for aggregates."""
    if code == RIKET_CODE:
        return RIKET_NAME
    if code == OMS_CODE:
        return "ÖMS"
    return _counties().set_index("county_code").at[code, "short_name"]


def authority_name(code: str) -> str:
    """The regional authority: ``'Region Uppsala'``."""
    return _counties().set_index("county_code").at[code, "authority_name"]
