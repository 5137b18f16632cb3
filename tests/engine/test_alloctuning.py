"""The allocator tuning of runs (engine/alloctuning.py): freed line-sized
blocks are reused in place instead of faulted in again."""
import os
import subprocess
import sys
import textwrap

import pytest


# allocate, free and allocate again a 4 MiB block (a line of half a million
# bars) after a run's tuning; print the page faults of the second allocation
_SCRIPT = textwrap.dedent('''
    import resource
    import numpy as np
    from backtrader.engine.alloctuning import tune_allocator
    print(tune_allocator(), tune_allocator())
    def faults():
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    a = np.ones(1 << 19); del a
    before = faults()
    b = np.ones(1 << 19)
    print(faults() - before)
''')


def _run(**env):
    full = {k: v for k, v in os.environ.items()
            if not k.startswith('MALLOC_') and k != 'BACKTRADER_MALLOC_TUNING'}
    full.update(env)
    out = subprocess.run([sys.executable, '-c', _SCRIPT], capture_output=True, text=True,
                         env=full, check=True).stdout.split('\n')
    return out[0], int(out[1])


def _glibc() -> bool:
    if not sys.platform.startswith('linux'):
        return False
    import ctypes
    try:
        return hasattr(ctypes.CDLL(None), 'gnu_get_libc_version')
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _glibc(), reason='glibc malloc only')


def test_freed_block_is_reused_without_page_faults():
    applied, faults = _run()
    assert applied == 'True True'           # once per process, the answer kept
    assert faults < 50                      # reused in place (a fresh one: ~500)


def test_opt_out_leaves_malloc_alone():
    applied, faults = _run(BACKTRADER_MALLOC_TUNING='0')
    assert applied == 'False False'
    assert faults > 200                     # glibc's default: faulted in again


def test_user_thresholds_are_respected():
    applied, _ = _run(MALLOC_MMAP_THRESHOLD_='131072')
    assert applied == 'False False'
