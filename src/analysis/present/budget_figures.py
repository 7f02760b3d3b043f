"""Tables, a chart and formatted facts for the report chapter "Projekten och budgetarna".

Presentation only: the numbers come from :mod:`analysis.tables.budgets` (the decisions as written),
:mod:`analysis.analyses.financing` (shares and labels) and :mod:`analysis.tables.validation` (rounding notes).
Every table has Swedish headers; amounts stay integers (kronor) so the display formats them the
Swedish way, and shares are pre-formatted strings.
"""

from __future__ import annotations

import pandas as pd

from ..analyses import financing
from ..core.errors import ParameterError
from ..core.formatting import format_date, format_number, format_percent, format_sek
from ..core.regions import authority_name
from ..sources.decisions import project_ids, project_label
from ..tables import budgets

# Projects told apart by colour and by pattern (never colour alone), in start order; a sixth
# project and later ones take the marks again from the start.
PROJECT_COLOURS = ("#6B6B6B", "#0B5394", "#E69F00", "#009E73", "#CC79A7")
PROJECT_PATTERNS = ("", "/", ".", "x", "-")


def project_marks(order) -> dict[str, tuple[str, str]]:
    """Colour and pattern of each project in ``order`` (start order)."""
    n = len(PROJECT_COLOURS)
    return {pid: (PROJECT_COLOURS[i % n], PROJECT_PATTERNS[i % n]) for i, pid in enumerate(order)}


def budget_source() -> str:
    """The decisions as a figure's source line: ``'Besluten om ECS3 och REAL ÖMS'`` (the
    register's projects in start order)."""
    from ..narrative.phrases import names_list

    names = [project_label(p) for p in financing.project_order()]
    return ("Beslutet om " if len(names) == 1 else "Besluten om ") + names_list(names)
CHECK_LABELS = {"row_total": "radsumma", "column_sum": "kolumnsumma",
                "applied_amount": "sökt belopp", "extraction": "två textversioner"}
SEVERITY_LABELS = {"rounding": "avrundning", "error": "fel", "ok": "stämmer"}


def _check_project(project_id: str) -> str:
    if project_id not in project_ids():
        raise ParameterError(f"Okänt projekt {project_id!r}; giltiga: {', '.join(project_ids())}")
    return project_id


BUDGET_SECTION = "Kostnads- och finansieringsbudget"


def decision_citation(project_id: str, section: str = BUDGET_SECTION) -> str:
    """A decision cited as a reader looks it up (:func:`analysis.narrative.citations.cite_project`,
    the one citation function), at the start of a table cell."""
    from ..core.formatting import upper_first
    from ..narrative.citations import cite_project

    return upper_first(cite_project(_check_project(project_id), section))


def period_table() -> pd.DataFrame:
    """Per project in start order: period, months, and months in each budget year."""
    p = budgets.projects()
    p = p.set_index("project_id").loc[financing.project_order(project_table=p)].reset_index()
    m = budgets.months_per_year()
    rows = []
    for r in p.itertuples():
        mm = m[m["project_id"] == r.project_id]
        rows.append({
            "Projekt": project_label(r.project_id),
            "Startdatum": format_date(r.start_date),
            "Slutdatum": format_date(r.end_date),
            "Månader": int(r.months),
            "Månader per budgetår": ", ".join(f"{y}: {n}" for y, n in zip(mm["year"], mm["months"])),
        })
    return pd.DataFrame(rows)


def _wide(project_id: str, table: str, label_header: str) -> pd.DataFrame:
    lines = budgets.budget_lines()
    lines = lines[(lines["project_id"] == project_id) & (lines["table"] == table)]
    totals = budgets.budget_totals()
    totals = totals[(totals["project_id"] == project_id) & (totals["table"] == table)]
    order = list(dict.fromkeys(lines.sort_values("line")["label"]))
    wide = lines.pivot_table(index="label", columns="year", values="amount_sek", aggfunc="sum")
    wide = wide.reindex(order)
    wide.columns = [str(c) for c in wide.columns]
    wide = wide.astype("Int64")
    wide["Totalt enligt beslutet"] = totals.set_index("label")["stated_total_sek"].reindex(order).astype("Int64")
    wide.index.name = label_header
    return wide.reset_index()


def cost_table(project_id: str) -> pd.DataFrame:
    """The cost budget as written in the decision: one row per cost item, kronor per year."""
    return _wide(_check_project(project_id), "cost", "Kostnadsslag")


