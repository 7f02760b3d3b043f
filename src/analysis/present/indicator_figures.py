"""First views of the regional indicators (notebook 02 and the method chapter); each returns a
:class:`~analysis.present.figures.Chart` whose table and alt text come from the same data as the figure.

Regions are told apart by colour and by pattern / marker, never by colour alone.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core import regions
from ..core.formatting import format_number, format_percent
from ..tables import indicators as ind
from ..tables import prices
from .figures import OTHER_COLOUR, Chart, region_colour, region_pattern, style_figure
from ..sources.catalog import needs

KPI_MONTHLY = needs("kpi_monthly")

OMS = regions.oms_county_codes()


def coverage_table() -> pd.DataFrame:
    """Regions with a value per indicator and year (all vintages pooled), Swedish headers."""
    df = ind.indicators(all_vintages=True)
    info = ind.indicator_info().set_index("indicator")
    counties = set(regions.county_codes())
    d = df[df["county_code"].isin(counties) & df["value"].notna()]
    d = d.drop_duplicates(["indicator", "county_code", "year"])
    n = d.groupby(["indicator", "year"]).size().rename("n").reset_index()
    w = n.pivot(index="indicator", columns="year", values="n").reindex(list(ind.INDICATORS))
    w = w.reindex(columns=sorted(df["year"].unique()))
    w.index = [info.loc[i, "label"] for i in w.index]
    w.index.name = "Indikator"
    w.columns = [str(c) for c in w.columns]
    return w


def coverage_chart() -> Chart:
    """Heat map: number of the 21 counties with a value, per indicator and year."""
    w = coverage_table()
    z = w.to_numpy(dtype=float)
    text = [["" if pd.isna(v) else str(int(v)) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=list(w.columns), y=list(w.index), text=text, texttemplate="%{text}",
        colorscale=[[0, "#f2f2f2"], [1, "#0072B2"]], zmin=0, zmax=21, xgap=2, ygap=2,
        colorbar={"title": {"text": "Antal län"}},
        hovertemplate="%{y}, %{x}: %{z} av 21\u00a0län<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(type="category")
    style_figure(fig, title="Vilka indikatorer finns för vilka år?",
                 source="Datakatalogen (data/catalog.yml); SCB, Eurostat, RegionFakta, Kolada, Reglab",
                 x_title="År", height=430)
    fig.update_layout(margin={"l": 330})
    table = w.reset_index()
    table[table.columns[1:]] = table[table.columns[1:]].astype("Float64")
    full = [c for c in w.columns if (w[c] == 21).sum() >= 1]
    alt = (f"Rutnät med {len(w)} indikatorer och de {len(w.columns)} år som förekommer mellan "
           f"{w.columns[0]} och {w.columns[-1]}; talet i "
           f"varje ruta är antalet av de 21 länen som har ett värde, tom ruta betyder inga "
           f"uppgifter. Minst en indikator är komplett för {len(full)} av åren.")
    return Chart(fig, table, alt, "Datakatalogen; SCB, Eurostat, RegionFakta, Kolada, Reglab",
                 "indikatortackning")


def _latest_full_year(indicator: str) -> int:
    """The latest year in which every county has a value of ``indicator`` (read from the data)."""
    d = ind.series(indicator, regions.county_codes())
    n = d.dropna(subset=["value"]).groupby("year")["county_code"].nunique()
    return int(n[n == len(regions.county_codes())].index.max())


def population_growth_chart(start_year: int | None = None, end_year: int | None = None) -> Chart:
    """Bars: population growth per county (compound % per year), ÖMS counties highlighted.
    Default years: the first and the latest year of the population table."""
    years = sorted(ind.series("population")["year"].unique())
    start_year = int(years[0]) if start_year is None else start_year
    end_year = int(years[-1]) if end_year is None else end_year
    g = ind.growth_rates("population", start_year, end_year)
    g = g[g["county_code"] != regions.OMS_CODE].sort_values("annual_growth")
    names = [regions.short_name(c) for c in g["county_code"]]
    colours = [region_colour(c) if c in OMS or c == regions.RIKET_CODE else OTHER_COLOUR
               for c in g["county_code"]]
    patterns = [region_pattern(c) if c in OMS else "" for c in g["county_code"]]
    fig = go.Figure(go.Bar(
        x=g["annual_growth"] * 100, y=names, orientation="h",
        marker={"color": colours, "pattern": {"shape": patterns},
                "line": {"color": "#222222", "width": 0.5}},
        text=[format_percent(v, 2) for v in g["annual_growth"]], textposition="outside",
        hovertemplate="%{y}: %{x:.2f}\u00a0% per år<extra></extra>", showlegend=False))
    style_figure(fig, title=f"Befolkningsökning per år {start_year}–{end_year}",
                 source="SCB BE0101 via Eurostat (folkmängd 31 december)",
                 x_title="Genomsnittlig ökning per år (%)", height=620)
    lo, hi = float(g["annual_growth"].min()) * 100, float(g["annual_growth"].max()) * 100
    fig.update_xaxes(ticksuffix=" %", range=[min(lo, 0) * 1.2 - 0.3, hi * 1.15])
    fig.update_traces(cliponaxis=False)
    table = pd.DataFrame({
        "Region": names, f"Folkmängd {start_year}": g["start_value"].to_numpy(),
        f"Folkmängd {end_year}": g["end_value"].to_numpy(),
        "Ökning per år (%)": (g["annual_growth"] * 100).round(2).to_numpy(),
        "ÖMS-län": ["ja" if c in OMS else "nej" for c in g["county_code"]],
    }).iloc[::-1].reset_index(drop=True)
    oms_g = g[g["county_code"].isin(OMS)].sort_values("annual_growth", ascending=False)
    riket = g[g["county_code"] == regions.RIKET_CODE]["annual_growth"].iloc[0]
    alt = (f"Liggande staplar för 21 län och riket, sorterade efter befolkningsökning per år "
           f"{start_year}–{end_year}. Riket: {format_percent(riket, 2)} per år. ÖMS-länen: "
           + ", ".join(f"{regions.short_name(c)} {format_percent(v, 2)}"
                       for c, v in zip(oms_g["county_code"], oms_g["annual_growth"])) + ".")
    return Chart(fig, table, alt, "SCB BE0101 via Eurostat", "befolkningsokning")


def grp_per_inhabitant_chart(year: int | None = None) -> Chart:
    """Bars: GRP per inhabitant (thousand SEK) in ``year`` (default: the latest year with every
    county) for the 21 counties and Riket where the source has it."""
    year = _latest_full_year("grp_per_inhabitant_ksek") if year is None else year
    d = ind.series("grp_per_inhabitant_ksek")
    d = d[d["year"] == year].sort_values("value")
    if d.empty:
        raise ValueError(f"BRP per invånare saknas för {year}")
    vintage = ", ".join(sorted(d["vintage"].unique()))
    names = [regions.short_name(c) for c in d["county_code"]]
    fig = go.Figure(go.Bar(
        x=d["value"], y=names, orientation="h",
        marker={"color": [region_colour(c) if c in OMS or c == regions.RIKET_CODE
                          else OTHER_COLOUR for c in d["county_code"]],
                "pattern": {"shape": [region_pattern(c) if c in OMS else ""
                                      for c in d["county_code"]]},
                "line": {"color": "#222222", "width": 0.5}},
        text=[format_number(v, 0) for v in d["value"]], textposition="outside",
        hovertemplate="%{y}: %{x}\u00a0tkr<extra></extra>", showlegend=False, cliponaxis=False))
    src = f"SCB regionalräkenskaper (årgång {vintage})"
    style_figure(fig, title=f"BRP per invånare {year}, tusen kronor", source=src,
                 x_title="Tusen kronor per invånare, löpande priser", height=620)
    riket = d[d["county_code"] == regions.RIKET_CODE]["value"]
    table = pd.DataFrame({"Region": names, "BRP per invånare (tkr)": d["value"].to_numpy(),
                          "Index, riket = 100": (d["value"] / riket.iloc[0] * 100).round(0).to_numpy()
                          if len(riket) else pd.NA,
                          "Årgång": d["vintage"].to_numpy()}).iloc[::-1].reset_index(drop=True)
    oms_d = d[d["county_code"].isin(OMS)].sort_values("value", ascending=False)
    alt = (f"Liggande staplar: BRP per invånare {year} i tusen kronor för 21 län och riket"
           + (f" (riket {format_number(riket.iloc[0], 0)} tkr)" if len(riket) else "")
           + ". ÖMS-länen: " + ", ".join(f"{regions.short_name(c)} {format_number(v, 0)}"
                                         for c, v in zip(oms_d["county_code"], oms_d["value"]))
           + " tkr.")
    return Chart(fig, table, alt, src, "brp-per-invanare")


_SECTORS = {"rd_business_per_inhabitant": ("Företag", ""),
            "rd_higher_education_per_inhabitant": ("Universitet och högskolor", "/"),
            "rd_public_per_inhabitant": ("Offentlig sektor", "x")}
_SECTOR_COLOURS = {"rd_business_per_inhabitant": "#0072B2",
                   "rd_higher_education_per_inhabitant": "#E69F00",
                   "rd_public_per_inhabitant": "#009E73"}


def rd_by_sector_chart(year: int | None = None) -> Chart:
    """Stacked bars: R&D expenditure per inhabitant by sector, ÖMS counties and ÖMS as a whole
    (default year: the latest with business R&D for every county)."""
    year = _latest_full_year("rd_business_per_inhabitant") if year is None else year
    t = ind.indicators()
    agg = ind.oms_aggregate(indicators_=list(_SECTORS))
    d = pd.concat([t[t["indicator"].isin(list(_SECTORS)) & t["county_code"].isin(OMS)], agg])
    d = d[d["year"] == year]
    codes = [*OMS, regions.OMS_CODE]
    names = [regions.short_name(c) for c in codes]
    fig = go.Figure()
    for ind_id, (label, pattern) in _SECTORS.items():
        v = d[d["indicator"] == ind_id].set_index("county_code")["value"].reindex(codes)
        fig.add_trace(go.Bar(
            x=names, y=v, name=label,
            marker={"color": _SECTOR_COLOURS[ind_id], "pattern": {"shape": pattern},
                    "line": {"color": "#222222", "width": 0.5}},
            hovertemplate="%{x}: %{y:,.0f}\u00a0kr per invånare<extra>" + label + "</extra>"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(tickformat=",.0f")
    src = "SCB FoU-statistik (UF0301) via Kolada; ÖMS befolkningsvägt (egen beräkning)"
    style_figure(fig, title=f"Utgifter för egen FoU per invånare och sektor {year}",
                 source=src, y_title="Kronor per invånare, löpande priser")
    w = d.pivot_table(index="county_code", columns="indicator", values="value",
                      dropna=False).reindex(codes)
    table = pd.DataFrame({"Region": names,
                          **{label: w[i].to_numpy() if i in w else pd.NA
                             for i, (label, _) in _SECTORS.items()}})
    table["Totalt"] = table[[lab for lab, _ in _SECTORS.values()]].sum(axis=1, min_count=3)
    top = table.iloc[:-1].sort_values("Totalt", ascending=False).iloc[0]
    alt = (f"Staplade staplar: FoU-utgifter per invånare {year} uppdelade på företag, universitet "
           f"och högskolor samt offentlig sektor för de fem ÖMS-länen och ÖMS som helhet. Högst "
           f"totalt har {top['Region']} ({format_number(top['Totalt'], 0)} kr per invånare); ÖMS "
           f"som helhet {format_number(table.iloc[-1]['Totalt'], 0)} kr.")
    return Chart(fig, table, alt, src, "fou-per-sektor",
                 notes=["Offentliga sektorns värden stämmer inte med SCB:s totaler; se dataloggen."])


def _kpi_source() -> str:
    """The KPI series' source as the catalog states it (a secondary copy is named there)."""
    from ..sources import catalog

    return str(catalog.dataset(KPI_MONTHLY)["source"])


