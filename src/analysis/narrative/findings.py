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
from .citations import genitive
from .outcome_text import outcome_findings
from .phrases import Collector, count_word, names_list
from .financing_text import (cost_like_with_like_text, external_services_text,
                             financing_kinds_text, grp_years_note, population_gap_note,
                             population_note, riket_population_note)
from .prices_text import (regional_fixed_text, regional_sensitivity_text, sensitivity_text,
                          staff_cost_caveat)
from .period_text import period_note


def _times(a: float, b: float) -> str:
    """``'3,5 gånger'`` – how many times ``a`` is ``b``."""
    return f"{format_number(a / b, 1)} gånger"


def _kr(value: float) -> str:
    """Kronor per inhabitant: two decimals below 100 kr (these are small sums), else whole."""
    return format_sek(value, 2 if abs(value) < 100 else 0)


def _verb(project_id: str) -> str:
    """Past tense for a project a later one has followed (by start date); the latest project
    is still running."""
    return "bidrog" if project_id != fin.project_order()[-1] else "bidrar"


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
        self.projects = fin.project_order([p for p in project_ids() if p in present],
                                          self.project_table)  # start order


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
    for topic in (_contribution_findings, _kind_findings, _capacity_findings,
                  _contribution_ratio_findings, _over_time_findings, _cofinancing_findings,
                  _cost_findings):
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
                  f"I {label} bidrar de {count_word(len(r))} regionerna lika mycket: "
                  f"{format_sek(a['amount_sek'])} "
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
            rows = fin.contributions(x.lines, x.stated_totals)
            rows = rows[(rows["project_id"] == pid) & (rows["kind"] == "region")]
            groups: dict[tuple, list[str]] = {}
            for code, region in zip(two["county_code"], two["region"]):
                sources = tuple(dict.fromkeys(rows.loc[rows["county_code"] == code,
                                                       "funding_source_label"]))
                groups.setdefault(sources, []).append(region)
            parts = [f"{names_list(regions_)} sina andelar ur {count_word(len(src))} källor "
                     f"({names_list(src)})" for src, regions_ in groups.items()]
            c.add(f"sources_{pid}", "bidrag", 40,
                  f"I {label} finansierar {'; '.join(parts)}.", int(len(two)))


def _kind_findings(c: Collector, x: _Financing) -> None:
    """Per project: public or private money, money or in kind, by kind of financier (from the
    financier register), so private money and contributions in kind are shown as such."""
    overview = fin.financing_overview(x.lines, x.stated_totals).set_index("project_id")
    by_kind = fin.financing_by_kind(x.lines, x.stated_totals)
    for pid in overview.index:
        o = overview.loc[pid]
        mixed = bool(o["private_sek"] or o["in_kind_sek"])  # worth the summary only then
        c.add(f"kinds_{pid}", "bidrag", 12 if mixed else 35,
              financing_kinds_text(pid, o, by_kind[by_kind["project_id"] == pid]),
              o["private_share"] + o["in_kind_share"])


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
        if x.focus.is_county:
            f = p[p["county_code"] == x.focus].iloc[0]
            rank = int((p["sek_per_inhabitant"] > f["sek_per_inhabitant"]).sum()) + 1
            c.add(f"focus_per_inhabitant_{pid}", "kapacitet", 1,
                  f"I {label} {_verb(pid)} {f['region']} med {_kr(f['sek_per_inhabitant'])} per "
                  "invånare "
                  f"– plats {rank} av {len(p)} – och {format_number(f['sek_per_msek_grp'], 1)} kr per "
                  f"miljon kronor BRP ({int(f['grp_year'])}).", f["sek_per_inhabitant"], x.focus)


