"""House style shared by every figure: region colours, Swedish number format, source line.

Every figure factory in the package returns a :class:`Chart`: the plotly figure together with
the table behind it, a Swedish alt text and the source line, so that the report can always show
the data as a table (WCAG: colour is never the only carrier of meaning, and every chart has a
text alternative).
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core.formatting import NBSP, _is_missing, format_number, format_percent, format_sek
from ..core.regions import OMS_CODE, RIKET_CODE
from .table_records import ColumnNumbers, excel_format, register

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
# One colour per region, the same in every figure.
REGION_COLOURS: dict[str, str] = {
    "03": "#0072B2",  # Uppsala – blue
    "04": "#E69F00",  # Sörmland – orange
    "05": "#009E73",  # Östergötland – bluish green
    "18": "#CC79A7",  # Örebro – reddish purple
    "19": "#D55E00",  # Västmanland – vermillion
    "08": "#56B4E9",  # Kalmar (peer) – sky blue
    OMS_CODE: "#000000",
    RIKET_CODE: "#7F7F7F",
}
OTHER_COLOUR = "#BBBBBB"

# A second, non-colour carrier of identity: bar patterns and line markers per region.
REGION_PATTERNS: dict[str, str] = {"03": "", "04": "/", "05": "\\", "18": "x", "19": ".",
                                   "08": "-", OMS_CODE: "+", RIKET_CODE: "|"}
REGION_SYMBOLS: dict[str, str] = {"03": "circle", "04": "square", "05": "diamond",
                                  "18": "triangle-up", "19": "triangle-down", "08": "star",
                                  OMS_CODE: "x", RIKET_CODE: "cross"}
REGION_DASHES: dict[str, str] = {"03": "solid", "04": "dash", "05": "dot", "18": "dashdot",
                                 "19": "longdash", "08": "longdashdot", OMS_CODE: "solid",
                                 RIKET_CODE: "dot"}

FONT_FAMILY = "Arial, Helvetica, sans-serif"
# plotly's layout.separators: first the decimal mark, then the thousands separator, which is
# the non-breaking space of analysis.core.formatting so tick and hover labels never wrap.
SWEDISH_SEPARATORS = "," + NBSP


def region_colour(code: str) -> str:
    return REGION_COLOURS.get(code, OTHER_COLOUR)


def region_pattern(code: str) -> str:
    return REGION_PATTERNS.get(code, "")


def region_symbol(code: str) -> str:
    return REGION_SYMBOLS.get(code, "circle")


def region_dash(code: str) -> str:
    return REGION_DASHES.get(code, "solid")


# A figure's title is wrapped so that each line fits a 390 px phone's column (the plot itself
# keeps its design width there and scrolls sideways, but its title should be read without
# scrolling): at most TITLE_LINE_CHARS characters a line, in TITLE_FONT_PX type.
TITLE_LINE_CHARS = 40
TITLE_FONT_PX = 15
TITLE_LINE_PX = 20  # plotly's line height for TITLE_FONT_PX type, with some air
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def wrap_title(title: str, width: int = TITLE_LINE_CHARS) -> str:
    """``title`` with ``<br>`` between words so that no line is longer than ``width`` visible
    characters (markup such as ``<sup>`` does not count); a single longer word stays whole.
    Breaks already in the title are kept."""
    lines: list[str] = []
    for part in _BREAK.split(title):
        line = ""
        for word in part.split():
            candidate = f"{line} {word}" if line else word
            if line and len(_TAG.sub("", candidate)) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return "<br>".join(lines)


def title_lines(fig: go.Figure) -> int:
    """How many lines the figure's title has (0 without a title)."""
    text = fig.layout.title.text
    return len(_BREAK.split(text)) if text else 0


def title_margin(fig: go.Figure, below: int = 20) -> int:
    """Top margin that holds the wrapped title and ``below`` pixels more (a legend above the
    plot, say): figures that set their own top margin add to this, never less."""
    return 20 + TITLE_LINE_PX * title_lines(fig) + below


