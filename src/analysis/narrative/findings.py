"""Findings as data: ranked, plainly worded Swedish sentences the report and notebook quote.

Each finding is a row with a stable ``key`` (what the report asks for), a ``rank`` (1 = most
important for the chosen focus region), the ``text`` and the main ``value`` behind it. Every
number in a text is formatted by :mod:`analysis.core.formatting` from an analysis result, so no number
in the report is typed by hand. (Mirroring findings live in ``analysis.narrative.mirror_findings``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..analyses import financing as fin
from ..core.formatting import format_msek, format_number, format_percent, format_sek
from ..core.params import check_focus
from ..core.regions import OMS_CODE
from ..core.cache import build_cached
from ..sources.decisions import project_ids, project_label
from .outcome_text import outcome_findings
from .phrases import Collector, count_word, names_list
from .financing_text import (grp_years_note, population_gap_note, population_note, rank_correlation_text,
                             riket_population_note)
from .prices_text import regional_fixed_text, staff_cost_caveat
from .period_text import fixed_price_period_note, period_note, rescaled_note


def _times(a: float, b: float) -> str:
    """``'3,5 gånger'`` – how many times ``a`` is ``b``."""
    return f"{format_number(a / b, 1)} gånger"


def _kr(value: float) -> str:
    """Kronor per inhabitant: two decimals below 100 kr (these are small sums), else whole."""
    return format_sek(value, 2 if abs(value) < 100 else 0)


def _verb(project_id: str) -> str:
    """Past tense for a project a later one in the register has followed (ECS3 is over); the
    latest project (REAL ÖMS, until 2027) is still running."""
    return "bidrog" if project_id != project_ids()[-1] else "bidrar"


def _moved(after: float, before: float, up: str, down: str) -> str:
    """The verb for the direction of a change (the texts never assume it)."""
    return up if after >= before else down


def _pct_change(value: float) -> str:
    return format_percent(value, 1, signed=True)


@dataclass
class _Financing:
    """What every financing topic reads: the tables, the parameters, and the two results most
    topics start from (computed once here rather than in each topic)."""

    lines: pd.DataFrame
    ind: pd.DataFrame
    months: object
    stated_totals: pd.DataFrame
    project_table: pd.DataFrame | None
    focus: str
    denominator: str
    base_year: int | None
    assumption: str | None
    factors: pd.DataFrame | None
    period_notes: bool = True
    contributions: pd.DataFrame = field(init=False)
    capacity: pd.DataFrame = field(init=False)
    projects: list[str] = field(init=False)

    def __post_init__(self):
        self.contributions = fin.regional_contributions(self.lines, self.stated_totals)
        self.capacity = fin.capacity(self.lines, self.ind, self.months, self.stated_totals)
        present = set(self.contributions["project_id"])
        self.projects = [p for p in project_ids() if p in present]  # register order


@build_cached
def financing_findings(lines: pd.DataFrame | None = None,
                       indicator_table: pd.DataFrame | None = None, *, months=None,
                       stated_totals: pd.DataFrame | None = None,
                       project_table: pd.DataFrame | None = None, focus: str = OMS_CODE,
                       denominator: str = "population", base_year: int | None = None,
                       assumption: str | None = None,
                       factors: pd.DataFrame | None = None,
                       period_notes: bool = True) -> pd.DataFrame:
    """The financing findings, ranked. Columns: ``rank, key, topic, text, value, county_code``.

    ``period_notes=False`` leaves out the note on ECS3's two periods after each per-month
    finding: for a page that states it once (Sammanfattning, :func:`.period_text.summary_note`).

    ``focus`` (a county code or ``SE12``) moves the findings about that region to the top.
    ``base_year``/``assumption`` add a fixed-price comparison (KPI; the text says when an
    assumption was needed for years without published KPI).
    """
    x = _Financing(fin.lines_or_default(lines), fin.indicators_or_default(indicator_table), months,
                   fin.stated_row_totals() if stated_totals is None else stated_totals,
                   project_table, check_focus(focus), fin.check_denominator(denominator),
                   base_year, assumption, factors, period_notes)
    c = Collector()
    for topic in (_contribution_findings, _capacity_findings, _fair_share_findings,
                  _over_time_findings, _cofinancing_findings, _cost_findings,
                  _statistics_findings):
        topic(c, x)
    return c.ranked()


def _contribution_findings(c: Collector, x: _Financing) -> None:
    """Who pays what, per project, and who pays from two sources."""
    for pid in x.projects:
        label = project_label(pid)
        r = x.contributions[x.contributions["project_id"] == pid]
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
                        f"övriga {count_word(len(others))}")
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


def _capacity_findings(c: Collector, x: _Financing) -> None:
    """Per inhabitant: highest against lowest, and the focus region's place."""
    for pid in x.projects:
        label = project_label(pid)
        p = x.capacity[x.capacity["project_id"] == pid]
        hi = p.loc[p["sek_per_inhabitant"].idxmax()]
        lo = p.loc[p["sek_per_inhabitant"].idxmin()]
        c.add(f"per_inhabitant_{pid}", "kapacitet", 20,
              f"I {label} {_verb(pid)} {hi['region']} med {_kr(hi['sek_per_inhabitant'])} per "
              "invånare, "
              f"{_times(hi['sek_per_inhabitant'], lo['sek_per_inhabitant'])} {lo['region']} "
              f"({_kr(lo['sek_per_inhabitant'])} per invånare).",
              hi["sek_per_inhabitant"] / lo["sek_per_inhabitant"], hi["county_code"])
        if x.focus != OMS_CODE:
            f = p[p["county_code"] == x.focus].iloc[0]
            rank = int((p["sek_per_inhabitant"] > f["sek_per_inhabitant"]).sum()) + 1
            c.add(f"focus_per_inhabitant_{pid}", "kapacitet", 1,
                  f"I {label} {_verb(pid)} {f['region']} med {_kr(f['sek_per_inhabitant'])} per "
                  "invånare "
                  f"– plats {rank} av 5 – och {format_number(f['sek_per_msek_grp'], 1)} kr per "
                  f"miljon kronor BRP ({int(f['grp_year'])}).", f["sek_per_inhabitant"], x.focus)


