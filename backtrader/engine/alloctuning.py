"""The C allocator's thresholds for runs (see ``tune_allocator``)."""
from __future__ import annotations

import os
import sys

__all__ = ['tune_allocator', 'MMAP_THRESHOLD', 'TRIM_THRESHOLD']

# glibc's own ceiling for its dynamic mmap threshold on 64-bit builds
# (DEFAULT_MMAP_THRESHOLD_MAX), and the trim threshold it pairs with it (twice)
MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_USER_SET = ('MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'GLIBC_TUNABLES')
_state = {'done': False, 'applied': False}


def tune_allocator() -> bool:
    """Start glibc's malloc where its own heuristics end up after the first
    large block is freed: arrays up to 32 MiB come from the heap, and freed
    ones are reused in place instead of being returned to the system and
    faulted in again, page by page, by the next allocation (a line of a long
    run is a few MiB; a first run in a fresh process otherwise pays a page
    fault per 4 KiB of every line and of its data's parse buffers).

    Once per process; nothing on other C libraries, when the user set the
    thresholds (``MALLOC_*_THRESHOLD_``, ``GLIBC_TUNABLES``) or with
    ``BACKTRADER_MALLOC_TUNING=0`` in the environment. Returns whether the
    thresholds were set."""
    if _state['done']:
        return _state['applied']
    _state['done'] = True
    if not sys.platform.startswith('linux') or any(k in os.environ for k in _USER_SET) \
            or os.environ.get('BACKTRADER_MALLOC_TUNING') == '0':
        return False
    import ctypes                       # (only for a run: not on import)
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        libc.gnu_get_libc_version       # glibc only (musl has no such tuning)
    except (OSError, AttributeError):
        return False
    applied = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
        bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    _state['applied'] = applied
    return applied