def _contribution_ratio_findings(c: Collector, x: _Financing) -> None:
    """The contribution ratio (bidragskvot): highest against lowest, the focus region's, and how
    much the measure of size matters. A description of shares, not a verdict."""
    fs = fin.contribution_ratio(x.lines, x.ind, denominator=x.denominator,
                                stated_totals=x.stated_totals)
    dlabel = fin.DENOMINATOR_LABELS[x.denominator]
    for pid in x.projects:
        label = project_label(pid)
        p = fs[fs["project_id"] == pid]
        hi = p.loc[p["index"].idxmax()]
        lo = p.loc[p["index"].idxmin()]
        c.add(f"contribution_ratio_{pid}", "bidragskvot", 30,
              f"I {label} har {hi['region']} den högsta bidragskvoten med {dlabel} som mått "
              f"({format_number(hi['index'])}) och {lo['region']} den lägsta "
              f"({format_number(lo['index'])}).", hi["index"], hi["county_code"])
        if x.focus.is_county:
            f = p[p["county_code"] == x.focus].iloc[0]
            word = "större" if f["index"] > 100 else "mindre"
            c.add(f"focus_contribution_ratio_{pid}", "bidragskvot", 2,
                  f"{f['region']} står i {label} för {format_percent(f['share_of_regional'])} av "
                  f"regionernas medfinansiering och {format_percent(f['denominator_share'])} av "
                  f"{dlabel}en, en {word} andel av pengarna än av {dlabel}en (bidragskvot "
                  f"{format_number(f['index'])}).", f["index"], x.focus)
    sens = fin.contribution_ratio_sensitivity(x.lines, x.ind, x.stated_totals)
    s = sens.loc[sens["spread"].idxmax()]
    c.add("contribution_ratio_sensitivity", "bidragskvot", 50,
          f"Valet av mått spelar störst roll för {s['region']} i {project_label(s['project_id'])}: "
          f"kvoten är {format_number(s['population'])} med befolkning, {format_number(s['grp'])} "
          f"med BRP och {format_number(s['mix'])} med en blandning.", s["spread"],
          s["county_code"])


def _over_time_findings(c: Collector, x: _Financing) -> None:
    """Consecutive projects by start date: budget, regional money, per region, fixed prices.

    The latest pair gets the plain keys (``total_change``, ``regional_change``,
    ``region_change``, ``focus_change``, ``fixed_price_change``); each earlier pair
    ``total_change_<earlier>_<later>`` and ``regional_change_<earlier>_<later>``, ranked lower.
    One project: no finding (there is nothing to compare)."""
    pairs = fin.consecutive_pairs(x.projects, x.project_table)
    t = fin.project_totals(x.lines, x.months).set_index("project_id")
    for earlier, later in pairs:
        latest = (earlier, later) == pairs[-1]
        suffix = "" if latest else f"_{earlier}_{later}"
        _pair_findings(c, x, t, earlier, later, suffix, 0 if latest else 30)
    if not pairs:
        return
    earlier, later = pairs[-1]
    before, after = project_label(earlier), project_label(later)
    ch = fin.change_by_region(x.lines, from_project=earlier, to_project=later, months=x.months,
                              stated_totals=x.stated_totals)
    top = ch.loc[ch["change_pct"].idxmax()]
    low = ch[ch["change_pct"].round(6) == round(ch["change_pct"].min(), 6)]
    c.add("region_change", "över tid", 25,
          f"Från {before} till {after} "
          f"{_moved(top['after'], top['before'], 'ökar', 'minskar')} {genitive(top['region'])}"
          f" bidrag mest i procent: från {format_sek(top['before'])} till "
          f"{format_sek(top['after'])} ({_pct_change(top['change_pct'])}). Minst förändring i "
          f"procent har {names_list(low['region'])}: {_pct_change(low['change_pct'].iloc[0])}"
          f"{' var' if len(low) > 1 else ''}.", top["change_pct"], top["county_code"])
    if x.focus.is_county:
        f = ch[ch["county_code"] == x.focus].iloc[0]
        c.add("focus_change", "över tid", 3,
              f"{f['region']} bidrar med {format_sek(f['after'])} till {after} mot "
              f"{format_sek(f['before'])} till {before} ({_pct_change(f['change_pct'])}). Per tolv "
              f"projektmånader är förändringen {_pct_change(f['change_pct_per_year'])}."
              f"{_period_note(x, earlier)}", f["change_pct"], x.focus)
    if x.base_year is not None:
        o = fin.over_time(x.lines, x.months, base_year=x.base_year, assumption=x.assumption,
                          factors=x.factors).set_index("project_id")
        a, b = o.loc[earlier], o.loc[later]
        change = b["total_per_month_sek_fixed"] / a["total_per_month_sek_fixed"] - 1
        c.add("fixed_price_change", "över tid", 7,
              f"I fasta priser ({x.base_year} års priser, KPI) är budgeten per projektmånad "
              f"{format_sek(a['total_per_month_sek_fixed'])} i {before} och "
              f"{format_sek(b['total_per_month_sek_fixed'])} i {after} "
              f"({_pct_change(change)}).{_sensitivity(x, earlier, later)}"
              f"{_period_note(x, earlier)} {staff_cost_caveat(fin.cost_structure(x.lines))}",
              change)


