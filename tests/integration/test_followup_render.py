"""Issue a report, edit the assessment, render again: the first page's "Sedan förra rapporten"
shows exactly those changes, in the preview and in the Markdown Quarto receives; rendering never
writes a record."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, timedelta

import pytest

from analysis.core import paths
from analysis.pipeline import cli, report
from analysis.tables import assessment as asm
from approved_text import approved, in_order


def _set(path, item, **values) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    header, out = None, []
    for line in lines:
        if line.startswith("#") or not line.strip():
            out.append(line)
            continue
        row = next(csv.reader([line]))
        if header is None:
            header = row
        elif row[0] == item:
            for k, v in values.items():
                row[header.index(k)] = v
            buf = io.StringIO()
            csv.writer(buf, lineterminator="").writerow(row)
            line = buf.getvalue()
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _section(nb) -> str:
    """The Markdown of the section's body (the cell that calls since_last_report)."""
    for c in nb.cells:
        for o in c.get("outputs", []):
            assert o.get("output_type") != "error", o
            md = str(o.get("data", {}).get("text/markdown", ""))
            if "Jämfört med rapporten till mötet" in md or "Första rapporten" in md:
                return md
    raise AssertionError("the section is not on the first page")


@pytest.mark.parametrize("mode", ["preview", "quarto"])
def test_issue_edit_render_shows_exactly_the_changes(tmp_path, monkeypatch, mode):
    today = date.today()
    if not date(2024, 2, 1) <= today <= date(2027, 10, 31):
        pytest.skip("the dates below must fall inside REAL ÖMS's period")
    assess, issued = tmp_path / "assessment", tmp_path / "issued"
    shutil.copytree(paths.DATA / "assessment", assess)
    monkeypatch.setenv("OMS_ASSESSMENT_DIR", str(assess))
    monkeypatch.setenv("OMS_ISSUED_DIR", str(issued))
    asm._assessments_cached.cache_clear()
    meeting = today - timedelta(days=60)
    rated = meeting - timedelta(days=5)
    real = assess / "REAL_OMS.csv"
    _set(real, "REAL_OMS-OM", rating="3", evidence="Lägesrapport", source="Protokoll",
         date=rated.isoformat())
    assert cli.main(["utge", "--mote", meeting.isoformat(), "--av", "Eva Utvärderare"]) == 0
    record = issued / f"{meeting.isoformat()}_SE12.json"
    assert [p.name for p in issued.iterdir()] == [record.name]
    # after the meeting: one rating changed, one new rating of 2 with an action now past its date
    _set(real, "REAL_OMS-OM", rating="4", date=(rated + timedelta(days=1)).isoformat())
    _set(real, "REAL_OMS-D1", rating="2", evidence="Inte förankrat", source="Intervjuer",
         date=(rated + timedelta(days=1)).isoformat(), action="Förankringsmöten i två län",
         responsible="Projektledaren", due=(today - timedelta(days=10)).isoformat())
    before = record.read_bytes()
    out = _section(report.execute_chapter(paths.REPORT / "index.qmd", {"focus": "SE12"}, mode=mode))
    plain = out.replace("\\", "")
    assert plain.startswith(approved("index", "compared_with", date=meeting.isoformat(), issued_by="Eva Utvärderare"))
    headings = [line[2:].split(" (")[0] for line in plain.splitlines() if line.startswith("- ")]
    assert headings == ["Nya betyg", "Ändrade betyg", "Nya svaga områden",
                        "Nya åtgärder i handlingsplanen",
                        "Åtgärder vars tidpunkt har passerat utan uppföljning"]
    assert in_order(plain, "4 – uppnått", "förut", "3 – till stor del uppnått")
    assert in_order(plain, "Förankringsmöten i två län", "Projektledaren")
    # rendering wrote nothing: the one record, unchanged
    assert [p.name for p in issued.iterdir()] == [record.name] and record.read_bytes() == before
