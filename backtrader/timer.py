"""Timers (``bt.timer``): the session anchors a timer's ``when`` may name.

``Timer`` itself (scheduling ``notify_timer`` calls) is not available in this
version: it is a placeholder.
"""
from __future__ import annotations

from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .unavailable import unavailable

__all__ = ['SESSION_TIME', 'SESSION_START', 'SESSION_END', 'Timer']

# ``when`` values besides a ``datetime.time``
SESSION_TIME, SESSION_START, SESSION_END = range(3)

Timer = unavailable('Timer', 'scheduled timers (add_timer/notify_timer)', 'timers/calendars',
                    __name__)
