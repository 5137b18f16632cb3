"""Brokers (``bt.brokers``): what accepts orders, fills them and keeps the money.

Layer: components. May import: core, utils, lines, model (orders, positions,
commission terms); not strategy.py, engine or above.

``BrokerBase`` (base.py) is the interface every broker offers and holds the
commission schemes; ``BackBroker`` (backbroker.py) is the simulated broker of
backtests, composed of:

- ``ledger.py``      cash, positions, value and fund figures; books fills,
                     added cash, credit interest, marking to market
- ``valuation.py``   the one valuation formula (floats and numpy arrays alike)
- ``submission.py``  order creation, submission, the cash check of submitted
                     orders, cancels (a mixin: upstream's overridable methods)
- ``matching.py``    execution rules per order type, slippage, fillers, the
                     fill (a mixin: upstream's ``_try_exec_*``/``_execute``)
- ``groups.py``      OCO groups and brackets
- ``records.py``     figures kept per cycle for analyzers/observers, and the
                     deferred valuation of skipped bars
- ``bars.py``        every access to line storage made by this package
- ``history.py``     order and fund histories replayed by the broker
- ``fillers.py``, ``priceevaluator.py``: volume fillers, fill-price rules

``bbroker.py`` and ``vcbroker.py`` are upstream's module paths (re-exports and
a placeholder). Imports: this package may use ``core``, ``utils``, ``lines``
(through ``bars.py`` only) and the order/position/comminfo modules; it does
not import the engine, strategies, analyzers or observers (the engine hands
the broker what it needs: ``cerebro``, a data clock to defer on, the lines a
value sink writes).
"""
from .base import BrokerBase, BrokerCapabilities
from .backbroker import BackBroker, BrokerBack
from . import bbroker, fillers, vcbroker
from .vcbroker import VCBroker
