"""Run state: the ``StateManager`` of a strategy's own variables (saved as
JSON, SQLite, shelve or, on request, pickle) and checkpoint/resume of whole
runs. Values are stored exactly in tagged JSON (``codec``), files are written
atomically (``atomic``) and carry a fingerprint of the setup that made them.

See docs/state.md.

Layer: tools. May import: engine, strategy, components, model, lines, utils, core.
"""
from __future__ import annotations

import importlib
from typing import Any

from ..core.errors import (CheckpointError, FingerprintMismatchError, PickleNotAllowedError,
                           PickleSecurityWarning, StateError, StateFileCorruptError,
                           StateFileNotFoundError, StateFormatError, StateKeyError,
                           StateValueError)
from ..engine.cerebro import Cerebro as _Cerebro
from ..strategy import set_state_factory as _set_state_factory
from .stateful import StatefulStrategy

__all__ = ['StateManager', 'StatefulStrategy', 'RunControl', 'checkpoint_info', 'TimedSeries', 'ValueCodec', 'encode_value',
           'decode_value', 'dumps', 'loads', 'atomic_write', 'StateError', 'StateKeyError',
           'StateValueError', 'StateFileNotFoundError', 'StateFileCorruptError',
           'StateFormatError', 'PickleNotAllowedError', 'PickleSecurityWarning',
           'FingerprintMismatchError', 'CheckpointError']

# The codec, the file formats (sqlite3, shelve) and the checkpoint machinery load on first
# use: `import backtrader` pays for none of them (import time and resident memory of every
# run, checkpoints or not).
_LAZY = {
    'StateManager': 'manager', 'RunControl': 'control', 'checkpoint_info': 'control',
    'TimedSeries': 'timed', 'ValueCodec': 'codec', 'encode_value': 'codec',
    'decode_value': 'codec', 'dumps': 'codec', 'loads': 'codec', 'atomic_write': 'atomic',
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    value = getattr(importlib.import_module('.' + module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))


def _strategy_state(strategy):
    from .manager import StateManager
    return StateManager(strategy=strategy)


def _run_control(*args, **kwargs):
    from .control import RunControl
    return RunControl(*args, **kwargs)


_set_state_factory(_strategy_state)
_Cerebro._run_control_factory = staticmethod(_run_control)
