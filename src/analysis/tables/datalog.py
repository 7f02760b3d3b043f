"""The data log, in the spirit of the UK Reproducible Analytical Pipelines (RAP) standard.

Each source is rated for quality and suitability (ratings and caveats live in
``data/catalog.yml``, so there is one place to change them), with counts of missing and
suppressed values computed from the data itself, a few reconciliation checks that make the
caveats visible in numbers, and an assumptions-and-caveats log. Every table has Swedish column
names: the report shows them as they are in its method chapter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.regions import RIKET_CODE, county_name
from ..sources import catalog
from .load import load

# SCB's national R&D totals (mnkr) quoted in data/raw/indicators/PROVENANCE.md (table
# "Utgifter för egen FoU per sektor, mnkr"), used to reconcile the Kolada county values.
SCB_RD_TOTALS_MSEK = {
    ("rd_business_msek", 2015): 95_576,
    ("rd_business_msek", 2017): 110_933,
    ("rd_higher_education_msek", 2015): 36_630,
    ("rd_higher_education_msek", 2017): 38_781,
    # Government + county/municipal sectors; Kolada's "offentliga sektorn" should compare here.
    ("rd_public_msek", 2015): 4_686,
}


def missing_values() -> pd.DataFrame:
    """Missing or suppressed values per dataset and indicator, and which they are."""
    from . import indicators as ind

    rows = []
    for ds in ind.indicator_datasets():
        df = ind.read_dataset(ds)
        for indicator, g in df.groupby("indicator", sort=False):
            miss = g[g["value"].isna()].sort_values(["county_code", "year"])
            which = "; ".join(f"{county_name(c)} {y}" for c, y in
                              zip(miss["county_code"], miss["year"]))
            rows.append({"Datamängd": ds, "Indikator": indicator, "Antal värden": len(g),
                         "Saknade/undertryckta": len(miss), "Vilka": which or "–"})
    return pd.DataFrame(rows)


def _missing_count(name: str) -> tuple[int | None, int | None]:
    """(values, missing) for a dataset; a GeoJSON counts its features."""
    entry = catalog.dataset(name)
    schema = entry["schema"]
    if schema.startswith("indicators."):
        df = load(name)
        return len(df), int(df["value"].isna().sum())
    if schema.startswith("prices."):
        df = load(name)
        return len(df), int(df["value"].isna().sum())
    if entry["format"] == "csv":
        df = load(name)
        if "value" in df:
            return len(df), int((df["value"].astype(str).str.strip() == "").sum())
        return len(df), 0
    if entry["format"] == "geojson":
        return len(load(name)["features"]), 0
    return None, None


def data_log(area: str | None = None) -> pd.DataFrame:
    """One row per dataset: source, vintage, licence, quality and suitability ratings,
    number of values, missing/suppressed values, known gaps and caveats (Swedish headers).
    ``area`` limits it to catalog entries of that area (e.g. ``"indikatorer"``)."""
    rows = []
    for name in catalog.names(area):
        e = catalog.dataset(name)
        n, missing = _missing_count(name)
        rows.append({
            "Datamängd": name,
            "Innehåll": e["title"],
            "Källa": e["source"],
            "Årgång": str(e["vintage"]),
            "Täckning": e.get("coverage", ""),
            "Licens": e["licence"],
            "Kvalitet": e["quality"],
            "Lämplighet": e["suitability"],
            "Antal värden": n if n is not None else pd.NA,
            "Saknade/undertryckta": missing if missing is not None else pd.NA,
            "Kända luckor": e["known_gaps"],
            "Förbehåll": " ".join(e.get("caveats") or []) or "–",
            "Tabell-id": e.get("table_ids", "") or "–",
        })
    return pd.DataFrame(rows)


def for_readers(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the catalog's dataset ids (``Datamängd``) and indicator ids
    (``Indikator``) replaced by the names a reader knows: the dataset's title and the
    indicator's Swedish label (for the method chapter; the ids stay in the workbook)."""
    from .indicator_schemas import INDICATORS

    out = table.copy()
    if "Datamängd" in out:
        out["Datamängd"] = [catalog.dataset(n)["title"] for n in out["Datamängd"]]
    if "Indikator" in out:
        out["Indikator"] = [INDICATORS[i].label if i in INDICATORS else i for i in out["Indikator"]]
    return out


def caveats(area: str | None = None) -> pd.DataFrame:
    """Every caveat and known gap as its own row (Datamängd, Typ, Text)."""
    rows = []
    for name in catalog.names(area):
        e = catalog.dataset(name)
        rows.append({"Datamängd": name, "Typ": "lucka", "Text": e["known_gaps"]})
        rows.extend({"Datamängd": name, "Typ": "förbehåll", "Text": c} for c in e["caveats"])
    return pd.DataFrame(rows)


