"""Ready-made strategies (``bt.strategies`` / ``bt.strats``)."""
from . import sma_crossover
from .sma_crossover import MA_CrossOver, SMA_CrossOver
