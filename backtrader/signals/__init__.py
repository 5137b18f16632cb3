"""``bt.signals``: empty package kept for import compatibility (signals are plain
indicators; see ``backtrader.signal``)."""
