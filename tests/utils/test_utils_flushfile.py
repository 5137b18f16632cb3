"""backtrader.utils.flushfile: flush-on-write wrapper and stdout silencer.

Upstream fact (black box): after `import backtrader.utils.flushfile` on Linux,
type(sys.stdout) is still io.TextIOWrapper (only Windows consoles are wrapped).
"""
import importlib
import io
import sys

import backtrader.utils.flushfile as flushfile_module
from backtrader.utils.flushfile import StdOutDevNull, flushfile


class CountingStream(io.StringIO):
    def __init__(self):
        super().__init__()
        self.flushes = 0

    def flush(self):
        self.flushes += 1
        super().flush()


def test_write_flushes_every_time():
    stream = CountingStream()
    wrapped = flushfile(stream)
    assert wrapped.write('abc') is None
    assert stream.getvalue() == 'abc' and stream.flushes == 1
    wrapped.write('d')
    wrapped.flush()
    assert stream.getvalue() == 'abcd' and stream.flushes == 3
    assert wrapped.closed is False and wrapped.getvalue() == 'abcd'  # delegated


def test_import_wraps_streams_only_on_windows(monkeypatch):
    out, err = CountingStream(), CountingStream()
    monkeypatch.setattr(sys, 'stdout', out)
    monkeypatch.setattr(sys, 'stderr', err)
    monkeypatch.setattr(sys, 'platform', 'linux')
    importlib.reload(flushfile_module)
    assert sys.stdout is out and sys.stderr is err
    monkeypatch.setattr(sys, 'platform', 'win32')
    importlib.reload(flushfile_module)
    assert isinstance(sys.stdout, flushfile_module.flushfile) and sys.stdout.f is out
    assert isinstance(sys.stderr, flushfile_module.flushfile) and sys.stderr.f is err
    print('x')
    assert out.getvalue() == 'x\n' and out.flushes >= 1
    monkeypatch.setattr(sys, 'platform', 'linux')
    importlib.reload(flushfile_module)


def test_stdout_devnull(monkeypatch):
    real = CountingStream()
    monkeypatch.setattr(sys, 'stdout', real)
    silencer = StdOutDevNull()
    assert sys.stdout is silencer
    print('hidden')
    silencer.flush()
    silencer.stop()
    assert sys.stdout is real
    print('shown')
    assert real.getvalue() == 'shown\n'
