"""The parts ``Strategy`` is made of: the user API groups it mixes in
(order entry, hooks, writer output), the trade ledger building trades from
the broker's fills, the per-run driver the engine steps, the memory-saving
modes, and the item collections (``strategy.analyzers``/``stats``).

Layer: strategy. May import: components, model, lines, utils, core; not
``strategy.py`` itself (which is built from these modules).
"""