def _pair_findings(c: Collector, x: _Financing, t: pd.DataFrame, earlier: str, later: str,
                   suffix: str, demote: int) -> None:
    """The budget and the regions' money of one pair of consecutive projects."""
    before, after = project_label(earlier), project_label(later)
    a, b = t.loc[earlier], t.loc[later]
    c.add(f"total_change{suffix}", "över tid", 5 + demote,
          f"Budgeten {_moved(b['total_sek'], a['total_sek'], 'växte', 'minskade')} från "
          f"{format_msek(a['total_sek'])} i {before} ({int(a['months'])} "
          f"månader) till {format_msek(b['total_sek'])} i {after} ({int(b['months'])} "
          f"månader). Per projektmånad är det {format_sek(a['total_per_month_sek'])} mot "
          f"{format_sek(b['total_per_month_sek'])}, "
          f"{_pct_change(b['total_per_month_sek'] / a['total_per_month_sek'] - 1)} "
          f"i löpande priser.{_period_note(x, earlier)}",
          b["total_per_month_sek"] / a["total_per_month_sek"] - 1)
    c.add(f"regional_change{suffix}", "över tid", 6 + demote,
          f"Regionernas samlade medfinansiering "
          f"{_moved(b['regional_sek'], a['regional_sek'], 'ökade', 'minskade')} från "
          f"{format_msek(a['regional_sek'])} i {before} till "
          f"{format_msek(b['regional_sek'])} i {after} "
          f"({_pct_change(b['regional_sek'] / a['regional_sek'] - 1)}). Per tolv "
          f"projektmånader "
          f"{_moved(b['regional_per_year_sek'], a['regional_per_year_sek'], 'ökade', 'minskade')}"
          f" den från {format_msek(a['regional_per_year_sek'])} till "
          f"{format_msek(b['regional_per_year_sek'])}."
          f"{_regional_fixed(x, earlier, later) if not suffix else ''}"
          f"{_period_note(x, earlier)}",
          b["regional_sek"] / a["regional_sek"] - 1)


def _period_note(x: _Financing, earlier: str) -> str:
    """The earlier project's decided period beside its reported end, where the register of
    reported ends has one (empty otherwise, and where the page states it once)."""
    if not x.period_notes:
        return ""
    from ..analyses.financing.period import reported_ends
    from ..tables.budgets import projects

    end = reported_ends().get(earlier)
    if end is None:
        return ""
    pt = x.project_table
    if pt is None or not {"project_id", "start_date", "end_date", "months"} <= set(pt.columns):
        pt = projects()
    return " " + period_note(earlier, pt.set_index("project_id").loc[earlier], end)


