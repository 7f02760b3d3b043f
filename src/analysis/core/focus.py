"""The focus region as one value, made once and carried: code, level, names, member counties.

The report, a notebook or a mirror analysis is about one region: ÖMS as a whole (``SE12``, a
NUTS 2 region) or a county. What follows from that choice (the level it is compared on, its
name, the counties it covers, the codes a figure highlights) is decided here, once, when the
value is made, and read as attributes everywhere below; no module compares a focus with
``OMS_CODE`` again (``tests/unit/test_focus.py`` scans the source for that).

:class:`Focus` is a ``str`` subclass: it *is* its code (``Focus == "03"``, a dict key, a
pandas filter, a file name, ``repr`` ``'03'``), so notebooks, tests and functions that pass a
plain code keep working. It is made only by the checking doors in :mod:`.params`
(:func:`.params.normalize_focus` for a typed value, :func:`.params.check_focus` for an ÖMS code,
:func:`.params.region_focus` for any region the mirror compares); each returns a ``Focus`` it is
given unchanged, without checking it again.
"""

from __future__ import annotations

from enum import Enum

from . import regions
from .regions import OMS_CODE, RIKET_CODE


class Level(str, Enum):
    """The level a region is compared on, as data (never display text).

    A ``str`` enum, so ``Level.NUTS2 == "nuts2"``: the values results already carried."""

    COUNTY = "county"
    NUTS2 = "nuts2"
    COUNTRY = "country"


class Focus(str):
    """A checked region code with what follows from it. Immutable.

    Attributes: ``code`` (the plain string), ``level`` (:class:`Level`), ``name``
    (``'Östra Mellansverige'``, ``'Uppsala län'``), ``short_name`` (``'ÖMS'``, ``'Uppsala'``),
    ``counties`` (the counties it covers: the five ÖMS counties for ``SE12``, the county itself
    for a county), ``highlight`` (the codes a figure or table marks: the focus and its counties),
    ``is_oms`` (``SE12``, ÖMS as a whole) and ``in_oms`` (``SE12`` or one of its counties: a
    focus the report can be rendered for).
    """

    code: str
    level: Level
    name: str
    short_name: str
    counties: tuple[str, ...]
    highlight: tuple[str, ...]
    in_oms: bool

    def __new__(cls, code: str, level: Level, name: str, short_name: str,
                counties: tuple[str, ...], in_oms: bool) -> Focus:
        self = super().__new__(cls, code)
        code = str.__str__(self)
        level = Level(level)
        highlight = tuple(dict.fromkeys((code, *counties))) if level is Level.NUTS2 else (code,)
        self.__dict__.update(code=code, level=level, name=name, short_name=short_name,
                             counties=tuple(counties), highlight=highlight, in_oms=bool(in_oms))
        return self

    def __setattr__(self, name, value):
        raise AttributeError(f"Focus är oföränderlig (försökte sätta {name!r})")

    def __delattr__(self, name):
        raise AttributeError(f"Focus är oföränderlig (försökte ta bort {name!r})")

    def __reduce__(self):
        return (Focus, (self.code, self.level, self.name, self.short_name, self.counties,
                        self.in_oms))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    @property
    def is_oms(self) -> bool:
        """ÖMS as a whole (``SE12``)."""
        return self.code == OMS_CODE

    @property
    def is_county(self) -> bool:
        """A county (compared among the 21 counties; its own findings lead)."""
        return self.level is Level.COUNTY

    @property
    def is_nuts2(self) -> bool:
        """Compared among Sweden's NUTS 2 regions (like with like), not among the counties."""
        return self.level is Level.NUTS2


def build_focus(code: str) -> Focus:
    """The :class:`Focus` for ``code``, which the caller has checked already (:mod:`.params`).

    Not a door: it does not check. ``SE12`` and the other NUTS 2 codes are :data:`Level.NUTS2`,
    ``00`` (Riket) :data:`Level.COUNTRY`, anything else a county."""
    code = str(code)
    oms_counties = regions.oms_county_codes()
    if code == RIKET_CODE:
        level, counties = Level.COUNTRY, tuple(regions.county_codes())
    elif code == OMS_CODE:
        level, counties = Level.NUTS2, tuple(oms_counties)
    elif code in regions.nuts2_codes():
        c = regions.counties()
        level, counties = Level.NUTS2, tuple(c.loc[c["nuts2_code"] == code, "county_code"])
    else:
        level, counties = Level.COUNTY, (code,)
    return Focus(code, level, regions.county_name(code), regions.short_name(code), counties,
                 code == OMS_CODE or code in oms_counties)
