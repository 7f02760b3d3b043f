"""Small pieces of Swedish the findings modules share: counts in words, lists of names, and the
collector that ranks findings (``rank, key, topic, text, value, county_code``)."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_number

# Common gender ("en region", "två mål"); neuter counts ("ett län") are the mirror text's own.
_WORDS = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta",
          9: "nio", 10: "tio", 11: "elva", 12: "tolv"}


def count_word(n: int) -> str:
    """``2 -> 'två'``; from 13 on, the number."""
    return _WORDS.get(int(n), format_number(n))


def names_list(names) -> str:
    """``'A'``, ``'A och B'``, ``'A, B och C'``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


class Collector:
    """Findings as they are written, ranked at the end."""

    def __init__(self):
        self.rows: list[dict] = []

    def add(self, key: str, topic: str, priority: int, text: str, value=None,
            region: str | None = None):
        self.rows.append({"key": key, "topic": topic, "priority": priority, "text": text,
                          "value": value, "county_code": region})

    def ranked(self) -> pd.DataFrame:
        """The findings most important first (priority, then key), numbered from 1."""
        out = pd.DataFrame(self.rows).sort_values(["priority", "key"], kind="stable")
        out.insert(0, "rank", range(1, len(out) + 1))
        return out.drop(columns="priority").reset_index(drop=True)
