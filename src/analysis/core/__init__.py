"""The vocabulary every layer shares: paths, error types, regions, number formats, labels,
parameter checks, months, fingerprints. Imports nothing of the package above it.
"""
