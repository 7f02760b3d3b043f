"""Quarto post-render step: accessible names for the previous/next chapter links, the workbook
the first page links to ("Ladda ner rapportens tabeller (Excel)"), assembled from the tables the
chapters showed in this render (analysis.pipeline.workbook_build), and then the finished book put
in _book/ whole (Quarto rendered it into a folder of its own, _quarto.yml's output-dir)."""

import os
from pathlib import Path

from analysis.pipeline.quarto_book import PLAIN_RENDER_DIR, finish_plain_render, fix_pages
from analysis.pipeline.workbook_build import finish_quarto_render

out_dir = Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", PLAIN_RENDER_DIR))
fix_pages(out_dir)
finish_quarto_render(out_dir, Path.cwd())
if out_dir.resolve().name == PLAIN_RENDER_DIR:  # plain quarto render (the package's build has its own)
    book = finish_plain_render(out_dir.resolve(), Path.cwd().resolve(),
                               os.environ.get("QUARTO_PROJECT_RENDER_ALL") == "1")
    print(f"Rapporten finns i {book} (webbsidorna, rapport.pdf och oms-tabeller.xlsx).")
