"""The raw sources as they are: the decision documents (decisions/), the data catalog, the SCB
refresh. Imports only core.
"""
