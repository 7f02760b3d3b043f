"""Hand-made frames that follow the contracts in docs/ARCHITECTURE.md, typed in from the
decision documents (ECS3: 000_…txt lines 278–290; REAL ÖMS: 003_…txt lines 176–194) and from
data/raw/indicators/population_county.csv and grp_county.csv. They let the financing tests run
independently of the loaders; test_financing.py also checks that the real loaders agree.
"""

from __future__ import annotations

import pandas as pd

ECS3_DOC = "000_5838ca1629de2de5.txt"
REAL_DOC = "003_e1f4e7d84336dce7.txt"

# (label, category, county_code, funding_source, line, amounts per year)
_ECS3_COST = [
    ("Egen personal", "staff", 278, [2_612_758] * 3),
    ("Externa tjänster", "external_services", 279, [1_395_000] * 3),
    ("Övriga kostnader", "other_costs", 280, [392_242] * 3),
]
_ECS3_FIN = [
    ("Region Örebro län 1:1", "Region Örebro län", "18", "appropriation_1_1", 285, [500_000] * 3),
    ("Region Västmanland", "Region Västmanland", "19", "regional_unspecified", 286, [500_000] * 3),
    ("Region Östergötland", "Region Östergötland", "05", "regional_unspecified", 287, [500_000] * 3),
    ("Regionförbundet Sörmland", "Region Sörmland", "04", "regional_unspecified", 288,
     [500_000] * 3),
    ("Region Uppsala", "Region Uppsala", "03", "regional_unspecified", 289, [200_000] * 3),
    ("ERUF", "ERUF", None, "erdf", 290, [2_200_000] * 3),
]
_REAL_COST = [
    ("Egen personal (inkl. lönebikost.)", "staff", 177,
     [731_264, 4_405_133, 4_510_855, 4_619_117, 3_925_943]),
    ("Indirekta kostnader (Schablon)", "indirect_costs", 179,
     [292_506, 1_762_053, 1_804_342, 1_847_647, 1_570_377]),
]
_REAL_FIN = [
    ("Region Örebro län 1:1-medel", "Region Örebro län", "18", "appropriation_1_1", 186,
     [122_852, 740_062, 757_824, 776_012, 659_558]),
    ("Region Västmanland", "Region Västmanland", "19", "regional_unspecified", 187,
     [122_852, 740_062, 757_824, 776_012, 659_558]),
    ("Region Östergötland", "Region Östergötland", "05", "regional_unspecified", 188,
     [122_852, 740_062, 757_824, 776_012, 659_558]),
    ("Region Sörmland 1:1 medel", "Region Sörmland", "04", "appropriation_1_1", 189,
     [78_332, 471_873, 483_198, 494_795, 420_543]),
    ("Region Sörmland Övriga medel", "Region Sörmland", "04", "regional_other", 191,
     [44_520, 268_189, 274_625, 281_216, 239_015]),
    ("Region Upsala 1:1 medel", "Region Uppsala", "03", "appropriation_1_1", 192,
     [83_345, 502_067, 514_117, 526_456, 447_453]),
    ("Region Uppsala Övriga medel", "Region Uppsala", "03", "regional_other", 193,
     [39_508, 237_995, 243_707, 249_556, 212_106]),
    ("Tillväxtverket ERUF", "ERUF", None, "erdf", 194,
     [409_508, 2_466_874, 2_526_079, 2_586_706, 2_198_528]),
]


def budget_lines() -> pd.DataFrame:
    rows = []
    for pid, doc, years, cost, fin in (
        ("ECS3", ECS3_DOC, [2018, 2019, 2020], _ECS3_COST, _ECS3_FIN),
        ("REAL_OMS", REAL_DOC, [2023, 2024, 2025, 2026, 2027], _REAL_COST, _REAL_FIN),
    ):
        for label, cat, line, amounts in cost:
            for y, a in zip(years, amounts):
                rows.append((pid, "cost", label, cat, None, None, y, a, doc, line))
        for label, cat, cc, src, line, amounts in fin:
            for y, a in zip(years, amounts):
                rows.append((pid, "financing", label, cat, cc, src, y, a, doc, line))
    df = pd.DataFrame(rows, columns=["project_id", "table", "label", "category", "county_code",
                                     "funding_source", "year", "amount_sek", "document", "line"])
    df["county_code"] = df["county_code"].astype("string")
    df["funding_source"] = df["funding_source"].astype("string")
    return df


