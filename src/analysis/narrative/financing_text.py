"""Swedish sentences about the financing analyses' results (the numbers come from
:mod:`analysis.analyses.financing`, which writes no prose)."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_number, format_percent, format_sek, lower_first, upper_first
from ..core.regions import authority_name
from ..sources.decisions import project_label
from .citations import cite_document, genitive


def population_note(capacity: pd.DataFrame) -> str:
    """Swedish sentence saying which population years stand in for years beyond the data.

    ``capacity`` has one row per budget year: ``year, population_year, population_assumed``
    (as from :func:`capacity_yearly` or :func:`population_for_years`).
    """
    assumed = capacity[capacity["population_assumed"]] if "population_assumed" in capacity else None
    if assumed is not None:
        # years inside the statistics whose value is missing are population_gap_note's
        assumed = assumed[assumed["year"] > capacity["population_year"].max()]
    if assumed is None or assumed.empty:
        return "Befolkningen är folkmängden 31 december respektive budgetår."
    used = sorted(assumed["population_year"].unique())
    years = sorted(assumed["year"].unique())
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}"
    return (f"Befolkningen är folkmängden 31 december respektive budgetår. För {span} finns ännu "
            f"ingen statistik, så folkmängden {', '.join(map(str, used))} används för de åren.")


def riket_population_note(latest: dict) -> str:
    """Riket's newest population beside the year the per-inhabitant figures use, and the gap:
    ``latest`` as from :func:`analysis.analyses.financing.riket_population_latest` (empty when
    the counties have that year too: then there is no gap to state)."""
    if not latest:
        return ""
    return (f"För {latest['year']} finns bara rikets folkmängd i underlaget, inte länens: "
            f"{format_number(latest['value'])} den 31 december {latest['year']} (avrundat till "
            f"hundratal av SCB), {format_percent(latest['change'], 2, signed=True)} mot "
            f"{latest['previous_year']}.")


def population_gap_note(capacity: pd.DataFrame) -> str:
    """Swedish sentence naming the regions and budget years whose population is missing in the
    statistics (suppressed) although later years are published, and the year used instead; ``''``
    when there are none. ``capacity`` has one row per region and budget year (``county_code``,
    ``year``, ``population_year``, ``population_assumed``), as from :func:`capacity_yearly`."""
    last = capacity["population_year"].max()
    gaps = capacity[capacity["population_assumed"] & (capacity["year"] <= last)]
    if gaps.empty:
        return ""
    parts = [f"{authority_name(r.county_code)} {r.year} (folkmängden {r.population_year} används)"
             for r in gaps.sort_values(["county_code", "year"]).itertuples()]
    return f"Folkmängden saknas i statistiken (undertryckt) för {', '.join(parts)}."


def grp_years_note(cap: pd.DataFrame, labels: dict[str, str]) -> str:
    """Which GRP year (and release) each project's 'per MSEK GRP' figures divide by: ``cap`` as
    from :func:`analysis.analyses.financing.capacity` (``project_id, grp_year, grp_vintage,
    first_year, last_year``), ``labels`` the projects' names."""
    from ..analyses.vintage import vintage_source

    parts = []
    for pid, g in cap.groupby("project_id", sort=False):
        r = g.iloc[0]
        source = vintage_source("grp_msek", r["grp_vintage"])
        running = int(r["last_year"]) > int(r["grp_year"])
        parts.append(f"{genitive(labels[pid])} pengar för {int(r['first_year'])}–{int(r['last_year'])} "
                     f"delas med BRP {int(r['grp_year'])}"
                     + (f" ({lower_first(source)})" if source else "")
                     + (", det senaste året med uppgifter för alla fem län" if running else ""))
    return "BRP per län: " + "; ".join(parts) + ". Tillväxttakter och kvoter blandar aldrig årgångar."


ERDF_PLANNED = ("ERUF-beloppen är den finansiering som regionernas beslut planerar. ERUF beslutas "
                "av Tillväxtverket, och det beslutet finns inte i underlaget.")


def erdf_planned_text(status: pd.DataFrame) -> str:
    """Why the ERUF amounts are planned financing, quoting the decisions (cited by Dnr and section)."""
    cites = " ".join(f"{upper_first(cite_document(r['document'], r['line']))}: ”{r['text'].rstrip('.')}”."
                     for _, g in status.groupby("project_id", sort=False)
                     for _, r in g.iterrows())
    return f"{ERDF_PLANNED} Besluten säger själva att ERUF söks. {cites}"




def applied_cap_text(cap: dict) -> str:
    """REAL ÖMS's '12 %, dock högst 3 056 308 kr' explained from the decision and the budget."""
    from ..core.formatting import format_percent, format_sek

    return (f"{cap['applicant']} söker {format_percent(cap['share'], 0)} av de kostnader som "
            f"faktiskt bokförs, dock högst {format_sek(cap['cap_sek'])}. Så står det i "
            f"{cite_document(cap['document'], cap['line'])}. Taket är {format_percent(cap['share'], 0)} av budgetens "
            f"{format_sek(cap['total_sek'])} ({format_sek(cap['share_of_budget_sek'], 2)}, "
            "i hela kronor). Blir kostnaderna lägre än budgeten blir bidraget lägre. Blir de "
            "högre blir bidraget inte större än taket.")