def vintage_differences() -> pd.DataFrame:
    """BRP per invånare where two vintages give a value for the same county and year (the
    vintages are read from the data; a vintage with no shared county-year is left out)."""
    from . import indicators as ind

    d = ind.series("grp_per_inhabitant_ksek", all_vintages=True)
    w = d.pivot_table(index=["county_code", "year"], columns="vintage", values="value")
    shared = w[w.notna().sum(axis=1) >= 2]
    vintages = sorted(c for c in shared.columns if shared[c].notna().any())
    if len(vintages) < 2:
        return pd.DataFrame(columns=["Län", "År", "Årgång A", "Årgång B", "Skillnad (tkr)"])
    old, new = vintages[0], vintages[-1]
    w = shared[[old, new]].dropna().reset_index()
    return pd.DataFrame({
        "Län": [county_name(c) for c in w["county_code"]],
        "År": w["year"].astype(int),
        f"Årgång {old}": w[old],
        f"Årgång {new}": w[new],
        "Skillnad (tkr)": w[new] - w[old],
    })


def rd_reconciliation() -> pd.DataFrame:
    """Kolada county R&D × population summed over the counties, against SCB's national totals.

    A sum is shown only where no county is suppressed; otherwise the column says so.
    """
    from . import indicators as ind

    tot = ind.rd_totals()
    rows = []
    for (indicator, year), scb in SCB_RD_TOTALS_MSEK.items():
        counties = tot[(tot["indicator"] == indicator) & (tot["year"] == year)
                       & (tot["county_code"] != RIKET_CODE)]
        n_missing = int(counties["value"].isna().sum())
        total = counties["value"].sum() if n_missing == 0 else np.nan
        rows.append({"Indikator": indicator, "År": year,
                     "Summa av länen (mnkr)": total,
                     "Summa av län med värde (mnkr)": counties["value"].sum(),
                     "Undertryckta län": n_missing, "SCB totalt (mnkr)": scb,
                     "Skillnad (%)": (counties["value"].sum() / scb - 1) * 100})
    return pd.DataFrame(rows)


def suspected_swaps() -> pd.DataFrame:
    """Higher-education R&D per inhabitant for Västerbotten and Norrbotten by year: 2019 looks
    swapped relative to all other years (kept as published)."""
    from . import indicators as ind

    d = ind.series("rd_higher_education_per_inhabitant", ["24", "25"])
    w = d.pivot(index="county_code", columns="year", values="value")
    w.index = [county_name(c) for c in w.index]
    w.index.name = "Län"
    w.columns = [str(c) for c in w.columns]
    return w.reset_index()


