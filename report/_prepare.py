"""Quarto pre-render step: write the local plotly.js and the page-head snippet into assets/,
and clear the tables recorded by an earlier render (the workbook is made from this render's)."""

from analysis.pipeline.quarto_book import write_quarto_assets
from analysis.pipeline.workbook_build import clear_records

write_quarto_assets()
clear_records()