def _sensitivity(x: _Financing, earlier: str, later: str,
                 column: str = "change_per_month") -> str:
    """The fixed-price change at 0, 1 and 2 % yearly KPI change after the latest published
    month, where a year of the pair needs that assumption (the assumption stated)."""
    if x.factors is not None:
        return ""  # prices given by the caller: no KPI assumption of ours to vary
    sens = fin.price_sensitivity(x.lines, x.months, base_year=x.base_year, pair=(earlier, later))
    text = sensitivity_text(sens, column)
    return " " + text if text else ""


def _regional_fixed(x: _Financing, earlier: str, later: str) -> str:
    """The fixed-price change per twelve project months beside the nominal one."""
    if x.base_year is None:
        return ""
    if x.factors is None:
        sens = fin.price_sensitivity(x.lines, x.months, base_year=x.base_year,
                                     pair=(earlier, later))
        return " " + regional_sensitivity_text(sens, x.base_year)
    o = fin.over_time(x.lines, x.months, base_year=x.base_year, assumption=x.assumption,
                      factors=x.factors).set_index("project_id")
    col = "regional_per_month_sek_fixed"
    return " " + regional_fixed_text(o.at[later, col] / o.at[earlier, col] - 1, x.base_year)


def _cofinancing_findings(c: Collector, x: _Financing) -> None:
    """ERUF's share from one project to the next, and the deciding region's share of each."""
    shares = fin.cofinancing_shares(x.lines, x.project_table).set_index("project_id")
    pair = fin.latest_pair(x.projects, x.project_table)
    if pair is not None and set(pair) <= set(shares.index):
        earlier, later = pair
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
    """The cost structures like with like (own staff against every other cost, a flat rate
    standing for the other costs), and external services where a budget itemises them."""
    like = fin.cost_structure_like_with_like(x.lines)
    if len(like):
        c.add("flat_rate", "kostnader", 55, cost_like_with_like_text(like),
              float(like["staff_share"].max()))
    cs = fin.cost_structure(x.lines)
    for _, ext in cs[cs["category"] == "external_services"].iterrows():
        c.add(f"external_services_{ext['project_id']}", "kostnader", 56,
              external_services_text(ext, like), ext["share"])


def finding(findings: pd.DataFrame, key: str) -> str:
    """The text of one finding by key; a clear error listing the keys if it does not exist."""
    hit = findings.loc[findings["key"] == key, "text"]
    if hit.empty:
        raise KeyError(f"Inget fynd med nyckeln {key!r}. Finns: {', '.join(findings['key'])}")
    return str(hit.iloc[0])


def top(findings: pd.DataFrame, n: int = 5) -> list[str]:
    """The ``n`` highest-ranked finding texts."""
    return findings.sort_values("rank")["text"].head(n).tolist()


#: Findings whose ratio the report itself qualifies (the whole budget divided by one target):
#: they stand only beside their caveat, in the chapter on targets, never in a summary.
QUALIFIED_RATIOS = ("cost_per_unit_", "money_ratio_")