def style_figure(fig: go.Figure, *, title: str, source: str, x_title: str | None = None,
                 y_title: str | None = None, height: int = 450) -> go.Figure:
    """Apply the house style: Swedish separators, title, axis titles and a source line below.
    The title is wrapped to fit a phone (:func:`wrap_title`) and stands at the top, the top
    margin growing with its lines."""
    fig.update_layout(
        title={"text": wrap_title(title), "x": 0, "xanchor": "left", "xref": "container",
               "y": 1, "yanchor": "top", "yref": "container", "pad": {"t": 16, "l": 8},
               "font": {"size": TITLE_FONT_PX}},
        separators=SWEDISH_SEPARATORS,
        font={"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        template="plotly_white",
        height=height,
        legend={"title": {"text": ""}},
    )
    fig.update_layout(margin={"l": 70, "r": 30, "t": max(70, title_margin(fig)), "b": 110})
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    fig.add_annotation(
        text=f"Källa: {source}", showarrow=False, xref="paper", yref="paper",
        x=0, y=-0.22, xanchor="left", yanchor="top", align="left",
        font={"size": 11, "color": "#444444"},
    )
    return fig


# A figure's numbers are what a reader sees (hover labels, bar lengths), so they are stored at
# a precision far above what is shown but far below the last bits of a float64. The last bits
# depend on the processor: numpy picks SIMD code paths (AVX2, AVX-512) at run time, and powers
# and reductions may then differ in the 14th significant digit, which would make the stored
# notebook outputs (and nbval) depend on the machine that wrote them.
FIGURE_SIGNIFICANT_DIGITS = 8
# ... but never fewer decimals than this, so large non-integral values keep their visible digits.
FIGURE_MIN_DECIMALS = 2


def round_for_figure(value: float) -> float:
    """``value`` rounded to what a figure can show, the same on every processor.

    Integral values (kronor, inhabitants) are kept exactly. The rounding goes through Python's
    correctly rounded decimal conversion, not numpy's ``log10``/``round``, whose own SIMD paths
    could differ between processors.
    """
    if not math.isfinite(value) or float(value).is_integer():
        return value
    mantissa_exponent = f"{value:.{FIGURE_SIGNIFICANT_DIGITS - 1}e}"
    exponent = int(mantissa_exponent.rsplit("e", 1)[1])
    if FIGURE_SIGNIFICANT_DIGITS - 1 - exponent < FIGURE_MIN_DECIMALS:
        return round(float(value), FIGURE_MIN_DECIMALS)
    return float(mantissa_exponent)


def _decoded(spec: dict) -> np.ndarray:
    """A plotly typed array (``{"dtype": "f8", "bdata": base64, "shape": "3, 2"}``) as numpy."""
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    if "shape" in spec:
        values = values.reshape([int(n) for n in str(spec["shape"]).split(",")])
    return values


def _rounded(obj):
    """The figure's JSON structure with every float rounded by :func:`round_for_figure`."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:  # plotly ≥ 6 stores numpy arrays base64-encoded
            return _rounded(_decoded(obj))
        return {key: _rounded(val) for key, val in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_rounded(val) for val in obj)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f":
            return np.array([round_for_figure(float(v)) for v in obj.ravel()],
                            dtype=obj.dtype).reshape(obj.shape)
        if obj.dtype.kind == "O":
            return np.array([_rounded(v) for v in obj.ravel()], dtype=object).reshape(obj.shape)
        return obj
    if isinstance(obj, (float, np.floating)) and not isinstance(obj, bool):
        return round_for_figure(float(obj))
    return obj


def rounded_figure(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` whose numbers are rounded for display (see FIGURE_SIGNIFICANT_DIGITS)."""
    return go.Figure(_rounded(fig.to_plotly_json()), skip_invalid=False)


def rounded_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every float rounded by :func:`round_for_figure`."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = [round_for_figure(float(v)) for v in out[col]]
    return out


@dataclass(frozen=True)
class Shown:
    """A column a reader sees formatted, with its raw numbers kept for the data files."""

    values: Sequence
    fmt: Callable[[float], str]
    scale: float = 1.0  # raw value = value * scale (a share 0.12 is written as 12.0 %)
    unit: str = ""      # added to the raw column's header: "Bidrag (kr)"
    decimals: int | None = None  # shown decimals of the raw value: the data files round to them
    excel: str = ""     # the workbook's number format for ``values`` (table_records.excel_format)
    # Text that shows more than one number ("5 av 21", "−0,60 till +0,03"): the shown texts,
    # and the numbers as separate columns (header, Shown) for the data files and the workbook.
    texts: Sequence | None = None
    parts: tuple = ()


def sek(values, decimals: int = 0, *, signed: bool = False) -> Shown:
    return Shown(values, lambda v: format_sek(v, decimals, signed=signed), unit="kr",
                 decimals=decimals, excel=excel_format("sek", decimals, signed=signed))


def percent(values, decimals: int = 1, *, signed: bool = False) -> Shown:
    return Shown(values, lambda v: format_percent(v, decimals, signed=signed), 100.0, "%",
                 decimals=decimals, excel=excel_format("percent", decimals, signed=signed))


def number(values, decimals: int = 0, *, signed: bool = False) -> Shown:
    return Shown(values, lambda v: format_number(v, decimals, signed=signed), decimals=decimals,
                 excel=excel_format("number", decimals, signed=signed))


def rank(ranks, of, *, of_header: str, header: str) -> Shown:
    """A rank shown as "5 av 21", kept as two whole numbers (the rank and ``of_header``)."""
    ranks, of = list(ranks), list(of)
    texts = ["–" if _is_missing(r) else f"{int(r)} av {int(n)}" for r, n in zip(ranks, of)]
    whole = lambda v: format_number(v, 0)  # noqa: E731
    return Shown(ranks, whole, decimals=0, excel=excel_format("integer"), texts=texts,
                 parts=((header, Shown(ranks, whole, decimals=0, excel=excel_format("integer"))),
                        (of_header, Shown(of, whole, decimals=0, excel=excel_format("integer")))))


def interval(low, high, decimals: int = 2, *, header: str, signed: bool = True) -> Shown:
    """An interval shown as "−0,60 till +0,03", kept as its two bounds (numbers)."""
    low, high = list(low), list(high)
    texts = [f"{format_number(lo, decimals, signed=signed)} till "
             f"{format_number(hi, decimals, signed=signed)}" for lo, hi in zip(low, high)]
    return Shown(low, lambda v: format_number(v, decimals, signed=signed), texts=texts,
                 parts=((f"{header}, nedre gräns", number(low, decimals, signed=signed)),
                        (f"{header}, övre gräns", number(high, decimals, signed=signed))))


def _raw_value(v, col: Shown) -> float:
    if _is_missing(v):
        return np.nan
    value = float(v) * col.scale
    return round(value, col.decimals) if col.decimals is not None else value


def _raw_header(header: str, unit: str) -> str:
    return header if not unit or unit in header else f"{header} ({unit})"


def chart_tables(columns: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table a reader sees and its raw twin for the CSV and the workbook.

    ``columns`` maps a Swedish header to a column as is (text, labels) or to a :class:`Shown`
    (``sek(...)``, ``percent(...)``, ``number(...)``): formatted in the first frame, a plain
    float in the second, so no data file ever has to parse "1 500 kr" or "−0,39" back.
    """
    shown, raw, numbers = {}, {}, {}
    for header, col in columns.items():
        if isinstance(col, Shown):
            index = col.values.index if isinstance(col.values, pd.Series) else None
            values = list(col.values)
            texts = list(col.texts) if col.texts is not None else [col.fmt(v) for v in values]
            shown[header] = pd.Series(texts, index=index, dtype=object)
            parts = col.parts or ((header, col),)
            for part_header, part in parts:
                raw[_raw_header(part_header, part.unit)] = pd.Series(
                    [_raw_value(v, part) for v in part.values], index=index, dtype=float)
            numbers[header] = ColumnNumbers(
                [None if _is_missing(v) else float(v) for v in values],
                col.excel or excel_format("number", col.decimals or 0),
                tuple((h, [None if _is_missing(v) else float(v) for v in p.values],
                       p.excel or excel_format("number", p.decimals or 0))
                      for h, p in col.parts))
        else:
            shown[header] = raw[header] = col
    shown_frame = pd.DataFrame(shown)
    # the workbook takes the numbers behind the formatted columns (one set of values)
    register(shown_frame, numbers)
    return shown_frame, pd.DataFrame(raw)


@dataclass
class Chart:
    """A figure with the table behind it, its alt text and its source.

    The figure's numbers are rounded on creation (:func:`rounded_figure`), so every output made
    from it (HTML, plotly JSON, PNG) is the same on every processor.
    """

    figure: go.Figure
    data: pd.DataFrame
    alt: str
    source: str
    name: str = "figur"
    notes: list[str] = field(default_factory=list)
    # The same table with raw numbers (floats, headers naming the unit) for the CSV download
    # and the workbook; None where ``data`` itself holds numbers, not formatted text.
    raw: pd.DataFrame | None = None
    # False: the PDF shows the figure without its data table (page one's overview must fit on
    # one page; the alt text carries the counts, the web page and the workbook the table)
    pdf_table: bool = True
    # the image's width in the PDF, percent of the text column (None: as wide as fits the page)
    pdf_width: int | None = None

    def __post_init__(self):
        self.figure = rounded_figure(self.figure)
        if self.raw is not None:  # the CSV in the page, too, is the same on every processor
            self.raw = rounded_frame(self.raw)

    @property
    def numbers(self) -> pd.DataFrame:
        """The table behind the chart as numbers: ``raw`` if given, else ``data``."""
        return self.data if self.raw is None else self.raw

    def _repr_mimebundle_(self, include=None, exclude=None):
        # Rendering lives in analysis.display (offline plotly, static image, table).
        from .display import chart_mimebundle

        return chart_mimebundle(self)
