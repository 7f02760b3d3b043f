"""A choropleth of Sweden's counties for any indicator, drawn fully offline.

The county polygons come from the catalog's ``sweden_counties_geo`` (SCB Digitala gränser,
simplified). Plotly's geo subplots (``go.Choropleth``) always fetch a base-map topojson from
cdn.plot.ly, even with the base map hidden; that fails without network (static export for PDF
stops with "error while fetching topojson"). So the map is drawn as filled polygons on plain
axes in a Mercator projection: no map tiles, no topojson, no network. The ÖMS counties are
outlined with a thick line, and every county carries its rank as a text label, so neither
membership nor position rests on colour alone.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..analyses import mirror
from ..core import regions
from ..core.errors import ParameterError
from ..core.formatting import format_number
from ..core.params import check_region
from .figures import Chart, style_figure, title_margin
from ..sources.catalog import needs

COUNTIES_GEO = needs("sweden_counties_geo")

# Each feature is matched on its ``properties.county_code`` (the SCB county code).
KEY_PROPERTY = "county_code"
# Sequential, colour-vision-safe and printable in greyscale.
COLOUR_SCALE = "Cividis"


@lru_cache(maxsize=1)
def _geojson() -> dict:
    from ..tables.load import load

    return load(COUNTIES_GEO)


def counties_geojson() -> dict:
    """The county polygons as GeoJSON (the caller's own copy)."""
    import copy

    return copy.deepcopy(_geojson())


def _label_points(geo: dict) -> pd.DataFrame:
    """A point inside each county for its text label: the vertex mean of its largest ring."""
    rows = []
    for feature in geo["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        ring = max((p[0] for p in polygons), key=len)
        lon, lat = np.asarray(ring, dtype=float).mean(axis=0)
        rows.append({"county_code": feature["properties"][KEY_PROPERTY], "lon": lon, "lat": lat})
    return pd.DataFrame(rows)


def _text_colour(rgb: str) -> str:
    """Black or white, whichever reads better on the fill ('rgb(r, g, b)')."""
    r, g, b = (float(v) for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(","))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


def _mercator(lon, lat):
    lat = np.clip(np.asarray(lat, dtype=float), -85, 85)
    return np.asarray(lon, dtype=float), np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def _outline_xy(feature: dict) -> tuple[list, list]:
    """Exterior rings of a (Multi)Polygon as one x/y list with ``None`` between the parts."""
    geom = feature["geometry"]
    polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    xs, ys = [], []
    for polygon in polygons:
        ring = np.asarray(polygon[0], dtype=float)
        x, y = _mercator(ring[:, 0], ring[:, 1])
        # Three decimals (about 100 m) is far below what a county map shows; keeps pages small.
        xs += [*np.round(x, 3).tolist(), None]
        ys += [*np.round(y, 3).tolist(), None]
    return xs, ys


def choropleth_chart(indicator: str, year: int | None = None, data: pd.DataFrame | None = None,
                     outline: list[str] | None = None, title: str | None = None) -> Chart:
    """Map of one indicator for the 21 counties; ``outline`` (default the ÖMS counties) in bold.

    ``year`` defaults to the latest year with values for all 21 counties.
    """
    from plotly.colors import sample_colorscale

    from .mirror_figures import format_value

    cs = mirror.cross_section(indicator, year, data)
    cs = cs[cs["county_code"].isin(regions.county_codes())].reset_index(drop=True)
    geo = _geojson()
    features = {f["properties"][KEY_PROPERTY]: f for f in geo["features"]}
    missing = sorted(set(cs["county_code"]) - set(features))
    if missing:
        raise ParameterError(f"Kartan saknar län: {', '.join(missing)}.")
    outline = regions.oms_county_codes() if outline is None else [
        check_region(c, allow_aggregates=False) for c in outline]
    label = mirror.indicator_label(indicator)
    period, unit = cs["period"].iloc[0], cs["unit"].iloc[0]
    lo, hi = float(cs["value"].min()), float(cs["value"].max())
    scaled = (cs["value"] - lo) / (hi - lo) if hi > lo else cs["value"] * 0 + 0.5
    colours = sample_colorscale(COLOUR_SCALE, scaled.tolist())
    fig = go.Figure()
    for (_, row), colour in zip(cs.iterrows(), colours):
        xs, ys = _outline_xy(features[row["county_code"]])
        text = (f"{row['region']}: {format_value(row['value'], indicator)} "
                f"(plats {int(row['rank'])} av {int(row['n_counties'])})")
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines",
                                 line={"color": "#FFFFFF", "width": 0.6}, hoveron="fills",
                                 text=text, hoverinfo="text", showlegend=False,
                                 name=row["region"]))
    for i, code in enumerate(outline):
        xs, ys = _outline_xy(features[code])
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#000000", "width": 2.6},
                                 hoverinfo="skip", name="ÖMS-län (tjock svart kant)",
                                 legendgroup="outline", showlegend=i == 0))
    fill_of = dict(zip(cs["county_code"], colours))
    points = _label_points(geo).merge(cs[["county_code", "rank"]], on="county_code")
    px, py = _mercator(points["lon"], points["lat"])
    fig.add_trace(go.Scatter(x=px, y=py, mode="text", text=[str(int(r)) for r in points["rank"]],
                             textfont={"size": 12, "color": [_text_colour(fill_of[c])
                                                             for c in points["county_code"]]},
                             hoverinfo="skip", showlegend=False))
    # An invisible marker trace carries the colour bar.
    fig.add_trace(go.Scatter(x=[px[0]], y=[py[0]], mode="markers", hoverinfo="skip",
                             showlegend=False, marker={
                                 "color": [lo], "cmin": lo, "cmax": hi, "colorscale": COLOUR_SCALE,
                                 "opacity": 0, "showscale": True,
                                 "colorbar": {"title": {"text": unit}, "len": 0.7,
                                              "tickformat": ",.0f"}}))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    # The county rows' own source (cross_section joins in the ÖMS aggregate's note too).
    source = "; ".join(s for s in str(cs["source"].iloc[0]).split("; ") if not s.startswith("beräknad"))
    style_figure(fig, title=title or f"{label} per län ({period})",
                 source=f"{source}; länsgränser SCB (Digitala gränser)", height=760)
    fig.update_layout(margin={"l": 10, "r": 10, "t": title_margin(fig, 10), "b": 90}, plot_bgcolor="#FFFFFF",
                      legend={"x": 0, "y": 1, "bgcolor": "rgba(255,255,255,0.8)"})
    fig.layout.annotations[-1].update(y=-0.07)
    fig.add_annotation(text="Siffran i länet = plats bland de 21 länen (1 = högst). "
                            "Tjock svart kant = ÖMS-län.",
                       showarrow=False, xref="paper", yref="paper", x=0, y=-0.02,
                       xanchor="left", yanchor="top", font={"size": 11})
    columns = {
        "Län": cs["region"], "ÖMS": ["ja" if c in outline else "nej" for c in cs["county_code"]],
        "Värde": [format_value(v, indicator) for v in cs["value"]],
        "Plats": cs["rank"].astype(int), "Percentil": [format_number(p, 0) for p in cs["percentile"]],
    }
    order = cs["rank"].astype(int).to_numpy().argsort(kind="mergesort")
    table = pd.DataFrame(columns).iloc[order].reset_index(drop=True)
    raw = pd.DataFrame({**columns, "Värde": cs["value"].to_numpy(dtype=float),
                        "Percentil": cs["percentile"].to_numpy(dtype=float)}
                       ).iloc[order].reset_index(drop=True)
    top, bottom = table.iloc[0], table.iloc[-1]
    codes = dict(zip(cs["region"], cs["county_code"]))
    oms = table[table["ÖMS"] == "ja"]
    alt = (f"Karta över Sveriges 21 län: {mirror.label_in_sentence(indicator)} "
           f"{period}. Högst {top['Län']} ({top['Värde']}), lägst {bottom['Län']} "
           f"({bottom['Värde']}). ÖMS-länen har plats "
           + ", ".join(f"{int(p)} ({regions.short_name(codes[n])})" for p, n in
                       zip(oms["Plats"], oms["Län"])) + ".")
    return Chart(fig, table, alt, source, f"karta-{indicator}", raw=raw)