MONTHS = pd.DataFrame({  # shaped like budgets.months_per_year()
    "project_id": ["ECS3"] * 3 + ["REAL_OMS"] * 5,
    "year": [2018, 2019, 2020, 2023, 2024, 2025, 2026, 2027],
    "months": [12, 12, 12, 2, 12, 12, 12, 10],
})

PROJECTS = pd.DataFrame({
    "project_id": ["ECS3", "REAL_OMS"],
    "deciding_authority": ["Region Örebro län", "Region Örebro län"],
    "applied_amount_sek": [1_500_000, 3_056_308],
    "applied_share": [float("nan"), 0.12],
    "months": [36, 48],
})

# population_county.csv (31 Dec), the five ÖMS regions 2017–2024
POPULATION = {
    "03": {2017: 368971, 2018: 376354, 2019: 383713, 2020: 388394, 2021: 395026, 2022: 400682,
           2023: 404589, 2024: 407912},
    "04": {2017: 291341, 2018: 294695, 2019: 297540, 2020: 299401, 2021: 301801, 2022: 302566,
           2023: 301944, 2024: 301542},
    "05": {2017: 457496, 2018: 461583, 2019: 465495, 2020: 467158, 2021: 469704, 2022: 471912,
           2023: 472298, 2024: 472446},
    "18": {2017: 298907, 2018: 302252, 2019: 304805, 2020: 305643, 2021: 306792, 2022: 307772,
           2023: 308116, 2024: 308375},
    "19": {2017: 271095, 2018: 273929, 2019: 275845, 2020: 277141, 2021: 278967, 2022: 280713,
           2023: 280813, 2024: 281158},
}
# grp_county.csv MIO_NAC 2020 (latest year for counties)
GRP_2020 = {"03": 176588.99, "04": 103982.77, "05": 201089.98, "18": 130323.48, "19": 106571.66}
# grp_per_capita_county.csv 2021 (thousand SEK per inhabitant) – typed placeholders are NOT used:
# the test of the rank correlation builds its own values.


def indicator_table(grp_per_inhabitant: dict | None = None) -> pd.DataFrame:
    rows = []
    for code, series in POPULATION.items():
        for y, v in series.items():
            rows.append((code, y, "population", float(v), "personer"))
    for code, v in GRP_2020.items():
        rows.append((code, 2019, "grp_msek", float("nan"), "mnkr"))
        rows.append((code, 2020, "grp_msek", v, "mnkr"))
    for code, v in (grp_per_inhabitant or {}).items():
        rows.append((code, 2021, "grp_per_inhabitant_ksek", float(v), "tkr per invånare"))
    df = pd.DataFrame(rows, columns=["county_code", "year", "indicator", "value", "unit"])
    df["source"] = "test"
    df["vintage"] = "test"
    return df

# The "Totalt" column of each financing row, as stated in the decisions.
STATED_TOTALS = pd.DataFrame(
    [("ECS3", label, sum(amounts)) for label, _, _, _, _, amounts in _ECS3_FIN]
    + [("REAL_OMS", "Region Örebro län 1:1-medel", 3_056_308),
       ("REAL_OMS", "Region Västmanland", 3_056_308),
       ("REAL_OMS", "Region Östergötland", 3_056_308),
       ("REAL_OMS", "Region Sörmland 1:1 medel", 1_948_742),
       ("REAL_OMS", "Region Sörmland Övriga medel", 1_107_566),
       ("REAL_OMS", "Region Upsala 1:1 medel", 2_073_437),
       ("REAL_OMS", "Region Uppsala Övriga medel", 982_871),
       ("REAL_OMS", "Tillväxtverket ERUF", 10_187_695)],
    columns=["project_id", "label", "stated_total_sek"])