def financing_table(project_id: str) -> pd.DataFrame:
    """The financing budget as written, with funding source and share of the financing."""
    wide = _wide(_check_project(project_id), "financing", "Finansiär")
    c = financing.contributions()
    c = c[c["project_id"] == project_id].set_index("label")
    wide.insert(1, "Medel", [c.at[lbl, "funding_source_label"] for lbl in wide["Finansiär"]])
    from .figures import chart_tables, percent

    columns = {col: wide[col] for col in wide.columns}
    columns["Andel av finansieringen"] = percent([c.at[lbl, "share_of_total"]
                                                  for lbl in wide["Finansiär"]])
    return chart_tables(columns)[0]


def budget_by_year(project_id: str | None = None) -> pd.DataFrame:
    """Booked costs per project (start order) and budget year with the project months of that
    year."""
    y = financing.yearly_budget()
    y = y.set_index("project_id").loc[financing.project_order(y["project_id"].unique())].reset_index()
    if project_id:
        y = y[y["project_id"] == _check_project(project_id)]
    return pd.DataFrame({
        "Projekt": [project_label(p) for p in y["project_id"]],
        "År": y["year"].astype(int).to_numpy(),
        "Projektmånader": y["months"].astype(int).to_numpy(),
        "Budget (kr)": y["total_sek"].astype(int).to_numpy(),
    })


def budget_by_year_chart():
    """Bars: each project's budget per year (both projects), with months per year in the hover."""
    import plotly.graph_objects as go

    from .figures import Chart, style_figure

    data = budget_by_year()
    y = financing.yearly_budget()
    order = financing.project_order(y["project_id"].unique())
    fig = go.Figure()
    for pid, (colour, pattern) in project_marks(order).items():
        d = y[y["project_id"] == pid]
        fig.add_bar(x=d["year"].astype(str), y=d["total_sek"], name=project_label(pid),
                    marker={"color": colour, "pattern": {"shape": pattern, "fgcolor": "#FFFFFF"}},
                    customdata=d["months"],
                    hovertemplate="%{x}: %{y:,.0f}\u00a0kr (%{customdata}\u00a0månader)<extra>"
                                  + project_label(pid) + "</extra>")
    style_figure(fig, title="Budget per år enligt besluten", source=budget_source(),
                 x_title="Budgetår", y_title="Kronor")
    fig.update_yaxes(tickformat=",.0f")
    parts = []
    for pid in order:
        d = y[y["project_id"] == pid]
        span = f"{project_label(pid)} {d['year'].min()}–{d['year'].max()}"
        if d["total_sek"].nunique() == 1:
            parts.append(f"{span}, lika stor varje år: {format_sek(d['total_sek'].iloc[0])}")
        else:
            top = d.loc[d["total_sek"].idxmax()]
            parts.append(f"{span}, störst {int(top['year'])} med {format_sek(top['total_sek'])}")
    partial = [project_label(p) for p in order if (y.loc[y["project_id"] == p, "months"] < 12).any()]
    alt = ("Stapeldiagram över projektens budget per år i kronor: " + "; ".join(parts) + "."
           + (f" Budgetår kortare än tolv månader finns i {', '.join(partial)}." if partial else ""))
    return Chart(fig, data, alt, budget_source(), "budget-per-ar")


def focus_contribution(project_id: str, focus: str) -> dict[str, str]:
    """The focus region's (or all five regions') share of a project's financing, formatted."""
    from ..core.params import check_focus

    focus = check_focus(focus)  # a Focus comes through unchanged
    c = financing.contributions()
    c = c[c["project_id"] == _check_project(project_id)]
    part = c[c["county_code"].isin(focus.counties)]
    who = "de fem regionerna tillsammans" if focus.is_nuts2 else authority_name(focus)
    return {"who": who, "amount": format_sek(int(part["amount_sek"].sum())),
            "share": format_percent(part["share_of_total"].sum())}


def project_facts(project_id: str) -> dict[str, str]:
    """Formatted facts for the prose: title, period, months, totals, applied amount and share."""
    p = budgets.projects().set_index("project_id").loc[_check_project(project_id)]
    lines = budgets.budget_lines()
    lines = lines[lines["project_id"] == project_id]
    c = financing.contributions()
    c = c[c["project_id"] == project_id]
    erdf = c[c["funding_source"] == financing.ERDF_SOURCE]
    share = p["applied_share"]
    return {
        "name": project_label(project_id),
        "title": str(p["title"]),
        "applicant": str(p["applicant"]),
        "authority": str(p["deciding_authority"]),
        "start": format_date(p["start_date"]),
        "end": format_date(p["end_date"]),
        "months": format_number(p["months"]),
        "cost_total": format_sek(int(lines.loc[lines["table"] == "cost", "amount_sek"].sum())),
        "applied": format_sek(p["applied_amount_sek"]),
        "applied_share": format_percent(share) if pd.notna(share) else "uppgift saknas i beslutet",
        "erdf": format_sek(int(erdf["amount_sek"].sum())),
        "erdf_share": format_percent(erdf["share_of_total"].sum()),
    }


