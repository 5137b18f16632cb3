"""Run state: the ``StateManager`` of a strategy's own variables (saved as
JSON, SQLite, shelve or, on request, pickle) and checkpoint/resume of whole
runs. Values are stored exactly in tagged JSON (``codec``), files are written
atomically (``atomic``) and carry a fingerprint of the setup that made them.

See docs/state.md.

Layer: tools. May import: engine, strategy, components, model, lines, utils, core.
"""
from ..core.errors import (CheckpointError, FingerprintMismatchError, PickleNotAllowedError,
                           PickleSecurityWarning, StateError, StateFileCorruptError,
                           StateFileNotFoundError, StateFormatError, StateKeyError,
                           StateValueError)
from ..engine.cerebro import Cerebro as _Cerebro
from ..strategy import set_state_factory as _set_state_factory
from .atomic import atomic_write
from .codec import ValueCodec, decode_value, dumps, encode_value, loads
from .control import RunControl, checkpoint_info
from .manager import StateManager
from .stateful import StatefulStrategy
from .timed import TimedSeries

__all__ = ['StateManager', 'StatefulStrategy', 'RunControl', 'checkpoint_info', 'TimedSeries', 'ValueCodec', 'encode_value',
           'decode_value', 'dumps', 'loads', 'atomic_write', 'StateError', 'StateKeyError',
           'StateValueError', 'StateFileNotFoundError', 'StateFileCorruptError',
           'StateFormatError', 'PickleNotAllowedError', 'PickleSecurityWarning',
           'FingerprintMismatchError', 'CheckpointError']


def _strategy_state(strategy) -> StateManager:
    return StateManager(strategy=strategy)


_set_state_factory(_strategy_state)
_Cerebro._run_control_factory = RunControl
