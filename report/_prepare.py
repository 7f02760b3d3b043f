"""Quarto pre-render step: write the local plotly.js and the page-head snippet into assets/."""

from analysis.pipeline.quarto_book import write_quarto_assets

write_quarto_assets()
