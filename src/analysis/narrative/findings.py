"""Findings as data: ranked, plainly worded Swedish sentences the report and notebook quote.

Each finding is a row with a stable ``key`` (what the report asks for), a ``rank`` (1 = most
important for the chosen focus region), the ``text`` and the main ``value`` behind it. Every
number in a text is formatted by :mod:`analysis.core.formatting` from an analysis result, so no number
in the report is typed by hand. (Mirroring findings live in ``analysis.narrative.mirror_findings``.)
"""

from __future__ import annotations

import pandas as pd

from ..analyses import financing as fin
from ..core.params import check_focus
from ..sources.decisions import project_label
from ..pipeline.cache import build_cached
from ..core.formatting import format_msek, format_number, format_percent, format_sek
from ..core.regions import OMS_CODE


def _times(a: float, b: float) -> str:
    """``'3,5 gånger'`` – how many times ``a`` is ``b``."""
    return f"{format_number(a / b, 1)} gånger"


def _kr(value: float) -> str:
    """Kronor per inhabitant: two decimals below 100 kr (these are small sums), else whole."""
    return format_sek(value, 2 if abs(value) < 100 else 0)


_WORDS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta",
          9: "nio", 10: "tio", 11: "elva", 12: "tolv"}


def _count(n: int) -> str:
    return _WORDS.get(int(n), format_number(n))