def kpi_chart(project_start: str | None = None, project_end: str | None = None) -> Chart:
    """KPI by month with the last published month marked and the project period shaded (default:
    the latest project of the register)."""
    if project_start is None or project_end is None:
        from ..tables.budgets import projects

        p = projects().sort_values("start_date").iloc[-1]
        project_start = project_start or str(pd.Timestamp(p["start_date"]).date())
        project_end = project_end or str(pd.Timestamp(p["end_date"]).date())
        project_name = str(p["short_name"])
    else:
        project_name = "Projektet"
    base = prices.kpi_base()
    m = prices.kpi_monthly()
    m["period"] = pd.to_datetime(dict(year=m["year"], month=m["month"], day=1))
    ly, lm = prices.latest_kpi_month()
    fig = go.Figure(go.Scatter(
        x=m["period"], y=m["value"], mode="lines", name=f"KPI ({base})",
        line={"color": "#222222", "width": 2},
        hovertemplate="%{x|%Y-%m}: %{y:.2f}<extra></extra>"))
    fig.add_vrect(x0=project_start, x1=project_end, fillcolor="#CC79A7", opacity=0.15,
                  line_width=0, annotation_text=f"{project_name} löptid", annotation_position="top right")
    last = pd.Timestamp(year=ly, month=lm, day=1)
    fig.add_vline(x=last, line_dash="dot", line_color="#222222")
    fig.add_annotation(x=last, y=float(m["value"].min()), xanchor="left", yanchor="bottom",
                       text=f" KPI saknas efter {ly}-{lm:02d}", showarrow=False)
    fig.update_xaxes(range=[m["period"].min(), pd.Timestamp(project_end)])
    style_figure(fig, title=f"Konsumentprisindex (KPI, {base}) per månad",
                 source=_kpi_source(), y_title="Index")
    a = prices.kpi_annual()
    table = pd.DataFrame({"År": a["year"], "KPI årsmedel": a["value"]})
    first = m.iloc[0]
    alt = (f"Linjediagram: KPI per månad från {int(first['year'])}-{int(first['month']):02d} "
           f"({format_number(first['value'], 2)}) till {ly}-{lm:02d} "
           f"({format_number(m['value'].iloc[-1], 2)}). Efter {ly}-{lm:02d} saknas KPI, medan "
           f"{project_name} pågår till {project_end[:7]}; tabellen visar årsmedlen.")
    return Chart(fig, table, alt, "SCB PR0101", "kpi-manad")