@build_cached
def summary(focus: str = OMS_CODE, *, n_financing: int = 6, n_outcomes: int = 2,
            n_mirror: int = 4, base_year: int | None = None,
            assumption: str | None = "hold_latest",
            period_notes: bool = False) -> dict[str, list[str]]:
    """The report summary's findings, most important first, in three groups. Cost per target
    and other ratios of the whole budget to one target (:data:`QUALIFIED_RATIOS`) are never
    among them: they stand beside their caveat in the chapter on targets.

    ``focus`` moves findings about that region to the top of each group. The financing findings
    carry the fixed-price figures beside the nominal ones (``base_year``: default the latest
    year with a published KPI annual mean, as in Utveckling). The note on ECS3's two periods is
    left out of each finding (``period_notes``): the summary says it once
    (:func:`.period_text.summary_note`).
    """
    from .mirror_findings import mirror_findings
    from ..analyses.outcomes import targets_with_outcomes

    outcomes = outcome_findings(targets_with_outcomes())
    return {
        "financing": top(financing_findings(
            focus=focus, base_year=fin.base_years()[-1] if base_year is None else base_year,
            assumption=assumption, period_notes=period_notes), n_financing),
        "outcomes": top(outcomes[~outcomes["key"].str.startswith(QUALIFIED_RATIOS)], n_outcomes),
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
    ``assumption_text``, ``price_note``, ``sensitivity`` (the fixed-price change at 0, 1 and 2 %
    yearly KPI change), ``n_projects``, ``earlier``/``later`` (the latest pair's names by start
    date; with one project both are that project), ``earlier_months``, ``later_months``,
    ``earlier_per_month``, ``later_per_month``, ``earlier_per_month_fixed``,
    ``later_per_month_fixed``, ``per_month_change``, ``per_month_change_fixed`` (empty with one
    project), ``later_first_per_month``, ``later_first_months``, ``later_last_months``,
    ``earlier_regional``, ``later_regional``, ``denominator``.
    """
    from ..tables import prices

    fin.check_base_year(base_year)
    fin.check_denominator(denominator)
    cap_years = fin.capacity_yearly()
    cap = fin.capacity()
    o = fin.over_time(base_year=base_year, assumption=assumption).set_index("project_id")
    y = fin.yearly_budget().set_index(["project_id", "year"])
    order = fin.project_order(list(o.index))
    earlier, later = fin.latest_pair(order) or (order[0], order[0])
    a, b = o.loc[earlier], o.loc[later]
    assumed = bool(a["price_assumed"] or b["price_assumed"])
    pair = earlier != later
    sens = (sensitivity_text(fin.price_sensitivity(base_year=base_year, pair=(earlier, later)))
            if pair else "")
    return {
        "population_note": " ".join(filter(None, (
            population_note(cap_years[cap_years["project_id"] == later].drop_duplicates("year")),
            population_gap_note(cap_years[cap_years["project_id"] == later]),
            riket_population_note(fin.riket_population_latest())))),
        "grp_year": str(int(cap.loc[cap["project_id"] == later, "grp_year"].iloc[0])),
        "grp_note": grp_years_note(cap, {p: project_label(p) for p in cap["project_id"].unique()}),
        "base_year": str(base_year),
        "assumption_text": (prices.assumption_text(assumption) if assumption and assumed else
                            "Inga antaganden om prisnivån behövdes."),
        "price_note": ("För år utan publicerat KPI (senast publicerade månad "
                       f"{prices.latest_kpi_month()[0]}-{prices.latest_kpi_month()[1]:02d}) är "
                       "prisnivån ett uttryckligt antagande. De åren är markerade med * i "
                       "diagrammet." if assumed else "Alla år har publicerat KPI."),
        "sensitivity": sens,
        "n_projects": count_word(len(order)),
        "earlier": project_label(earlier),
        "later": project_label(later),
        "earlier_months": format_number(a["months"]),
        "later_months": format_number(b["months"]),
        "earlier_per_month": format_sek(a["total_per_month_sek"]),
        "later_per_month": format_sek(b["total_per_month_sek"]),
        "earlier_per_month_fixed": format_sek(a["total_per_month_sek_fixed"]),
        "later_per_month_fixed": format_sek(b["total_per_month_sek_fixed"]),
        "per_month_change": _pct_change(b["total_per_month_sek"] / a["total_per_month_sek"] - 1)
        if pair else "",
        "per_month_change_fixed": _pct_change(
            b["total_per_month_sek_fixed"] / a["total_per_month_sek_fixed"] - 1) if pair else "",
        "later_first_per_month": format_sek(y.loc[later]["total_per_month_sek"].iloc[0]),
        "later_first_months": count_word(y.loc[later]["months"].iloc[0]),
        "later_last_months": count_word(y.loc[later]["months"].iloc[-1]),
        "earlier_regional": format_sek(a["regional_sek"]),
        "later_regional": format_sek(b["regional_sek"]),
        "denominator": fin.DENOMINATOR_LABELS[denominator],
    }

