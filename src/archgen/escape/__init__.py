"""Escaping spec text for every place archgen writes it: one module per target.

A value from a spec is checked once when it is read (``chars``, ``url``) and
escaped for the place it is written to: DOT (``dot``), SVG and XML (``xml``),
HTML (``html``), Markdown (``markdown``) and the terminal (``terminal``). No
renderer builds such text by hand.
"""