def _fair_share_findings(c: Collector, x: _Financing) -> None:
    """Who pays most relative to size, the focus region's index, and how much the measure matters."""
    fs = fin.fair_share(x.lines, x.ind, denominator=x.denominator, stated_totals=x.stated_totals)
    dlabel = fin.DENOMINATOR_LABELS[x.denominator]
    for pid in x.projects:
        label = project_label(pid)
        p = fs[fs["project_id"] == pid]
        hi = p.loc[p["index"].idxmax()]
        lo = p.loc[p["index"].idxmin()]
        c.add(f"fair_share_{pid}", "rättvisa", 30,
              f"Med {dlabel} som mått betalar {hi['region']} mest i förhållande till sin storlek i "
              f"{label} (index {format_number(hi['index'])}, där 100 är proportionellt) och "
              f"{lo['region']} minst (index {format_number(lo['index'])}).",
              hi["index"], hi["county_code"])
        if x.focus != OMS_CODE:
            f = p[p["county_code"] == x.focus].iloc[0]
            word = "mer än" if f["index"] > 100 else "mindre än"
            c.add(f"focus_fair_share_{pid}", "rättvisa", 2,
                  f"{f['region']} betalar i {label} {word} sin andel av regionernas {dlabel}: "
                  f"{format_percent(f['share_of_regional'])} av medfinansieringen mot "
                  f"{format_percent(f['denominator_share'])} av {dlabel}en (index "
                  f"{format_number(f['index'])}).", f["index"], x.focus)
    sens = fin.fair_share_sensitivity(x.lines, x.ind, x.stated_totals)
    s = sens.loc[sens["spread"].idxmax()]
    c.add("fair_share_sensitivity", "rättvisa", 50,
          f"Valet av mått spelar störst roll för {s['region']} i {project_label(s['project_id'])}: "
          f"indexet är {format_number(s['population'])} med befolkning, {format_number(s['grp'])} "
          f"med BRP och {format_number(s['mix'])} med en blandning.", s["spread"],
          s["county_code"])


