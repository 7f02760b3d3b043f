"""Static images (PNG) of the report's figures for the PDF, made by kaleido with Chromium.

Two ways, one result (``assets/figures/<figure id>-<hash>.png``, the hash taken over the figure
and the image size, so an unchanged figure is never drawn twice):

- **In the kernel** (a chapter executed by Quarto itself, ``quarto render report``): one
  long-lived kaleido server per kernel, so one Chromium serves all of the chapter's images.
- **Deferred** (``python -m analysis report`` with Quarto, which executes the chapters itself):
  the kernel only writes the figure as JSON beside the image's path (``OMS_REPORT_IMAGES=defer``)
  and :func:`render_pending` draws every image of the book afterwards in one Chromium, two tabs
  at a time, while Quarto writes the HTML pages (which need no images).

Either way a failed image is tried once more (kaleido sometimes loses its page while Chromium
starts: ``ReferenceError: kaleido_scopes is not defined``), and then stops the build with a
:class:`FigureImageError` naming the chapter and the figure.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..core import settings

IMAGES_ENV = "OMS_REPORT_IMAGES"  # "defer": write the figure as JSON, draw it later
SCALE = 2
ATTEMPTS = 2
IMAGE_REF = re.compile(r"\]\(([^)\s]+\.png)\)")


class FigureImageError(RuntimeError):
    """A figure could not be drawn as an image, even on a second try."""


@dataclass(frozen=True)
class ImageJob:
    """One image to draw: the figure (a plotly dict), where, how big, and whose it is."""

    figure: dict
    path: Path
    width: int
    height: int
    chapter: str
    title: str

    def failure(self, err: Exception | str) -> FigureImageError:
        return FigureImageError(
            f"{self.chapter}: figuren ”{self.title}” kunde inte göras som bild för PDF:en "
            f"(kaleido, {ATTEMPTS} försök): {str(err).strip().splitlines()[-1] if str(err).strip() else err}")


def image_name(figure_json: str, stem: str, width: int, height: int) -> str:
    """``<stem>-<hash>.png``: the hash covers the figure and the image's size."""
    digest = hashlib.sha1(f"{width}x{height}@{SCALE}|{figure_json}".encode()).hexdigest()[:10]
    return f"{stem}-{digest}.png"


def spec_path(png: Path) -> Path:
    return Path(png).with_suffix(".json")


@contextlib.contextmanager
def chromium_quiet():
    """Keep Chromium's own log lines (written to file descriptor 2) out of the cell output.

    ipykernel captures descriptor-level output, so under load a Chromium message would end up
    printed in the report. Python errors from kaleido still raise as usual.
    """
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        # kaleido's browser driver also reports its own hiccups (a retried message, say) as
        # tracebacks on sys.stderr, which in a kernel is not descriptor 2
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _opts(job: ImageJob) -> dict:
    return {"format": "png", "width": job.width, "height": job.height, "scale": SCALE}


def _draw_in_kernel(job: ImageJob) -> None:
    import kaleido

    # One Chromium for every image of this kernel (kaleido >= 1 otherwise starts one per image).
    kaleido.start_sync_server(silence_warnings=True)
    kaleido.write_fig_sync(job.figure, path=str(job.path), opts=_opts(job))


def ensure_png(job: ImageJob) -> Path:
    """The job's image: drawn now, deferred (JSON beside it), or already there from before."""
    job.path.parent.mkdir(parents=True, exist_ok=True)
    if job.path.exists():
        return job.path
    if settings.report_images_deferred():
        spec = {"chapter": job.chapter, "title": job.title, "width": job.width,
                "height": job.height, "figure": job.figure}
        tmp = spec_path(job.path).with_suffix(".json.tmp")
        tmp.write_text(json.dumps(spec), encoding="utf-8")
        os.replace(tmp, spec_path(job.path))
        return job.path
    last: Exception | None = None
    for _ in range(ATTEMPTS):
        try:
            with chromium_quiet():
                _draw_in_kernel(job)
            if job.path.exists():
                return job.path
            last = RuntimeError("ingen bild skrevs")
        except Exception as err:  # kaleido raises many kinds; any of them is a failed image
            last = err
    raise job.failure(last)


# --- deferred images, drawn by the parent process ---------------------------------------------

def pending_jobs(markdown: str, base: Path) -> list[ImageJob]:
    """Images a chapter's Markdown refers to that do not exist yet (their JSON does)."""
    jobs = []
    for ref in dict.fromkeys(IMAGE_REF.findall(markdown)):
        png = Path(base) / ref
        if png.exists():
            continue
        spec_file = spec_path(png)
        if not spec_file.exists():
            raise FigureImageError(f"bilden {ref} saknas och ingen figur väntar på att ritas")
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        jobs.append(ImageJob(spec["figure"], png, spec["width"], spec["height"],
                             spec["chapter"], spec["title"]))
    return jobs


def _draw_batch(jobs: list[ImageJob], tabs: int) -> None:
    import kaleido

    # Where this process already drew an image in the kernel (_draw_in_kernel), kaleido's own
    # server is running and draws the batch with its tabs; kopts only sets the tabs otherwise.
    with chromium_quiet(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored if using a server")
        kaleido.write_fig_from_object_sync(
            [{"fig": j.figure, "path": str(j.path), "opts": _opts(j)} for j in jobs],
            kopts={"n": max(1, min(tabs, len(jobs)))})


def render_pending(jobs: list[ImageJob], *, tabs: int = 2, log=print) -> int:
    """Draw every job's image in one Chromium; a failed one is retried once. Images drawn."""
    if not jobs:
        return 0
    errors: dict[Path, Exception | str] = {}
    try:
        _draw_batch(jobs, tabs)
    except Exception as err:  # the whole batch failed (Chromium did not start, say)
        errors = {j.path: err for j in jobs}
    missing = [j for j in jobs if not j.path.exists()]
    if missing:
        log(f"  {len(missing)} bilder misslyckades, försöker igen ...")
    for job in missing:
        try:
            _draw_batch([job], 1)
        except Exception as err:
            errors[job.path] = err
        if not job.path.exists():
            raise job.failure(errors.get(job.path, "ingen bild skrevs"))
    for job in jobs:
        spec_path(job.path).unlink(missing_ok=True)
    return len(jobs)