ASSUMPTIONS: list[dict[str, str]] = [
    {"Antagande": "Folkmängd 31 december år t = Eurostats folkmängd 1 januari år t+1.",
     "Var": "Folkmängden",
     "I koden": "indicators (population)",
     "Motivering": "Samma tal som SCB BE0101; länen summerar exakt till riket (kontrolleras).",
     "Konsekvens": "Ingen: talen är identiska med SCB:s."},
    {"Antagande": "BRP per invånare: per år används den årgång som täcker flest län; {grp_pi_choice}.",
     "Var": "BRP per invånare",
     "I koden": "indicators.indicators()",
     "Motivering": "Rangordningar och jämförelser mellan län ska bygga på samma årgång.",
     "Konsekvens": "Tidsserien för ett län kan växla årgång mellan åren; en tillväxttakt över "
                   "två årgångar räknas aldrig (beräkningen stoppas). Alla årgångar finns i datan."},
    {"Antagande": "Undertryckta eller saknade värden lämnas som saknade (NA), aldrig 0; Gotlands "
                  "publicerade 0 för högskolesektorns FoU 2019 behålls.",
     "Var": "Alla indikatorer",
     "I koden": "indicators (alla filer)",
     "Motivering": "Inga värden gissas eller fylls i.",
     "Konsekvens": "Summor och ÖMS-aggregat blir NA när ett ingående värde saknas."},
    {"Antagande": "ÖMS-aggregat: summor för additiva indikatorer, befolkningsvägda medelvärden "
                  "(folkmängd 31 december samma år) för indikatorer per invånare; index aggregeras inte.",
     "Var": "ÖMS som helhet",
     "I koden": "indicators.oms_aggregate()",
     "Motivering": "Ger ÖMS-värdet som om regionen vore ett län.",
     "Konsekvens": "Reglabs index saknar ÖMS-värde."},
    {"Antagande": "FoU i mnkr = kr per invånare × folkmängd 31 december samma år.",
     "Var": "FoU-utgifter i miljoner kronor",
     "I koden": "indicators.rd_totals()",
     "Motivering": "Kolada publicerar bara per invånare; återskapar SCB:s totaler (företag 2015: "
                   "95 575 mot 95 576 mnkr).",
     "Konsekvens": "Riksumman blir NA de år något län är undertryckt."},
    {"Antagande": "Högskolesektorns FoU 2019 för Västerbotten och Norrbotten lämnas som publicerat "
                  "trots att värdena ser förväxlade ut.",
     "Var": "Högskolesektorns FoU",
     "I koden": "indicators (rd_higher_education_per_inhabitant)",
     "Motivering": "Källan ändras inte; felet är inte bekräftat.",
     "Konsekvens": "Jämförelser 2019 för dessa två län ska inte användas."},
    {"Antagande": "Offentliga sektorns FoU (Kolada N85086) används endast med förbehåll.",
     "Var": "Offentliga sektorns FoU",
     "I koden": "indicators (rd_public_per_inhabitant)",
     "Motivering": "Summan 2015 (cirka 6 160 mnkr) överstiger SCB:s statliga och regionala "
                   "sektorer (4 686 mnkr); definitionen är inte verifierad.",
     "Konsekvens": "Nivåer jämförs inte med SCB:s totaler."},
    {"Antagande": "Fasta priser med KPI ({kpi_base}): årsmedel, eller medel av de månader ett "
                  "projekt pågick{partial_year}.",
     "Var": "Fasta priser",
     "I koden": "prices.deflator(), prices.to_fixed_prices()",
     "Motivering": "Följer projektens faktiska löptid.",
     "Konsekvens": "Basåret anges alltid i resultatet."},
    {"Antagande": "KPI efter {kpi_month} och EUR/SEK efter {eur_year}: bara med uttryckligt antagande "
                  "att priserna hålls på senast kända nivå; annars stoppas beräkningen.",
     "Var": "Priser och växelkurser",
     "I koden": "prices",
     "Motivering": "Budgetår till 2027 saknar publicerade prisdata; inget fylls i tyst.",
     "Konsekvens": "Rader som bygger på antagandet är markerade, och rapporten säger det."},
    {"Antagande": "EUR-omräkning med årsgenomsnitt av ECB:s dagliga referenskurser.",
     "Var": "Omräkning till euro",
     "I koden": "prices.to_eur(), prices.to_sek()",
     "Motivering": "Öppen, reproducerbar källa för alla år {eur_years}.",
     "Konsekvens": "Skiljer sig något från Riksbankens årsmedel och från programmens fasta kurser "
                   "(t.ex. 8,39 kr/euro i regionalfondsprogrammet 2014–2020)."},
    {"Antagande": "Mått per invånare för år utan folkmängd (efter {pop_year}) räknas bara med ett "
                  "uttryckligt val av folkmängdsår (till exempel {pop_year}); annars stoppas beräkningen.",
     "Var": "Belopp per invånare",
     "I koden": "indicators.per_inhabitant()",
     "Motivering": "Folkmängden finns till och med {pop_year}; ingen framskrivning görs.",
     "Konsekvens": "Resultatet visar vilket års folkmängd som har använts."},
    {"Antagande": "RIS-placeringar används bara som bakgrund i text; Reglabs innovationsindex "
                  "visas med förbehållet att skalan är odokumenterad.",
     "Var": "Speglingen (innovationsmått)",
     "I koden": "datakatalogen (ris, innovation_index_reglab); speglingen",
     "Motivering": "RIS-uppgifterna kommer från pressidor utan indexvärden; Reglabs skala och "
                   "definition finns inte i kopian.",
     "Konsekvens": "Slutsatser om innovationsförmåga bör i första hand vila på FoU-statistiken."},
    {"Antagande": "Tillväxt per projektperiod räknas i en enda årgång: Eurostats BRP per län i euro "
                  "(årgång {eur_grp_release}), omräknad till kronor med ECB:s årsgenomsnitt.",
     "Var": "Speglingen (tillväxt under projekten)",
     "I koden": "mirror.windows",
     "Motivering": "Årgångarna av BRP skiljer sig genom revideringar; en tillväxttakt över två "
                   "årgångar skulle visa revideringen som tillväxt. Eurostat ger läns-BRP bara i euro.",
     "Konsekvens": "Omräkningen till kronor är rapportens egen beräkning och märks så. Tillväxten är "
                   "nominell; andelen av rikets BRP påverkas inte av växelkursen."},
    {"Antagande": "Belopp per miljon kronor BRP: varje projekt delas med BRP för det senaste året "
                  "inom projektet, eller för ett pågående projekt det senaste året med uppgifter ({grp_year}).",
     "Var": "Finansiering i förhållande till storlek",
     "I koden": "financing.capacity()",
     "Motivering": "Jämför pengarna med ekonomin när de betalas.",
     "Konsekvens": "Projekten jämförs mot olika BRP-år och årgångar; tabellen anger båda."},
    {"Antagande": "BRP: de fem ÖMS-länen ska summera till SE12 inom 0,01 mnkr.",
     "Var": "BRP, kontroll vid inläsning",
     "I koden": "indicator_schemas.check_consistency()",
     "Motivering": "Eurostat avrundar länens BRP till 0,01 mnkr.",
     "Konsekvens": "Avvikelse större än så stoppar inläsningen."},
]