def _over_time_findings(c: Collector, x: _Financing) -> None:
    """The earlier project against the later one: budget, regional money, per region, fixed prices."""
    if len(x.projects) != 2:
        return
    earlier, later = x.projects
    before, after = project_label(earlier), project_label(later)
    t = fin.project_totals(x.lines, x.months).set_index("project_id")
    a, b = t.loc[earlier], t.loc[later]
    c.add("total_change", "över tid", 5,
          f"Budgeten {_moved(b['total_sek'], a['total_sek'], 'växte', 'minskade')} från "
          f"{format_msek(a['total_sek'])} i {before} ({int(a['months'])} "
          f"månader) till {format_msek(b['total_sek'])} i {after} ({int(b['months'])} "
          f"månader). Per projektmånad är det {format_sek(a['total_per_month_sek'])} mot "
          f"{format_sek(b['total_per_month_sek'])}, "
          f"{_pct_change(b['total_per_month_sek'] / a['total_per_month_sek'] - 1)} "
          f"i löpande priser.{_period_note(x, t, earlier, later)}",
          b["total_per_month_sek"] / a["total_per_month_sek"] - 1)
    c.add("regional_change", "över tid", 6,
          f"Regionernas samlade medfinansiering "
          f"{_moved(b['regional_sek'], a['regional_sek'], 'ökade', 'minskade')} från "
          f"{format_msek(a['regional_sek'])} till "
          f"{format_msek(b['regional_sek'])} "
          f"({_pct_change(b['regional_sek'] / a['regional_sek'] - 1)}). Per tolv "
          f"projektmånader ökade den från {format_msek(a['regional_per_year_sek'])} till "
          f"{format_msek(b['regional_per_year_sek'])}.{_regional_fixed(x, earlier, later)}"
          f"{_period_note(x, t, earlier, later, 'change_regional_per_year')}",
          b["regional_sek"] / a["regional_sek"] - 1)
    ch = fin.change_by_region(x.lines, from_project=earlier, to_project=later, months=x.months,
                              stated_totals=x.stated_totals)
    top = ch.loc[ch["change_pct"].idxmax()]
    low = ch[ch["change_pct"].round(6) == round(ch["change_pct"].min(), 6)]
    c.add("region_change", "över tid", 25,
          f"Störst ökning har {top['region']}: från {format_sek(top['before'])} till "
          f"{format_sek(top['after'])} ({_pct_change(top['change_pct'])}). Minst ökar "
          f"{names_list(low['region'])}: {_pct_change(low['change_pct'].iloc[0])}"
          f"{' var' if len(low) > 1 else ''}.", top["change_pct"], top["county_code"])
    if x.focus != OMS_CODE:
        f = ch[ch["county_code"] == x.focus].iloc[0]
        c.add("focus_change", "över tid", 3,
              f"{f['region']} bidrar med {format_sek(f['after'])} till {after} mot "
              f"{format_sek(f['before'])} till {before} ({_pct_change(f['change_pct'])}). Per tolv "
              f"projektmånader är förändringen {_pct_change(f['change_pct_per_year'])}."
              f"{_period_note(x, t, earlier, later, rescale=f['change_pct_per_year'])}",
              f["change_pct"], x.focus)
    if x.base_year is not None:
        o = fin.over_time(x.lines, x.months, base_year=x.base_year, assumption=x.assumption,
                          factors=x.factors).set_index("project_id")
        a, b = o.loc[earlier], o.loc[later]
        change = b["total_per_month_sek_fixed"] / a["total_per_month_sek_fixed"] - 1
        caveat = (" För år utan publicerat KPI har prisnivån antagits oförändrad från den "
                  "senast kända." if bool(a["price_assumed"] or b["price_assumed"]) else "")
        c.add("fixed_price_change", "över tid", 7,
              f"I fasta priser ({x.base_year} års priser, KPI) är budgeten per projektmånad "
              f"{format_sek(a['total_per_month_sek_fixed'])} i {before} och "
              f"{format_sek(b['total_per_month_sek_fixed'])} i {after} "
              f"({_pct_change(change)}).{caveat}{_fixed_note(earlier) if x.period_notes else ''} "
              f"{staff_cost_caveat(fin.cost_structure(x.lines))}", change)