def _names(names) -> str:
    """``'A'``, ``'A och B'``, ``'A, B och C'``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def _verb(project_id: str) -> str:
    """ECS3 is over (past tense); REAL ÖMS runs until 2027."""
    return "bidrog" if project_id == "ECS3" else "bidrar"


def _moved(after: float, before: float, up: str, down: str) -> str:
    """The verb for the direction of a change (the texts never assume it)."""
    return up if after >= before else down


def _pct_change(value: float) -> str:
    return format_percent(value, 1, signed=True)


class _Collector:
    def __init__(self):
        self.rows: list[dict] = []

    def add(self, key: str, topic: str, priority: int, text: str, value=None,
            region: str | None = None):
        self.rows.append({"key": key, "topic": topic, "priority": priority, "text": text,
                          "value": value, "county_code": region})


@build_cached
def financing_findings(lines: pd.DataFrame | None = None,
                       indicator_table: pd.DataFrame | None = None, *, months=None,
                       stated_totals: pd.DataFrame | None = None,
                       project_table: pd.DataFrame | None = None, focus: str = OMS_CODE,
                       denominator: str = "population", base_year: int | None = None,
                       assumption: str | None = None,
                       factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The financing findings, ranked. Columns: ``rank, key, topic, text, value, county_code``.

    ``focus`` (a county code or ``SE12``) moves the findings about that region to the top.
    ``base_year``/``assumption`` add a fixed-price comparison (KPI; the text says when an
    assumption was needed for years without published KPI).
    """
    focus = check_focus(focus)
    fin.check_denominator(denominator)
    lines = fin._lines(lines)
    ind = fin._indicators(indicator_table)
    if stated_totals is None:
        stated_totals = fin.stated_row_totals()
    c = _Collector()

    rc = fin.regional_contributions(lines, stated_totals)
    cap = fin.capacity(lines, ind, months, stated_totals)
    projects_present = [p for p in ("ECS3", "REAL_OMS") if p in set(rc["project_id"])]

    # Who pays what, per project
    for pid in projects_present:
        label = project_label(pid)
        r = rc[rc["project_id"] == pid]
        if r["amount_sek"].nunique() == 1:
            a = r.iloc[0]
            c.add(f"split_{pid}", "bidrag", 10,
                  f"I {label} bidrar de fem regionerna lika mycket: {format_sek(a['amount_sek'])} "
                  f"var, {format_percent(a['share_of_regional'])} av regionernas medfinansiering "
                  f"på {format_sek(a['regional_total_sek'])}.", a["share_of_regional"])
        else:
            lo = r.loc[r["amount_sek"].idxmin()]
            others = r.drop(index=lo.name)
            if others["amount_sek"].nunique() == 1:
                rest = (f"mot {format_sek(others['amount_sek'].iloc[0])} för var och en av de "
                        f"övriga {_count(len(others))}")
            else:
                rest = (f"mot {format_sek(others['amount_sek'].min())}–"
                        f"{format_sek(others['amount_sek'].max())} för de övriga")
            c.add(f"split_{pid}", "bidrag", 10,
                  f"I {label} {_verb(pid)} {lo['region']} med {format_sek(lo['amount_sek'])}, "
                  f"{format_percent(lo['share_of_regional'])} av regionernas medfinansiering på "
                  f"{format_sek(lo['regional_total_sek'])}, {rest}.", lo["share_of_regional"],
                  lo["county_code"])
        two = r[r["n_sources"] > 1]
        if len(two):
            names = " och ".join(two["region"])
            c.add(f"sources_{pid}", "bidrag", 40,
                  f"I {label} finansierar {names} sina andelar ur två källor (1:1-medel och "
                  "övriga medel).", int(len(two)))

    # Per inhabitant: highest against lowest (and the focus region)
    for pid in projects_present:
        label = project_label(pid)
        p = cap[cap["project_id"] == pid]
        hi = p.loc[p["sek_per_inhabitant"].idxmax()]
        lo = p.loc[p["sek_per_inhabitant"].idxmin()]
        c.add(f"per_inhabitant_{pid}", "kapacitet", 20,
              f"I {label} {_verb(pid)} {hi['region']} med {_kr(hi['sek_per_inhabitant'])} per "
              "invånare, "
              f"{_times(hi['sek_per_inhabitant'], lo['sek_per_inhabitant'])} {lo['region']} "
              f"({_kr(lo['sek_per_inhabitant'])} per invånare).",
              hi["sek_per_inhabitant"] / lo["sek_per_inhabitant"], hi["county_code"])
        if focus != OMS_CODE:
            f = p[p["county_code"] == focus].iloc[0]
            rank = int((p["sek_per_inhabitant"] > f["sek_per_inhabitant"]).sum()) + 1
            c.add(f"focus_per_inhabitant_{pid}", "kapacitet", 1,
                  f"I {label} {_verb(pid)} {f['region']} med {_kr(f['sek_per_inhabitant'])} per "
                  "invånare "
                  f"– plats {rank} av 5 – och {format_number(f['sek_per_msek_grp'], 1)} kr per "
                  f"miljon kronor BRP ({int(f['grp_year'])}).", f["sek_per_inhabitant"], focus)

    # Fair share
    fs = fin.fair_share(lines, ind, denominator=denominator, stated_totals=stated_totals)
    dlabel = fin.DENOMINATOR_LABELS[denominator]
    for pid in projects_present:
        label = project_label(pid)
        p = fs[fs["project_id"] == pid]
        hi = p.loc[p["index"].idxmax()]
        lo = p.loc[p["index"].idxmin()]
        c.add(f"fair_share_{pid}", "rättvisa", 30,
              f"Med {dlabel} som mått betalar {hi['region']} mest i förhållande till sin storlek i "
              f"{label} (index {format_number(hi['index'])}, där 100 är proportionellt) och "
              f"{lo['region']} minst (index {format_number(lo['index'])}).",
              hi["index"], hi["county_code"])
        if focus != OMS_CODE:
            f = p[p["county_code"] == focus].iloc[0]
            word = "mer än" if f["index"] > 100 else "mindre än"
            c.add(f"focus_fair_share_{pid}", "rättvisa", 2,
                  f"{f['region']} betalar i {label} {word} sin andel av regionernas {dlabel}: "
                  f"{format_percent(f['share_of_regional'])} av medfinansieringen mot "
                  f"{format_percent(f['denominator_share'])} av {dlabel}en (index "
                  f"{format_number(f['index'])}).", f["index"], focus)
    sens = fin.fair_share_sensitivity(lines, ind, stated_totals)
    s = sens.loc[sens["spread"].idxmax()]
    c.add("fair_share_sensitivity", "rättvisa", 50,
          f"Valet av mått spelar störst roll för {s['region']} i {project_label(s['project_id'])}: "
          f"indexet är {format_number(s['population'])} med befolkning, {format_number(s['grp'])} "
          f"med BRP och {format_number(s['mix'])} med en blandning.", s["spread"],
          s["county_code"])

    # Over time
    if len(projects_present) == 2:
        t = fin.project_totals(lines, months).set_index("project_id")
        a, b = t.loc["ECS3"], t.loc["REAL_OMS"]
        c.add("total_change", "över tid", 5,
              f"Budgeten {_moved(b['total_sek'], a['total_sek'], 'växte', 'minskade')} från "
              f"{format_msek(a['total_sek'])} i ECS3 ({int(a['months'])} "
              f"månader) till {format_msek(b['total_sek'])} i REAL ÖMS ({int(b['months'])} "
              f"månader). Per projektmånad är det {format_sek(a['total_per_month_sek'])} mot "
              f"{format_sek(b['total_per_month_sek'])}, "
              f"{_pct_change(b['total_per_month_sek'] / a['total_per_month_sek'] - 1)} "
              "i löpande priser.", b["total_per_month_sek"] / a["total_per_month_sek"] - 1)
        c.add("regional_change", "över tid", 6,
              f"Regionernas samlade medfinansiering "
              f"{_moved(b['regional_sek'], a['regional_sek'], 'ökade', 'minskade')} från "
              f"{format_msek(a['regional_sek'])} till "
              f"{format_msek(b['regional_sek'])} "
              f"({_pct_change(b['regional_sek'] / a['regional_sek'] - 1)}); per tolv "
              f"projektmånader från {format_msek(a['regional_per_year_sek'])} till "
              f"{format_msek(b['regional_per_year_sek'])}.",
              b["regional_sek"] / a["regional_sek"] - 1)
        ch = fin.change_by_region(lines, months=months, stated_totals=stated_totals)
        top = ch.loc[ch["change_pct"].idxmax()]
        low = ch[ch["change_pct"].round(6) == round(ch["change_pct"].min(), 6)]
        c.add("region_change", "över tid", 25,
              f"Störst ökning har {top['region']}: från {format_sek(top['before'])} till "
              f"{format_sek(top['after'])} ({_pct_change(top['change_pct'])}). Minst ökar "
              f"{_names(low['region'])}: {_pct_change(low['change_pct'].iloc[0])}"
              f"{' var' if len(low) > 1 else ''}.", top["change_pct"], top["county_code"])
        if focus != OMS_CODE:
            f = ch[ch["county_code"] == focus].iloc[0]
            c.add("focus_change", "över tid", 3,
                  f"{f['region']} bidrar med {format_sek(f['after'])} till REAL ÖMS mot "
                  f"{format_sek(f['before'])} till ECS3 ({_pct_change(f['change_pct'])}); per tolv "
                  f"projektmånader {_pct_change(f['change_pct_per_year'])}.", f["change_pct"], focus)
        if base_year is not None:
            o = fin.over_time(lines, months, base_year=base_year, assumption=assumption,
                              factors=factors).set_index("project_id")
            a, b = o.loc["ECS3"], o.loc["REAL_OMS"]
            change = b["total_per_month_sek_fixed"] / a["total_per_month_sek_fixed"] - 1
            caveat = (" För år utan publicerat KPI har prisnivån antagits oförändrad från den "
                      "senast kända." if bool(a["price_assumed"] or b["price_assumed"]) else "")
            c.add("fixed_price_change", "över tid", 7,
                  f"I fasta priser ({base_year} års priser, KPI) är budgeten per projektmånad "
                  f"{format_sek(a['total_per_month_sek_fixed'])} i ECS3 och "
                  f"{format_sek(b['total_per_month_sek_fixed'])} i REAL ÖMS "
                  f"({_pct_change(change)}).{caveat}", change)

    # Co-financing and cost structure
    if project_table is not None or _has_budgets():
        shares = fin.cofinancing_shares(lines, project_table).set_index("project_id")
        if {"ECS3", "REAL_OMS"} <= set(shares.index):
            c.add("erdf_share", "medfinansiering", 15,
                  f"ERUF:s andel av budgeten "
                  f"{_moved(shares.at['REAL_OMS', 'erdf_share'], shares.at['ECS3', 'erdf_share'], 'steg', 'sjönk')}"
                  f" från {format_percent(shares.at['ECS3', 'erdf_share'])} i ECS3 till "
                  f"{format_percent(shares.at['REAL_OMS', 'erdf_share'])} i REAL ÖMS, så regionerna "
                  f"bär en {_moved(shares.at['REAL_OMS', 'regional_share'], shares.at['ECS3', 'regional_share'], 'större', 'mindre')}"
                  " del själva.", shares.at["REAL_OMS", "erdf_share"])
        for pid in shares.index:
            r = shares.loc[pid]
            c.add(f"deciding_share_{pid}", "medfinansiering", 45,
                  f"{r['deciding_authority']}, som fattade beslutet, står för "
                  f"{format_percent(r['deciding_share'])} av de bokförda kostnaderna i "
                  f"{project_label(pid)} ({format_sek(r['deciding_sek'])}).",
                  r["deciding_share"])
    ratio = fin.indirect_cost_ratio(lines)
    real = ratio[ratio["ratio"].notna()]
    if len(real):
        pid = real["project_id"].iloc[0]
        c.add("flat_rate", "kostnader", 55,
              f"{project_label(pid)} budgeterar bara egen personal plus indirekta kostnader som "
              f"schablon: {format_percent(real['indirect_costs'].sum() / real['staff'].sum())} "
              "av personalkostnaden. Externa tjänster och övriga kostnader finns inte som egna "
              "poster.", real["indirect_costs"].sum() / real["staff"].sum())
    cs = fin.cost_structure(lines)
    ext = cs[(cs["project_id"] == "ECS3") & (cs["category"] == "external_services")]
    if len(ext):
        c.add("external_services_ECS3", "kostnader", 56,
              f"ECS3 lade {format_percent(ext['share'].iloc[0])} av budgeten på externa tjänster "
              f"({format_sek(ext['amount_sek'].iloc[0])}).", ext["share"].iloc[0])

    # Statistics, honestly framed
    if "grp_per_inhabitant_ksek" in set(ind["indicator"]):
        for pid in projects_present:
            r = fin.rank_correlation(lines, ind, project_id=pid, months=months,
                                     stated_totals=stated_totals)
            c.add(f"rank_correlation_{pid}", "statistik", 60, r["text"], r["rho"])

    out = pd.DataFrame(c.rows).sort_values(["priority", "key"], kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.drop(columns="priority").reset_index(drop=True)


def _has_budgets() -> bool:
    try:
        from ..tables import budgets  # noqa: F401
    except ImportError:
        return False
    return True


def outcome_findings(targets: pd.DataFrame, project_ids: list[str] | None = None) -> pd.DataFrame:
    """Findings about the targets (from :func:`analysis.analyses.outcomes.targets_with_outcomes`).

    ``project_ids`` (default: the projects in ``budgets.projects()``) adds a finding
    ``no_targets_<id>`` for each project whose decision states no numeric targets.
    """
    c = _Collector()
    if project_ids is None:
        from ..tables.budgets import projects

        project_ids = projects()["project_id"].tolist()
    for pid in project_ids:
        if pid not in set(targets["project_id"]):
            c.add(f"no_targets_{pid}", "mål", 4,
                  f"{project_label(pid)}:s beslut anger inga numeriska mål.", 0)
    for pid, t in targets.groupby("project_id", sort=False):
        label = project_label(pid)
        n = len(t)
        reported = t[t["status"] != "ej rapporterat"]
        if reported.empty:
            c.add(f"outcomes_{pid}", "mål", 1,
                  f"Inget av {label}:s {_count(n)} numeriska mål har ännu ett inrapporterat utfall "
                  "(\"ej rapporterat\"): måluppfyllelsen kan inte bedömas förrän utfallen förts in.",
                  0)
        else:
            done = int((reported["status"] == "uppnått").sum())
            c.add(f"outcomes_{pid}", "mål", 1,
                  f"{_count(len(reported)).capitalize()} av {label}:s {_count(n)} numeriska mål har "
                  "inrapporterat utfall; "
                  f"{done} av dem är uppnådda.", len(reported))
        per_company = t[t["per_unit_label"] != "offentliga kronor per krona i målet"]
        if len(per_company):
            first = per_company.iloc[0]
            c.add(f"cost_per_unit_{pid}", "mål", 2,
                  f"{label}:s offentliga finansiering på {format_sek(first['public_funding_sek'])} "
                  f"motsvarar {format_sek(first['public_sek_per_unit'])} per "
                  f"{_singular(first['unit'])} i målet \"{first['description']}\". "
                  "Samma pengar ska räcka till alla mål samtidigt, så beloppen per mål kan inte "
                  "läggas ihop.", first["public_sek_per_unit"])
        money = t[t["per_unit_label"] == "offentliga kronor per krona i målet"]
        for _, m in money.iterrows():
            c.add(f"money_ratio_{pid}_{m['target_id']}", "mål", 3,
                  f"Målet \"{m['description']}\" innebär "
                  f"{format_number(m['public_sek_per_unit'], 2)} offentliga kronor per krona i "
                  "målet.", m["public_sek_per_unit"])
    out = pd.DataFrame(c.rows).sort_values(["priority", "key"], kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.drop(columns="priority").reset_index(drop=True)


def _singular(unit: str) -> str:
    return {"företag": "företag"}.get(str(unit), str(unit))


def finding(findings: pd.DataFrame, key: str) -> str:
    """The text of one finding by key; a clear error listing the keys if it does not exist."""
    hit = findings.loc[findings["key"] == key, "text"]
    if hit.empty:
        raise KeyError(f"Inget fynd med nyckeln {key!r}. Finns: {', '.join(findings['key'])}")
    return str(hit.iloc[0])


def top(findings: pd.DataFrame, n: int = 5) -> list[str]:
    """The ``n`` highest-ranked finding texts."""
    return findings.sort_values("rank")["text"].head(n).tolist()


@build_cached
def summary(focus: str = OMS_CODE, *, n_financing: int = 6, n_outcomes: int = 2,
            n_mirror: int = 4) -> dict[str, list[str]]:
    """The report summary's findings, most important first, in three groups.

    ``focus`` moves findings about that region to the top of each group.
    """
    from .mirror_findings import mirror_findings
    from ..analyses.outcomes import targets_with_outcomes

    return {
        "financing": top(financing_findings(focus=focus), n_financing),
        "outcomes": top(outcome_findings(targets_with_outcomes()), n_outcomes),
        "mirror": top(mirror_findings(focus), n_mirror),
    }


def markdown_list(texts: list[str]) -> str:
    """Findings as a Markdown bullet list."""
    return "\n".join(f"- {t}" for t in texts)


@build_cached
def financing_facts(*, base_year: int = 2023, assumption: str | None = "hold_latest",
                    denominator: str = "population") -> dict[str, str]:
    """Formatted numbers and sentences the chapters quote inline (all from the analyses).

    Uses the real loaders. Keys: ``population_note``, ``grp_year``, ``base_year``,
    ``assumption_text``, ``price_note``, ``ecs3_months``, ``real_months``,
    ``ecs3_per_month``, ``real_per_month``, ``ecs3_per_month_fixed``, ``real_per_month_fixed``,
    ``per_month_change``, ``per_month_change_fixed``, ``real_2023_per_month``,
    ``ecs3_regional``, ``real_regional``, ``denominator``.
    """
    from ..tables import prices

    fin.check_base_year(base_year)
    fin.check_denominator(denominator)
    cap_years = fin.capacity_yearly()
    cap = fin.capacity()
    o = fin.over_time(base_year=base_year, assumption=assumption).set_index("project_id")
    y = fin.yearly_budget().set_index(["project_id", "year"])
    a, b = o.loc["ECS3"], o.loc["REAL_OMS"]
    assumed = bool(a["price_assumed"] or b["price_assumed"])
    return {
        "population_note": fin.population_note(cap_years[cap_years["project_id"] == "REAL_OMS"]
                                               .drop_duplicates("year")),
        "grp_year": str(int(cap["grp_year"].iloc[0])),
        "base_year": str(base_year),
        "assumption_text": (prices.ASSUMPTIONS[assumption] if assumption and assumed else
                            "Inga antaganden om prisnivån behövdes."),
        "price_note": ("För år utan publicerat KPI (senast publicerade månad "
                       f"{prices.latest_kpi_month()[0]}-{prices.latest_kpi_month()[1]:02d}) är "
                       "prisnivån ett uttryckligt antagande; de åren är markerade med * i "
                       "diagrammet." if assumed else "Alla år har publicerat KPI."),
        "ecs3_months": format_number(a["months"]),
        "real_months": format_number(b["months"]),
        "ecs3_per_month": format_sek(a["total_per_month_sek"]),
        "real_per_month": format_sek(b["total_per_month_sek"]),
        "ecs3_per_month_fixed": format_sek(a["total_per_month_sek_fixed"]),
        "real_per_month_fixed": format_sek(b["total_per_month_sek_fixed"]),
        "per_month_change": _pct_change(b["total_per_month_sek"] / a["total_per_month_sek"] - 1),
        "per_month_change_fixed": _pct_change(
            b["total_per_month_sek_fixed"] / a["total_per_month_sek_fixed"] - 1),
        "real_2023_per_month": format_sek(y.loc[("REAL_OMS", 2023), "total_per_month_sek"]),
        "real_first_months": _count(y.loc["REAL_OMS"]["months"].iloc[0]),
        "real_last_months": _count(y.loc["REAL_OMS"]["months"].iloc[-1]),
        "ecs3_regional": format_sek(a["regional_sek"]),
        "real_regional": format_sek(b["regional_sek"]),
        "denominator": fin.DENOMINATOR_LABELS[denominator],
    }
