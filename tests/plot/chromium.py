"""Drive headless Chromium through the DevTools protocol over a pipe.

No extra dependency: Chromium started with ``--remote-debugging-pipe`` reads
protocol commands (JSON, NUL-terminated) on file descriptor 3 and writes
replies and events on descriptor 4. ``load_page`` opens a file, waits until an
expression becomes truthy and reports console errors, exceptions and figures
computed in the page. Used by the HTML chart tests and benchmarks/plot_html.py.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Optional

__all__ = ['chromium_path', 'load_page', 'ChromiumError']

FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-extensions', '--mute-audio', '--remote-debugging-pipe']


class ChromiumError(RuntimeError):
    pass


def chromium_path() -> Optional[str]:
    """The Chromium executable, or None when none is installed."""
    for name in ('chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'):
        path = shutil.which(name)
        if path:
            return path
    return None


class _Pipe:
    def __init__(self, proc, wfd: int, rfd: int) -> None:
        self.proc, self.wfd, self.rfd = proc, wfd, rfd
        self.buf = b''
        self.next_id = 0
        self.events: list = []

    def send(self, method: str, params: Optional[dict] = None,
             session: Optional[str] = None) -> int:
        self.next_id += 1
        msg = dict(id=self.next_id, method=method, params=params or {})
        if session:
            msg['sessionId'] = session
        os.write(self.wfd, json.dumps(msg).encode() + b'\0')
        return self.next_id

    def _read_one(self, deadline: float) -> dict:
        import select
        while b'\0' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChromiumError('no reply from Chromium in time')
            ready, _, _ = select.select([self.rfd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.rfd, 1 << 20)
            if not chunk:
                raise ChromiumError('Chromium closed the pipe')
            self.buf += chunk
        raw, self.buf = self.buf.split(b'\0', 1)
        return json.loads(raw)

    def call(self, method: str, params: Optional[dict] = None,
             session: Optional[str] = None, timeout: float = 30.0) -> dict:
        mid = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            msg = self._read_one(deadline)
            if msg.get('id') == mid:
                if 'error' in msg:
                    raise ChromiumError('%s: %s' % (method, msg['error']))
                return msg.get('result', {})
            if 'method' in msg:
                self.events.append(msg)


def load_page(path: Path, ready: str = 'window.btChartRendered',
              probe: Optional[str] = None, timeout: float = 60.0,
              width: int = 1400, height: int = 1000) -> dict:
    """Open ``path`` in headless Chromium; wait until ``ready`` (a JS
    expression) is truthy; evaluate ``probe`` (a JS expression returning a
    JSON-able value). Returns dict(ready=<value of ready>, probe=<value>,
    errors=[console errors and exceptions], wall=<seconds to ready>, cpu/script/
    layout=<seconds of main-thread work>)."""
    exe = chromium_path()
    if exe is None:
        raise ChromiumError('chromium is not installed')
    profile = tempfile.mkdtemp(prefix='bt-chromium-')
    to_r, to_w = os.pipe()
    from_r, from_w = os.pipe()

    def child_fds():
        os.dup2(to_r, 3)
        os.dup2(from_w, 4)

    args = [exe, *FLAGS, '--user-data-dir=%s' % profile,
            '--window-size=%d,%d' % (width, height)]
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=child_fds, pass_fds=(3, 4))
    os.close(to_r)
    os.close(from_w)
    pipe = _Pipe(proc, to_w, from_r)
    try:
        target = pipe.call('Target.createTarget', dict(url='about:blank'))['targetId']
        session = pipe.call('Target.attachToTarget',
                            dict(targetId=target, flatten=True))['sessionId']
        for domain in ('Runtime.enable', 'Log.enable', 'Page.enable', 'Performance.enable'):
            pipe.call(domain, session=session)
        t0 = time.monotonic()
        pipe.call('Page.navigate', dict(url=Path(path).resolve().as_uri()), session=session)
        value = None
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            res = pipe.call('Runtime.evaluate', dict(expression=ready, returnByValue=True),
                            session=session)
            value = res.get('result', {}).get('value')
            if value:
                break
            time.sleep(0.05)
        wall = time.monotonic() - t0
        if not value:
            raise ChromiumError('page not ready after %.0f s (%s)' % (timeout, ready))
        probed = None
        if probe:
            res = pipe.call('Runtime.evaluate',
                            dict(expression='JSON.stringify(%s)' % probe, returnByValue=True),
                            session=session)
            if 'exceptionDetails' in res:
                raise ChromiumError('probe failed: %s' % res['exceptionDetails'])
            probed = json.loads(res['result']['value'])
        metrics = {m['name']: m['value'] for m in
                   pipe.call('Performance.getMetrics', session=session).get('metrics', [])}
        errors = _errors(pipe.events)
        try:
            pipe.call('Browser.close', timeout=5.0)
        except ChromiumError:
            pass
        # cpu: seconds the page's main thread was busy (scripts, layout, paint):
        # less sensitive than the wall time to other processes on the machine
        return dict(ready=value, probe=probed, errors=errors, wall=wall,
                    cpu=metrics.get('TaskDuration'), script=metrics.get('ScriptDuration'),
                    layout=metrics.get('LayoutDuration'))
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        os.close(to_w)
        os.close(from_r)
        shutil.rmtree(profile, ignore_errors=True)


def _errors(events: list) -> list:
    out = []
    for ev in events:
        method, params = ev.get('method'), ev.get('params', {})
        if method == 'Runtime.exceptionThrown':
            details = params.get('exceptionDetails', {})
            out.append('exception: %s' % details.get('exception', {}).get('description',
                                                                          details.get('text')))
        elif method == 'Runtime.consoleAPICalled' and params.get('type') in ('error', 'assert'):
            args = params.get('args', [])
            out.append('console.%s: %s' % (params['type'], ' '.join(
                str(a.get('value', a.get('description', ''))) for a in args)))
        elif method == 'Log.entryAdded' and params.get('entry', {}).get('level') == 'error':
            out.append('log: %s' % params['entry'].get('text'))
    return out