def _period_note(x: _Financing, totals: pd.DataFrame, earlier: str, later: str,
                 column: str = "change_per_month", rescale: float | None = None) -> str:
    """ECS3's decided period beside its reported end (empty for other project pairs, and where
    the page states it once)."""
    if earlier != "ECS3" or not x.period_notes:
        return ""
    from ..analyses.financing.period import period_comparison, reported_end

    end = reported_end()
    pt = x.project_table
    if pt is not None and not {"start_date", "end_date"} <= set(pt.columns):
        pt = None  # a table without the periods: the register's periods
    cmp = period_comparison(totals.reset_index(), pt, end, earlier=earlier, later=later)
    if rescale is not None:
        return " " + rescaled_note(rescale, cmp, end)
    return " " + period_note(cmp, end, column)


def _regional_fixed(x: _Financing, earlier: str, later: str) -> str:
    """The fixed-price change per twelve project months beside the nominal one."""
    if x.base_year is None:
        return ""
    o = fin.over_time(x.lines, x.months, base_year=x.base_year, assumption=x.assumption,
                      factors=x.factors).set_index("project_id")
    col = "regional_per_month_sek_fixed"
    return " " + regional_fixed_text(o.at[later, col] / o.at[earlier, col] - 1, x.base_year)


def _fixed_note(earlier: str) -> str:
    if earlier != "ECS3":
        return ""
    from ..analyses.financing.period import reported_end

    return " " + fixed_price_period_note(reported_end())


def _cofinancing_findings(c: Collector, x: _Financing) -> None:
    """ERUF's share from one project to the next, and the deciding region's share of each."""
    shares = fin.cofinancing_shares(x.lines, x.project_table).set_index("project_id")
    if len(x.projects) == 2 and set(x.projects) <= set(shares.index):
        earlier, later = x.projects
        erdf, regional = shares["erdf_share"], shares["regional_share"]
        c.add("erdf_share", "medfinansiering", 15,
              f"ERUF:s planerade andel av budgeten "
              f"{_moved(erdf[later], erdf[earlier], 'steg', 'sjönk')}"
              f" från {format_percent(erdf[earlier])} i {project_label(earlier)} till "
              f"{format_percent(erdf[later])} i {project_label(later)}, så regionerna "
              f"bär en {_moved(regional[later], regional[earlier], 'större', 'mindre')}"
              " del själva.", erdf[later])
    for pid in shares.index:
        r = shares.loc[pid]
        c.add(f"deciding_share_{pid}", "medfinansiering", 45,
              f"{r['deciding_authority']}, som fattade beslutet, står för "
              f"{format_percent(r['deciding_share'])} av de bokförda kostnaderna i "
              f"{project_label(pid)} ({format_sek(r['deciding_sek'])}).",
              r["deciding_share"])


def _cost_findings(c: Collector, x: _Financing) -> None:
    """A flat-rate budget (staff plus indirect costs only), and the share of external services."""
    ratio = fin.indirect_cost_ratio(x.lines)
    flat = ratio[ratio["ratio"].notna()]
    if len(flat):
        pid = flat["project_id"].iloc[0]
        c.add("flat_rate", "kostnader", 55,
              f"{project_label(pid)} budgeterar bara egen personal plus indirekta kostnader som "
              f"schablon: {format_percent(flat['indirect_costs'].sum() / flat['staff'].sum())} "
              "av personalkostnaden. Externa tjänster och övriga kostnader finns inte som egna "
              "poster.", flat["indirect_costs"].sum() / flat["staff"].sum())
    cs = fin.cost_structure(x.lines)
    for _, ext in cs[cs["category"] == "external_services"].iterrows():
        c.add(f"external_services_{ext['project_id']}", "kostnader", 56,
              f"{project_label(ext['project_id'])} lade {format_percent(ext['share'])} av "
              f"budgeten på externa tjänster ({format_sek(ext['amount_sek'])}).", ext["share"])