def _assumption_facts() -> dict[str, str]:
    """The years and releases the assumptions name, read from the data (never typed)."""
    from . import indicators as ind
    from .prices import eur_sek, kpi_base, latest_kpi_month

    t = ind.indicators()
    pi = t[(t["indicator"] == "grp_per_inhabitant_ksek") & t["value"].notna()]
    by_vintage = pi.groupby("vintage")["year"].apply(lambda s: sorted(set(int(y) for y in s)))
    choice = "; ".join(f"{_years_text(ys)} från årgång {v}" for v, ys in by_vintage.items())
    pop = t[(t["indicator"] == "population") & t["value"].notna()]
    year, month = latest_kpi_month()
    e = eur_sek()["year"].astype(int)
    grp = t[(t["indicator"] == "grp_msek") & t["value"].notna()]
    eur = t[t["indicator"] == "grp_meur"]
    return {"grp_pi_choice": choice, "kpi_base": kpi_base(), "kpi_month": f"{year}-{month:02d}",
            "eur_year": str(e.max()), "eur_years": f"{e.min()}–{e.max()}",
            "pop_year": str(int(pop["year"].max())), "grp_year": str(int(grp["year"].max())),
            "eur_grp_release": ", ".join(sorted(eur["vintage"].unique())) or "saknas",
            "partial_year": _partial_year_example()}


_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december")


def _partial_year_example() -> str:
    """`` (REAL ÖMS 2023 = november–december)``: the latest project's first budget year that is
    not a whole year, from the register (``''`` when every project runs whole years)."""
    from ..sources.decisions import project_label
    from .budgets import projects

    p = projects().sort_values("start_date", kind="stable")
    for _, r in p.iloc[::-1].iterrows():
        start, end = pd.Timestamp(r["start_date"]), pd.Timestamp(r["end_date"])
        last = 12 if end.year > start.year else end.month
        if start.month > 1 or last < 12:
            months = (_MONTHS[start.month - 1] if last == start.month
                      else f"{_MONTHS[start.month - 1]}–{_MONTHS[last - 1]}")
            return f" ({project_label(r['project_id'])} {start.year} = {months})"
    return ""


def _years_text(years: list[int]) -> str:
    """``[2015, 2016, 2017, 2019]`` → ``2015–2017, 2019``."""
    runs, start = [], None
    for i, y in enumerate(years):
        if start is None:
            start = y
        if i + 1 == len(years) or years[i + 1] != y + 1:
            runs.append(f"{start}–{y}" if y != start else str(y))
            start = None
    return ", ".join(runs)


def assumptions_log() -> pd.DataFrame:
    """The assumptions-and-caveats log (Swedish headers). ``Var`` names the place for a reader,
    ``I koden`` the module or function for an analyst (the data files, not the running text)."""
    facts = _assumption_facts()
    rows = [{k: v.format(**facts) for k, v in r.items()} for r in ASSUMPTIONS]
    return pd.DataFrame(rows, columns=["Antagande", "Var", "Motivering", "Konsekvens",
                                              "I koden"])


def quality_checks() -> pd.DataFrame:
    """The consistency checks run on load, with Swedish headers."""
    from . import indicators as ind
    from .indicator_schemas import consistency_table, skipped_checks

    df = ind.indicators()
    t = consistency_table(df)
    out = pd.DataFrame({
        "Kontroll": t["check"], "År": t["year"], "Summa av delarna": t["sum_parts"],
        "Totalt": t["total"], "Skillnad": t["difference"].round(6),
        "Godkänd": t["ok"].map({True: "ja", False: "nej"}),
    })
    skipped = skipped_checks(df)
    if skipped.empty:
        return out
    # a year that could not be compared is listed, with the reason, never left out
    extra = pd.DataFrame({"Kontroll": skipped["check"], "År": skipped["year"],
                          "Summa av delarna": np.nan, "Totalt": np.nan, "Skillnad": np.nan,
                          "Godkänd": "ej kontrollerad: " + skipped["reason"]})
    both = pd.concat([out, extra], ignore_index=True)
    order = {c: i for i, c in enumerate(dict.fromkeys([*t["check"], *skipped["check"]]))}
    both["_order"] = both["Kontroll"].map(order)
    return both.sort_values(["_order", "År"], kind="stable").drop(columns="_order").reset_index(drop=True)