def erdf_facts() -> dict[str, str]:
    """The chapters' sentences on ERUF (real documents): ``planned``, ``cap``, ``programme``."""
    from ..analyses.financing.erdf import applied_cap, erdf_status, programme_context

    return {"planned": erdf_planned_text(erdf_status()), "cap": applied_cap_text(applied_cap()),
            "programme": programme_text(programme_context())}


def programme_text(c: dict) -> str:
    """The later project's planned ERUF set against the ÖMS programme 2021–2027."""
    from ..core.formatting import format_msek, format_percent

    return (f"{project_label(c['project_id'])} planerar {format_msek(c['project_erdf_sek'])} från "
            f"ERUF. Det är {format_percent(c['share_of_eu'], 1)} av EU-medlen i "
            f"regionalfondsprogrammet för {c['programme']} 2021–2027. Programmet har "
            f"{format_msek(c['eu_msek'] * 1e6, 0)} i EU-medel av totalt "
            f"{format_msek(c['total_msek'] * 1e6, 0)} (EU-andel {format_percent(c['eu_share'], 0)}), "
            "enligt beloppen när programmet godkändes 2022.")


#: The highest flat rate on direct staff costs that covers all other costs, and where it is laid
#: down (ERUF 2021–2027).
FLAT_RATE_CEILING = 0.40
FLAT_RATE_RULE = ("EU:s förordning om gemensamma bestämmelser för fonderna (förordning (EU) "
                  "2021/1060, artikel 56)")


def cost_like_with_like_text(structure: pd.DataFrame) -> str:
    """Own staff against every other cost, per project, saying where a flat rate stands for the
    other costs (external services included). ``structure``:
    :func:`analysis.analyses.financing.cost_structure_like_with_like`."""
    from ..core.labels import labels
    from .phrases import names_list

    names = labels("cost_category")
    parts = []
    for _, r in structure.iterrows():
        label = project_label(r["project_id"])
        if r["other_basis"] == "flat_rate":
            parts.append(f"I {label} är {format_percent(r['staff_share'], 0)} egen personal och "
                         f"{format_percent(r['other_share'], 0)} en schablon på "
                         f"{format_percent(r['flat_rate_ratio'], 0)} av personalkostnaden.")
        else:
            items = [lower_first(names.get(c, c).split(" (")[0])
                     for c in str(r["other_categories"]).split(", ") if c]
            what = f": {names_list(items)}" if items else ""
            parts.append(f"I {label} är {format_percent(r['staff_share'], 0)} egen personal och "
                         f"{format_percent(r['other_share'], 0)} andra kostnader{what}.")
    if (structure["other_basis"] == "flat_rate").any():
        parts.append(f"En schablon på upp till {format_percent(FLAT_RATE_CEILING, 0)} av "
                     "personalkostnaden står för alla andra kostnader än personal, också externa "
                     "tjänster och resor. Så står det i "
                     f"{FLAT_RATE_RULE}. Budgeten visar inte hur schablonen fördelas. Därför går "
                     "andelen externa tjänster inte att jämföra mellan projekten, bara egen "
                     "personal mot allt annat.")
    return " ".join(parts)


def external_services_text(row: pd.Series, structure: pd.DataFrame) -> str:
    """A project's external services as a line of its own, with the flat-rate projects in
    which such costs are inside the flat rate (``structure``: like-with-like)."""
    flat = structure[structure["other_basis"] == "flat_rate"]
    text = (f"{project_label(row['project_id'])} budgeterade {format_percent(row['share'], 0)} "
            f"till externa tjänster som egen post ({format_sek(row['amount_sek'])}).")
    if len(flat):
        text += (" I " + " och ".join(project_label(p) for p in flat["project_id"])
                 + " ingår sådana kostnader i schablonen och syns inte för sig.")
    return text


def financing_kinds_text(project_id: str, overview: pd.Series, by_kind: pd.DataFrame) -> str:
    """What kinds of money finance a project: public or private, money or in kind, by kind of
    financier. ``overview``: the project's row of
    :func:`analysis.analyses.financing.financing_overview`; ``by_kind``: its rows of
    :func:`analysis.analyses.financing.financing_by_kind`."""
    label = project_label(project_id)
    kinds = by_kind.groupby("kind_label", sort=False)["share_of_total"].sum()
    split = ", ".join(f"{lower_first(k)} {format_percent(v, 0)}" for k, v in kinds.items())
    if overview["private_sek"] == 0 and overview["in_kind_sek"] == 0:
        return f"All finansiering i {label} är offentliga pengar: {split}."
    parts = [f"I {label} är {format_sek(overview['public_cash_sek'])} "
             f"({format_percent(overview['public_cash_share'], 0)}) offentliga pengar."]
    if overview["private_sek"]:
        parts.append(f"{format_sek(overview['private_sek'])} "
                     f"({format_percent(overview['private_share'], 0)}) kommer från privata "
                     f"finansiärer, varav {format_sek(overview['private_cash_sek'])} i pengar.")
    if overview["in_kind_sek"]:
        parts.append(f"{format_sek(overview['in_kind_sek'])} "
                     f"({format_percent(overview['in_kind_share'], 0)}) är bidrag i annat än "
                     f"pengar: {format_sek(overview['public_in_kind_sek'])} offentliga och "
                     f"{format_sek(overview['private_in_kind_sek'])} privata.")
    parts.append(f"Per slag av finansiär: {split}.")
    return " ".join(parts)
