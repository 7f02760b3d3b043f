"""CLI ``python -m analysis utge --mote ÅÅÅÅ-MM-DD --av "Namn" [--fokus 03]``: issue a report.

Marks the report as issued for a steering-group meeting and writes the record of what it said
(:mod:`analysis.analyses.followup`) to ``data/issued/<möte>_<fokus>.json``. Nothing else writes
records: rendering the book or the preview never does. A record is written once (atomically,
never over an existing file) and never changed; the next report's "Sedan förra rapporten" is
compared with it.

Refused, each with a Swedish message and nothing written: a second record for the same focus and
meeting date, a meeting date before the latest record's for the same focus, a clock that reads
earlier than the latest record's issue time (a clock set back), an edited, renamed or missing
record in the folder, and an assessment file with errors.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

from ..analyses import followup as fu
from ..core.errors import DataError, ParameterError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class IssueRefused(ValueError):
    """Issuing is refused (the message is Swedish and says why and what to do)."""


def add_arguments(parser) -> None:
    parser.add_argument("--mote", required=True, metavar="ÅÅÅÅ-MM-DD",
                        help="mötesdagen som rapporten ges ut till")
    parser.add_argument("--av", required=True, metavar="NAMN", help="vem som ger ut rapporten")
    parser.add_argument("--fokus", default="SE12",
                        help="fokusregion: SE12 (ÖMS, standard), 03, 04, 05, 18 eller 19")
    parser.add_argument("--mapp", type=Path, default=None,
                        help="mappen för posterna (standard: data/issued)")


def _meeting(value: str) -> date:
    if not _DATE.match(value or ""):
        raise ParameterError(f"Mötesdagen {value!r} ska skrivas ÅÅÅÅ-MM-DD, till exempel 2027-02-15.")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ParameterError(f"Mötesdagen {value!r} finns inte i kalendern.") from None


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def check_issue(records: list[fu.Record], focus: str, meeting: date, now: datetime) -> None:
    """Raise :class:`IssueRefused` where a record for ``focus`` and ``meeting`` issued ``now``
    would break the history (see the module's description)."""
    same = [r for r in records if r.focus == focus]
    for r in same:
        if r.meeting == meeting:
            raise IssueRefused(
                f"Rapporten till mötet {meeting} med fokus {focus} är redan utgiven ({r.name}, av "
                f"{r.issued_by}, {r.issued_at}). En utgiven rapports post ändras aldrig och skrivs "
                "inte över. Gäller det ett annat möte samma vecka, ange dess dag.")
    later = [r for r in same if r.meeting > meeting]
    if later:
        last = max(later, key=lambda r: r.meeting)
        raise IssueRefused(
            f"Mötet {meeting} ligger före mötet {last.meeting} som redan har en utgiven rapport "
            f"med fokus {focus} ({last.name}). Rapporter ges ut i mötenas ordning; en tidigare "
            "rapport kan inte läggas in efteråt.")
    if records:
        latest = max(records, key=lambda r: r.issued_at)
        if now < datetime.fromisoformat(latest.issued_at):
            raise IssueRefused(
                f"Datorns klocka visar {now.isoformat()}, men {latest.name} gavs ut "
                f"{latest.issued_at}, senare än så. Klockan verkar gå fel; ställ den rätt och "
                "försök igen. Ingenting skrevs.")


def build_record(focus: str, meeting: date, issued_by: str, now: datetime,
                 previous: fu.Record | None) -> dict:
    """The record's content: the report's state now (:func:`followup.snapshot`) and who, when."""
    import analysis
    from ..core.cache import data_inputs, fingerprint
    from ..narrative.selfevaluation_findings import mirror_evidence

    content = fu.snapshot(focus, mirror_evidence)
    content.update({
        "format_version": fu.FORMAT_VERSION,
        "kind": fu.RECORD_KIND,
        "meeting_date": meeting.isoformat(),
        "issued_by": issued_by,
        "issued_at": now.isoformat(),
        "project_version": analysis.__version__,
        "inputs_fingerprint": fingerprint(data_inputs()),
        "previous": None if previous is None else {"file": previous.name,
                                                   "checksum": previous.data["checksum"]},
    })
    content["checksum"] = fu.checksum(content)
    return content


def issue(focus: str, meeting: date | str, issued_by: str, directory: str | Path | None = None,
          now: datetime | None = None) -> Path:
    """Write the record of the report for ``focus`` issued for ``meeting``; its path.

    Raises :class:`IssueRefused` (history rules), :class:`DataError` (a bad record or entry
    file), :class:`ParameterError` (a bad focus, date or name)."""
    from ..core import atomic
    from ..core.params import normalize_focus

    focus = normalize_focus(focus)
    meeting = _meeting(meeting) if isinstance(meeting, str) else meeting
    issued_by = " ".join(str(issued_by or "").split())
    if not issued_by:
        raise ParameterError("Ange vem som ger ut rapporten: --av \"Förnamn Efternamn\".")
    now = now or _now()
    d = fu.issued_directory(directory)
    d.mkdir(parents=True, exist_ok=True)
    with atomic._locked(d):
        records = fu.issued_records(d)
        check_issue(records, focus, meeting, now)
        previous = max(records, key=lambda r: r.issued_at) if records else None
        content = build_record(focus, meeting, issued_by, now, previous)
        path = d / fu.record_name(meeting, focus)
        try:
            atomic.create_bytes(path, fu.dumps(content).encode("utf-8"))
        except FileExistsError:
            raise IssueRefused(f"{path.name} finns redan; en utgiven rapports post skrivs aldrig "
                               "över.") from None
    return path


def run(args) -> int:
    try:
        path = issue(args.fokus, args.mote, args.av, args.mapp)
    except (IssueRefused, DataError, ParameterError) as err:
        print(f"Fel: {err}")
        return 1
    record = fu.load_record(path)
    print(f"Rapporten till mötet {record.data['meeting_date']} (fokus {record.focus}) är utgiven "
          f"av {record.issued_by}. Posten: {path}")
    print(f"  {len(record.data['goals'])} mål, {len(record.data['weak_areas'])} svaga områden, "
          f"{len(record.data['action_plan'])} åtgärder, "
          f"{len(record.data['vintages']['indicators'])} statistikårgångar.")
    print("  Lägg in posten i git (git add och git commit); den ändras aldrig. Nästa rapport "
          "visar vad som har ändrats sedan den under \"Sedan förra rapporten\".")
    return 0
