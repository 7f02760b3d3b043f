"""Figure titles wrap to fit a 390 px phone (issue 16); the browser test checks them drawn."""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.present.figures import (TITLE_LINE_CHARS, style_figure, title_lines, title_margin,
                                      wrap_title)


def test_wrap_title_breaks_between_words():
    title = "Region Västmanlands bidrag per invånare jämfört med de andra regionerna i ÖMS 2018–2020"
    wrapped = wrap_title(title)
    assert wrapped == ("Region Västmanlands bidrag per invånare<br>jämfört med de andra regionerna "
                       "i ÖMS<br>2018–2020")
    assert all(len(line) <= TITLE_LINE_CHARS for line in wrapped.split("<br>"))
    assert wrapped.replace("<br>", " ") == title


def test_wrap_title_keeps_short_titles_breaks_and_markup():
    assert wrap_title("Kort rubrik") == "Kort rubrik"
    assert wrap_title("Första<br>andra") == "Första<br>andra"
    # markup does not count towards the length
    assert wrap_title("BRP<sup>1</sup> " + "x" * 35) == "BRP<sup>1</sup> " + "x" * 35
    assert wrap_title("y" * 50) == "y" * 50  # one long word stays whole


def test_style_figure_wraps_and_makes_room_for_the_title():
    fig = style_figure(go.Figure(), title="Bidragskvot: andel av medfinansieringen mot andel av "
                                          "befolkning per region och projekt", source="SCB")
    assert title_lines(fig) == 3
    assert fig.layout.title.yanchor == "top" and fig.layout.title.x == 0
    assert fig.layout.margin.t == max(70, title_margin(fig)) == 20 + 3 * 20 + 20
    short = style_figure(go.Figure(), title="Kort", source="SCB")
    assert title_lines(short) == 1 and short.layout.margin.t == 70