def validation_table() -> pd.DataFrame:
    """Every difference between a stated total and the sum of its cells, one row each."""
    from ..tables.budgets import validation_report

    v = validation_report()
    return pd.DataFrame({
        "Projekt": [project_label(p) for p in v["project_id"]],
        "Dokument, rad": [f"{d}, rad {ln}" for d, ln in zip(v["document"], v["line"])],
        "Kontroll": [CHECK_LABELS.get(c, c) for c in v["check"]],
        "Post": v["label"].astype(str).to_numpy(),
        "Kolumn": v["column"].astype(str).to_numpy(),
        "Angivet (kr)": v["stated_sek"].astype("Int64").to_numpy(),
        "Summan av delarna (kr)": v["expected_sek"].astype("Int64").to_numpy(),
        "Skillnad (kr)": v["difference_sek"].astype("Int64").to_numpy(),
        "Bedömning": [SEVERITY_LABELS.get(s, s) for s in v["severity"]],
    })


def validation_summary() -> dict[str, str]:
    from ..tables.budgets import validation_report

    v = validation_report()
    return {"n": format_number(len(v)),
            "n_rounding": format_number(int((v["severity"] == "rounding").sum())),
            "n_error": format_number(int((v["severity"] == "error").sum())),
            "max_abs": format_sek(int(v["difference_sek"].abs().max())) if len(v) else format_sek(0)}


def projects_sentence() -> str:
    """The register's projects in start order with their decided periods, as one sentence."""
    from ..narrative.phrases import count_word, names_list

    p = budgets.projects().set_index("project_id")
    order = financing.project_order(project_table=budgets.projects())
    listed = names_list([f"{project_label(pid)} ({format_date(p.at[pid, 'start_date'])} – "
                         f"{format_date(p.at[pid, 'end_date'])})" for pid in order])
    if len(order) == 1:
        return (f"De fem regionerna i Östra Mellansverige har ett gemensamt projekt för smart "
                f"specialisering i registret över beslut: {listed}.")
    return (f"De fem regionerna i Östra Mellansverige har {count_word(len(order))} gemensamma "
            f"projekt för smart specialisering i registret över beslut: {listed}. Perioderna är "
            "de beslutade.")


def project_text(project_id: str, reported: dict | None = None, today=None) -> str:
    """A project's paragraph in "Projekten och budgetarna": title, applicant, deciding region,
    period, budget, planned ERUF and the amount applied for, in the past tense for a project
    that has ended. ``reported``: the project's entry of ``period_text.period_facts()``."""
    import datetime as dt

    f = project_facts(project_id)
    p = budgets.projects().set_index("project_id").loc[project_id]
    today = today or dt.date.today()
    ended = pd.Timestamp(p["end_date"]).date() < today or reported is not None
    was = "var" if ended else "är"
    text = (f"{f['title']}. Sökande {was} {f['applicant']} och beslutet fattades av "
            f"{f['authority']}. Projektet beslutades för {f['months']} månader "
            f"({f['start']} – {f['end']}).")
    if reported:
        text += (f" Enligt regionerna avslutades det {reported['reported_end']}. "
                 f"{reported['missing_decision']}")
    text += (f" Budgeten enligt beslutet {was} {f['cost_total']}, varav {f['erdf']} "
             f"({f['erdf_share']}) planerad finansiering från Europeiska regionala "
             f"utvecklingsfonden (ERUF). Det sökta beloppet från beslutande region {was} "
             f"{f['applied']}")
    share = p["applied_share"]
    text += (f", det vill säga {f['applied_share']} av budgeten." if pd.notna(share) else ".")
    return text


def focus_sentence(focus: str) -> str:
    """The focus region's (or the five regions') part of the latest project, and of the one
    before it where there is one."""
    from ..core.params import check_focus

    focus = check_focus(focus)  # once, for both projects' sentences
    order = financing.project_order()
    latest = order[-1]
    now = focus_contribution(latest, focus)
    text = (f"I {project_label(latest)} står {now['who']} för {now['amount']}, {now['share']} av "
            "finansieringen.")
    if len(order) > 1:
        before = focus_contribution(order[-2], focus)
        text += (f" I {project_label(order[-2])} var motsvarande belopp {before['amount']} "
                 f"({before['share']}).")
    return text
