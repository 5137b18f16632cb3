"""Compat: upstream's import path ``backtrader.signals``; an empty package
(signals are plain indicators: see ``backtrader.signal``).

Layer: compat. May import: anything below the namespace (it imports nothing).
"""
