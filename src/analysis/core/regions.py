"""The Swedish counties and the five ÖMS members, from ``data/reference/counties.csv``."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import paths
from .csvfile import read_text_csv
from .errors import DataError

RIKET_CODE = "00"
OMS_CODE = "SE12"  # ÖMS as a whole is the NUTS 2 region SE12
RIKET_NAME = "Riket"
OMS_NAME = "Östra Mellansverige"
COUNTIES_FILE = paths.REFERENCE / "counties.csv"


@lru_cache(maxsize=1)
def _counties() -> pd.DataFrame:
    df = read_text_csv(COUNTIES_FILE, ["county_code", "is_oms"])
    bad = ~df["is_oms"].isin(["true", "false"])
    if bad.any():
        raise DataError(COUNTIES_FILE, int(df.loc[bad, "_row"].iloc[0]),
                        f"is_oms måste vara true eller false, inte {df.loc[bad, 'is_oms'].iloc[0]!r}")
    dup = df["county_code"].duplicated()
    if dup.any():
        raise DataError(COUNTIES_FILE, int(df.loc[dup, "_row"].iloc[0]),
                        f"länskoden {df.loc[dup, 'county_code'].iloc[0]!r} står två gånger")
    if len(df) != 21:
        raise DataError(COUNTIES_FILE, None, f"väntade 21 län, filen har {len(df)}")
    df["is_oms"] = df["is_oms"] == "true"
    return df.drop(columns="_row")


def counties() -> pd.DataFrame:
    """The 21 counties (a copy; callers may modify it)."""
    return _counties().copy()


def county_codes() -> list[str]:
    return _counties()["county_code"].tolist()


def oms_county_codes() -> list[str]:
    """The five ÖMS counties: 03 Uppsala, 04 Södermanland, 05 Östergötland, 18 Örebro, 19 Västmanland."""
    c = _counties()
    return c.loc[c["is_oms"], "county_code"].tolist()


def nuts2_codes() -> list[str]:
    """Sweden's eight NUTS 2 regions (``SE11`` … ``SE33``), in code order, from the counties."""
    return sorted(_counties()["nuts2_code"].unique())


def nuts2_name(code: str) -> str:
    """A NUTS 2 region's Swedish name: ``'Småland med öarna'``; ÖMS is ``Östra Mellansverige``."""
    c = _counties()
    names = c.loc[c["nuts2_code"] == code, "nuts2_name"]
    if names.empty:
        raise KeyError(f"Okänd NUTS 2-kod {code!r}. Giltiga: {', '.join(nuts2_codes())}")
    return str(names.iloc[0])


def county_name(code: str) -> str:
    """Swedish name for a county code, ``00`` (Riket), ``SE12`` (ÖMS) or another NUTS 2 region."""
    if code == RIKET_CODE:
        return RIKET_NAME
    if code == OMS_CODE:
        return OMS_NAME
    if code in nuts2_codes():
        return nuts2_name(code)
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
    if code in nuts2_codes():
        return nuts2_name(code)
    return _counties().set_index("county_code").at[code, "short_name"]


def authority_name(code: str) -> str:
    """The regional authority: ``'Region Uppsala'``."""
    return _counties().set_index("county_code").at[code, "authority_name"]
