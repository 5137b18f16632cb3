"""Ready-made strategies (``bt.strategies`` / ``bt.strats``).

Layer: strategy. May import: strategy.py and every layer below
(components, model, lines, utils, core).
"""
from . import sma_crossover
from .sma_crossover import MA_CrossOver, SMA_CrossOver
