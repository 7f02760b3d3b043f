"""A generated decision whose financing has every kind of financier (issue 20).

Written with the property tests' generator (``test_parser_properties.render``) in either decision
layout, so it is read by the same parser as the real decisions. Two budget years, each row the
same amount both years; the expected totals below are computed by hand from these amounts.

Per year (kronor): costs staff 1 000 000 + external services 400 000 = 1 400 000; financing:

=====================================  ========  ============  ======  ========
label (as written)                     per year  kind          sector  form
=====================================  ========  ============  ======  ========
Region Örebro län 1:1-medel            300 000   region        public  cash
Region Västmanland i annat än pengar   100 000   region        public  in kind
Region Östergötland                    100 000   region        public  cash
Region Sörmland 1:1 medel              100 000   region        public  cash
Region Uppsala                         100 000   region        public  cash
Länsstyrelsen i Örebro län             150 000   state agency  public  cash
Örebro kommun                          100 000   municipality  public  cash
Örebro universitet                      50 000   university    public  cash
Tillväxtverket ERUF                    100 000   EU fund       public  cash
Offentlig kontant medfinansiering       40 000   other         public  cash
Offentligt bidrag i annat än pengar     60 000   other         public  in kind
Privat kontant finansiering            120 000   private       private cash
Privat bidrag i annat än pengar         80 000   private       private in kind
=====================================  ========  ============  ======  ========

"Länsstyrelsen i Örebro län" resolves by rule (a county's state agency) and "Region Västmanland i
annat än pengar" by rule (a registered region, in kind); the municipality and the university are
added to the copy of the register, as an evaluator adds a new financier.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _generator():
    """The property tests' generator (tests/unit/test_parser_properties.py), wherever the
    calling test stands."""
    path = Path(__file__).parent / "unit" / "test_parser_properties.py"
    spec = importlib.util.spec_from_file_location("_parser_properties", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.Row, module.render


Row, render = _generator()

PROJECT_ID = "GEN"
DOCUMENT = "900_genererat.txt"
YEARS = [2024, 2025]
COST = [("Egen personal", 1_000_000), ("Externa tjänster", 400_000)]
FINANCING = [
    ("Region Örebro län 1:1-medel", 300_000), ("Region Västmanland i annat än pengar", 100_000),
    ("Region Östergötland", 100_000), ("Region Sörmland 1:1 medel", 100_000),
    ("Region Uppsala", 100_000), ("Länsstyrelsen i Örebro län", 150_000),
    ("Örebro kommun", 100_000), ("Örebro universitet", 50_000),
    ("Tillväxtverket ERUF", 100_000), ("Offentlig kontant medfinansiering", 40_000),
    ("Offentligt bidrag i annat än pengar", 60_000), ("Privat kontant finansiering", 120_000),
    ("Privat bidrag i annat än pengar", 80_000),
]
NEW_FINANCIERS = [  # rows an evaluator adds to data/reference/financiers.csv
    "Örebro kommun,Örebro kommun,municipality,public,cash,,municipal,,,test",
    "Örebro universitet,Örebro universitet,university,public,cash,,other,,,test",
]

# Whole project (two years), computed by hand from the table above.
TOTAL = 2_800_000
BY_KIND = {  # (kind, sector, form) -> kronor
    ("region", "public", "cash"): 1_200_000, ("region", "public", "in_kind"): 200_000,
    ("state_agency", "public", "cash"): 300_000, ("municipality", "public", "cash"): 200_000,
    ("university", "public", "cash"): 100_000, ("eu_fund", "public", "cash"): 200_000,
    ("other", "public", "cash"): 80_000, ("other", "public", "in_kind"): 120_000,
    ("private", "private", "cash"): 240_000, ("private", "private", "in_kind"): 160_000,
}
PUBLIC = 2_400_000            # everything but the 400 000 private
PUBLIC_IN_KIND = 320_000      # Region Västmanland 200 000 + unnamed public 120 000
PRIVATE_IN_KIND = 160_000
IN_KIND = 480_000
REGIONAL = 1_400_000          # the five regions, Västmanland's contribution in kind included
ERDF = 200_000


def decision_text(layout: str) -> str:
    """The generated decision in ``layout`` ("tab" or "space"), applying for Region Örebro
    län's 1:1 row (600 000 kr over the two years, as the register's issuer check expects)."""
    cost = [Row(label, "", [amount] * len(YEARS), "none") for label, amount in COST]
    fin = [Row(label, "", [amount] * len(YEARS), "none") for label, amount in FINANCING]
    per_year = sum(a for _, a in COST)
    assert per_year == sum(a for _, a in FINANCING)
    text, _, _ = render({"years": YEARS, "has_total": True, "cost": cost, "fin": fin,
                         "totals": [per_year] * len(YEARS), "fin_sum": True, "layout": layout,
                         "crlf": False, "nbsp": False, "breaks": [], "blanks": []})
    return text.replace("ansöker om 1 000 kr", "ansöker om 600 000 kr")


def register_row(layout: str, canonical: bool = True) -> str:
    extraction = "tab-separated" if layout == "tab" else "space-separated"
    return (f"{DOCUMENT},{PROJECT_ID},Genererat projekt,decision,{extraction},"
            f"{'true' if canonical else 'false'},Region Örebro län,Generated for the tests.,,"
            "Genererat projekt")


def add_to(data: Path, layout: str) -> None:
    """Write the decision into a copy of ``data/`` and register it (and the new financiers)."""
    (data / "raw" / "documents" / DOCUMENT).write_text(decision_text(layout), encoding="utf-8")
    for name, rows in (("documents.csv", [register_row(layout)]),
                       ("financiers.csv", NEW_FINANCIERS)):
        f = data / "reference" / name
        text = f.read_text(encoding="utf-8")
        f.write_text(text.rstrip("\n") + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