def _statistics_findings(c: Collector, x: _Financing) -> None:
    """The rank correlation per project, framed as the weak evidence five regions give."""
    if "grp_per_inhabitant_ksek" not in set(x.ind["indicator"]):
        return
    for pid in x.projects:
        r = fin.rank_correlation(x.lines, x.ind, project_id=pid, months=x.months,
                                 stated_totals=x.stated_totals)
        c.add(f"rank_correlation_{pid}", "statistik", 60, rank_correlation_text(r), r["rho"])


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
            n_mirror: int = 4, base_year: int | None = None,
            assumption: str | None = "hold_latest",
            period_notes: bool = False) -> dict[str, list[str]]:
    """The report summary's findings, most important first, in three groups.

    ``focus`` moves findings about that region to the top of each group. The financing findings
    carry the fixed-price figures beside the nominal ones (``base_year``: default the latest
    year with a published KPI annual mean, as in Utveckling). The note on ECS3's two periods is
    left out of each finding (``period_notes``): the summary says it once
    (:func:`.period_text.summary_note`).
    """
    from .mirror_findings import mirror_findings
    from ..analyses.outcomes import targets_with_outcomes

    return {
        "financing": top(financing_findings(
            focus=focus, base_year=fin.base_years()[-1] if base_year is None else base_year,
            assumption=assumption, period_notes=period_notes), n_financing),
        "outcomes": top(outcome_findings(targets_with_outcomes()), n_outcomes),
        "mirror": top(mirror_findings(focus), n_mirror),
    }


def markdown_list(texts: list[str]) -> str:
    """Findings as a Markdown bullet list, each text escaped (``core.escape.markdown_list``)."""
    from ..core.escape import markdown_list as escaped_list

    return escaped_list(texts)


@build_cached
def financing_facts(*, base_year: int = 2023, assumption: str | None = "hold_latest",
                    denominator: str = "population") -> dict[str, str]:
    """Formatted numbers and sentences the chapters quote inline (all from the analyses).

    Uses the real loaders. Keys: ``population_note``, ``grp_year``, ``grp_note``, ``base_year``,
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
    # The keys name the projects the chapters were written for (ecs3_*, real_*): the earlier
    # and the later project of the register.
    earlier, later = project_ids()[0], project_ids()[-1]
    a, b = o.loc[earlier], o.loc[later]
    assumed = bool(a["price_assumed"] or b["price_assumed"])
    return {
        "population_note": " ".join(filter(None, (
            population_note(cap_years[cap_years["project_id"] == later].drop_duplicates("year")),
            population_gap_note(cap_years[cap_years["project_id"] == later]),
            riket_population_note(fin.riket_population_latest())))),
        "grp_year": str(int(cap.loc[cap["project_id"] == later, "grp_year"].iloc[0])),
        "grp_note": grp_years_note(cap, {p: project_label(p) for p in cap["project_id"].unique()}),
        "base_year": str(base_year),
        "assumption_text": (prices.ASSUMPTIONS[assumption] if assumption and assumed else
                            "Inga antaganden om prisnivån behövdes."),
        "price_note": ("För år utan publicerat KPI (senast publicerade månad "
                       f"{prices.latest_kpi_month()[0]}-{prices.latest_kpi_month()[1]:02d}) är "
                       "prisnivån ett uttryckligt antagande. De åren är markerade med * i "
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
        "real_2023_per_month": format_sek(y.loc[later]["total_per_month_sek"].iloc[0]),
        "real_first_months": count_word(y.loc[later]["months"].iloc[0]),
        "real_last_months": count_word(y.loc[later]["months"].iloc[-1]),
        "ecs3_regional": format_sek(a["regional_sek"]),
        "real_regional": format_sek(b["regional_sek"]),
        "denominator": fin.DENOMINATOR_LABELS[denominator],
    }

