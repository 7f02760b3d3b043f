"""Generated inputs for the scale benchmarks: decision documents and indicator tables.

The decisions follow the genre of the real ones (the same sentence for applicant, amount and
period; cost and financing tables with year columns and a "Totalt" column; the real financier
aliases), in both layouts the parser knows: tab-separated and space-separated (where the
thousands separator and the column separator are the same character). Amounts are random but
consistent, so every generated document passes validation; nothing here is a real figure.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

COST_ROWS = ["Egen personal", "Externa tjänster", "Övriga kostnader"]
# Regional financiers with their share of the regional co-financing, and the EU fund.
FINANCIERS = ["Region Örebro län 1:1", "Region Västmanland", "Region Östergötland",
              "Regionförbundet Sörmland", "Region Uppsala"]
EU_FUND = "ERUF"
ISSUER = "Region Örebro län"


def _sek(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _row(label: str, cells: list[int], sep: str) -> str:
    return sep.join([label, *(_sek(c) for c in cells), _sek(sum(cells))])


def decision_text(number: int, years: list[int], rng: random.Random, layout: str) -> str:
    """One decision document; ``layout`` is ``"tab"`` or ``"space"``."""
    sep = "\t" if layout == "tab" else " "
    costs = {label: [rng.randrange(50_000, 5_000_000) for _ in years] for label in COST_ROWS}
    per_year = [sum(costs[label][i] for label in COST_ROWS) for i in range(len(years))]
    eu = [total // 2 for total in per_year]
    regional = [total - e for total, e in zip(per_year, eu)]
    shares = {f: [r // len(FINANCIERS) for r in regional] for f in FINANCIERS}
    # the remainder of the integer split goes to the last region, so every year balances
    last = FINANCIERS[-1]
    shares[last] = [r - (len(FINANCIERS) - 1) * (r // len(FINANCIERS)) for r in regional]
    applied = sum(shares[FINANCIERS[0]])
    title = f"Genererat projekt {number:04d} för smart specialisering"
    header = sep.join([*(str(y) for y in years), "Totalt"])
    lines = [
        title, "", "Sammanfattning",
        f"Region Västmanland ansöker om {_sek(applied)} kr för projekt {title} under perioden "
        f"{years[0]}-01-01—{years[-1]}-12-31.", "",
        "Kostnads- och finansieringsbudget", "",
        f"Bokförda kostnader{sep}{header}",
        *(_row(label, costs[label], sep) for label in COST_ROWS),
        _row("Summa bokförda kostnader", per_year, sep), "",
        f"Finansiär{sep}{header}",
        "Offentlig finansiär",
        *(_row(f, shares[f], sep) for f in FINANCIERS),
        _row(EU_FUND, eu, sep),
        _row("Summa finansiering", per_year, sep), "",
    ]
    return "\n".join(lines)


def write_decisions(directory: Path, count: int, seed: int = 2024) -> Path:
    """``count`` decisions of 3–10 budget years each, half in each layout; returns the register."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    register = directory / "documents.csv"
    with register.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["document", "project_id", "short_name", "kind", "extraction", "canonical",
                    "issuer", "source_notes"])
        for n in range(1, count + 1):
            start = rng.randrange(2000, 2020)
            years = list(range(start, start + rng.randrange(3, 11)))
            layout = "tab" if n % 2 else "space"
            name = f"gen_{n:04d}.txt"
            (directory / name).write_text(decision_text(n, years, rng, layout), encoding="utf-8")
            w.writerow([name, f"P{n:04d}", f"P{n:04d}", "decision",
                        "tab-separated" if layout == "tab" else "space-separated", "true", ISSUER,
                        "generated for the scale benchmark"])
    return register


def indicator_frame(units: int, years: int, seed: int = 2024):
    """A tidy indicator table of ``units`` regions (e.g. 290 municipalities) × ``years`` years."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    codes = [f"{1000 + i:04d}" for i in range(units)]
    yrs = np.arange(1995, 1995 + years)
    frames = []
    for indicator, lo, hi in [("population", 2_500, 1_000_000),
                              ("grp_per_inhabitant_ksek", 300, 700),
                              ("rd_business_per_inhabitant", 0, 20_000),
                              ("innovation_index_reglab", 80, 130)]:
        base = rng.uniform(lo, hi, size=units)
        growth = rng.normal(0.01, 0.01, size=units)
        values = base[:, None] * (1 + growth[:, None]) ** (yrs - yrs[0])[None, :]
        frames.append(pd.DataFrame({
            "county_code": np.repeat(codes, len(yrs)), "year": np.tile(yrs, units),
            "indicator": indicator, "value": values.ravel(), "unit": "genererad",
            "source": "genererad", "vintage": "genererad",
        }))
    return pd.concat(frames, ignore_index=True), codes
