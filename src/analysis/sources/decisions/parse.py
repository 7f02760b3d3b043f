"""One decision document parsed: metadata, targets and both budget tables, with line numbers."""

from __future__ import annotations

from pathlib import Path

from ...core.errors import DataError
from .amounts import _to_int
from .metadata import (_APPLICATION, _CAP, _DNR, _FIXED, _MEETING, _SHARE, _date, _Flow, _targets,
                       _title)
from .model import Decision
from .tables import parse_tables
from .text import _norm, page_header_lines, read_lines


def parse_decision(path: str | Path) -> Decision:
    """Parse one decision document (see the module docstring). Raises DataError on bad input."""
    path = Path(path)
    lines = read_lines(path)
    skip = page_header_lines(lines)
    tables = parse_tables(lines, path, skip)
    flow = _Flow(lines, skip)
    title, title_line = _title(lines, skip, path)

    m = _APPLICATION.search(flow.text)
    if m is None:
        raise DataError(path, None,
                        "hittar inte meningen '<sökande> ansöker om <belopp> för projekt <namn> under perioden "
                        "<start>—<slut>'")
    applied_line = flow.line_at(m.start("what"))
    period_line = flow.line_at(m.start("start"))
    start = _date(m["start"], path, period_line)
    end = _date(m["end"], path, flow.line_at(m.start("end")))
    if end < start:
        raise DataError(path, period_line, f"projektperioden slutar ({end}) före start ({start})")
    what = m["what"]
    share = _SHARE.search(what)
    cap = _CAP.search(what)
    fixed = _FIXED.match(what)
    if share and cap:
        applied, applied_share = _to_int(cap["cap"]), float(share["share"].replace(",", ".")) / 100
    elif fixed:
        applied, applied_share = _to_int(fixed["amount"]), None
    else:
        raise DataError(path, applied_line, f"kan inte läsa det sökta beloppet i {what!r}")
    # the applicant: what stands before "ansöker om" on its line (or on the line before,
    # if the name was wrapped or stands alone)
    line_no = flow.line_at(m.start())
    applicant = flow.text[flow.line_start(line_no):m.start()].strip()
    if not applicant or applicant[0].islower():
        prev = flow.previous_line(line_no)
        if prev is not None:
            applicant = flow.text[flow.line_start(prev):m.start()].strip()
    if not applicant:
        raise DataError(path, line_no, "hittar inte sökanden före 'ansöker om'")

    dnr = dnr_line = None
    for n, text in enumerate(lines, start=1):
        hit = _DNR.search(text)
        if hit:
            if dnr is None:
                dnr, dnr_line = hit["dnr"], n
            elif hit["dnr"] != dnr:
                raise DataError(path, n, f"motstridiga diarienummer: {dnr} (rad {dnr_line}) och {hit['dnr']}")
    meeting = meeting_line = None
    raw_flow = _Flow(lines, frozenset())
    for hit in _MEETING.finditer(raw_flow.text):
        n = raw_flow.line_at(hit.start("date"))
        d = _date(hit["date"], path, n)
        if meeting is None:
            meeting, meeting_line = d, n
        elif d != meeting:
            raise DataError(path, n, f"motstridiga datum för Projektforum: {meeting} (rad {meeting_line}) och {d}")

    layouts = {tables["cost"].layout, tables["financing"].layout}
    return Decision(
        path=path, title=title, title_line=title_line, applicant=applicant,
        applied_amount_sek=applied, applied_share=applied_share, applied_line=applied_line,
        project_name=_norm(m["name"]), start_date=start, end_date=end, period_line=period_line,
        dnr=dnr, dnr_line=dnr_line, meeting_date=meeting, meeting_line=meeting_line,
        targets=_targets(lines, skip), cost=tables["cost"], financing=tables["financing"],
        layout=layouts.pop() if len(layouts) == 1 else "mixed", skipped_lines=skip,
    )
