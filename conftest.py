"""pytest set-up for the whole project (nbval runs the notebooks in notebooks/)."""

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def pytest_collectstart(collector):
    # The plotly JSON a chart gives JupyterLab depends on the plotly version (templates,
    # defaults); the figure's data are compared through the text/plain table instead.
    if type(collector).__name__ == "IPyNbFile" and PLOTLY_MIME not in collector.skip_compare:
        collector.skip_compare = (*collector.skip_compare, PLOTLY_MIME)
