"""The Swedish findings and facts: every sentence about an analysis' result. Imports the layers
below (and the build cache).
"""
