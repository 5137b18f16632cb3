"""Executors run trials: ``submit(task)`` and ``as_completed()`` over small
``Task`` objects (a trial number, an attempt, a payload -- the parameters),
against a *workload*: the read-only shared data handle every worker opens
once (loading the datas) and keeps for all its trials.

A workload has ``open()`` (idempotent; done in the parent before forking, so
forked workers inherit the loaded datas), optionally ``fresh_per_task`` (True:
every task runs in a worker that ran none before) and ``run(payload)`` returning a small
picklable result. ``SerialExecutor`` runs trials in this process;
``ProcessExecutor`` in worker processes, one pipe each, under the ``fork`` or
``spawn`` start method. A trial that raises, exceeds ``trial_timeout`` or
kills its worker (``os._exit``, SIGKILL) comes back as an ``Outcome`` with
status ``error``, ``timeout`` or ``crashed``; a lost worker is replaced.
Nothing waits without a deadline, so nothing hangs.

They live in the engine layer because ``cerebro.optstrategy`` runs its
combinations on them (``optrun``); ``backtrader.optimizers`` drives them for
studies and re-exports them as ``backtrader.optimizers.executors``.
"""
from __future__ import annotations

import collections
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from multiprocessing.connection import wait as _wait
from typing import Any, Iterator, Optional

from ..core.errors import OptimizationError, TrialError

__all__ = ['Task', 'Outcome', 'Executor', 'SerialExecutor', 'ProcessExecutor', 'make_executor',
           'TrialTimeout']

log = logging.getLogger('backtrader.optimizers')


class TrialTimeout(TrialError):
    """A trial ran longer than its time limit."""


class Task:
    """One trial attempt to run."""

    __slots__ = ('number', 'attempt', 'payload')

    def __init__(self, number: int, payload: Any, attempt: int = 1) -> None:
        self.number, self.payload, self.attempt = number, payload, attempt

    def __repr__(self) -> str:
        return 'Task(#%d attempt %d)' % (self.number, self.attempt)


class Outcome:
    """What became of a task: ``status`` is ``ok`` (``result`` holds the
    workload's result), ``error``, ``timeout`` or ``crashed`` (``error`` holds
    the explanation, ``exc`` the exception when it could be carried back)."""

    __slots__ = ('task', 'status', 'result', 'error', 'exc', 'started', 'finished', 'worker')

    def __init__(self, task: Task, status: str, result: Any = None, error: Optional[str] = None,
                 exc: Optional[BaseException] = None, started: Optional[float] = None,
                 finished: Optional[float] = None, worker: Optional[str] = None) -> None:
        self.task, self.status, self.result, self.error, self.exc = task, status, result, error, exc
        self.started, self.finished, self.worker = started, finished, worker

    @property
    def ok(self) -> bool:
        """True when the trial ran to the end."""
        return self.status == 'ok'

    def __repr__(self) -> str:
        return 'Outcome(%r, %s%s)' % (self.task, self.status,
                                      '' if self.ok else ': %s' % (self.error or '').strip())


def _describe(exc: BaseException) -> str:
    return ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip()


def _portable(exc: BaseException) -> Optional[BaseException]:
    """``exc`` if it survives pickling (to re-raise it in the parent)."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return None


class Executor:
    """The interface: ``start(workload)``, ``submit(task)``, ``as_completed()``,
    ``free_slots``, ``in_flight``, ``shutdown()``."""

    n_workers = 1

    def start(self, workload: Any) -> None:
        """Open the executor over a workload (workers load its datas once)."""
        raise NotImplementedError

    def submit(self, task: Task) -> None:
        """Queue one task (a trial's parameters) for execution."""
        raise NotImplementedError

    def as_completed(self, timeout: Optional[float] = None) -> Iterator[Outcome]:
        """Outcomes as tasks finish; returns when nothing is in flight (or,
        with ``timeout``, when that much time passed without an outcome)."""
        raise NotImplementedError

    @property
    def free_slots(self) -> int:
        """How many more tasks can be submitted without waiting."""
        raise NotImplementedError

    @property
    def in_flight(self) -> int:
        """How many submitted tasks have not completed yet."""
        raise NotImplementedError

    def shutdown(self) -> None:
        """Stop the workers; tasks still running are abandoned."""
        pass

    def __enter__(self) -> 'Executor':
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()


def _alarm(signum, frame):
    raise TrialTimeout('trial exceeded its time limit')


class SerialExecutor(Executor):
    """Runs each task in this process when its outcome is asked for. A trial
    timeout uses SIGALRM (main thread, POSIX only); a trial that kills the
    process cannot be isolated here (use ``ProcessExecutor``)."""

    def __init__(self, trial_timeout: Optional[float] = None) -> None:
        self.trial_timeout = trial_timeout
        self._queue: collections.deque = collections.deque()
        self._workload = None
        self.n_workers = 1

    def start(self, workload: Any) -> None:
        self._workload = workload
        workload.open()

    def submit(self, task: Task) -> None:
        self._queue.append(task)

    @property
    def free_slots(self) -> int:
        return 0 if self._queue else 1

    @property
    def in_flight(self) -> int:
        return len(self._queue)

    def as_completed(self, timeout: Optional[float] = None) -> Iterator[Outcome]:
        while self._queue:
            yield self._run(self._queue.popleft())

    def _run(self, task: Task) -> Outcome:
        use_alarm = bool(self.trial_timeout) and hasattr(signal, 'setitimer') and \
            threading.current_thread() is threading.main_thread()
        started = time.time()
        old = None
        if use_alarm:
            old = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, float(self.trial_timeout))
        try:
            result = self._workload.run(task.payload)
            return Outcome(task, 'ok', result, started=started, finished=time.time(),
                           worker='main')
        except TrialTimeout:
            return Outcome(task, 'timeout', error='TrialTimeout: trial exceeded its time limit '
                           'of %gs' % self.trial_timeout, started=started, finished=time.time(),
                           worker='main')
        except Exception as exc:
            return Outcome(task, 'error', error=_describe(exc), exc=exc, started=started,
                           finished=time.time(), worker='main')
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------------------------------
# worker processes
def _worker_main(conn, workload, name: str) -> None:
    """A worker's loop: open the workload once, then run tasks as they come."""
    # a worker ends when its parent says so or goes away, never on Ctrl-C
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        workload.open()
    except BaseException as exc:
        conn.send(('fatal', _describe(exc), _portable(exc)))
        return
    conn.send(('ready', os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg[0] == 'stop':
            return
        _, number, attempt, payload = msg
        started = time.time()
        try:
            result = workload.run(payload)
            reply = ('ok', number, attempt, result, started, time.time())
        except Exception as exc:
            reply = ('error', number, attempt, (_describe(exc), _portable(exc)), started,
                     time.time())
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        try:
            conn.send(reply)
        except Exception as exc:          # an unpicklable result
            conn.send(('error', number, attempt, (
                'the trial result could not be sent back: %s' % _describe(exc), None),
                started, time.time()))


class _Worker:
    __slots__ = ('proc', 'conn', 'name', 'task', 'deadline', 'started', 'ready')

    def __init__(self, proc, conn, name: str) -> None:
        self.proc, self.conn, self.name = proc, conn, name
        self.task: Optional[Task] = None
        self.deadline: Optional[float] = None
        self.started: Optional[float] = None
        self.ready = False


class ProcessExecutor(Executor):
    """Trials in ``n_workers`` worker processes (default: every core), each
    with its own pipe; ``start_method`` ``'fork'`` (default where available:
    workers inherit the loaded datas) or ``'spawn'`` (the workload is pickled
    and each worker loads the datas once)."""

    def __init__(self, n_workers: Optional[int] = None, start_method: Optional[str] = None,
                 trial_timeout: Optional[float] = None, startup_timeout: float = 600.0) -> None:
        self.n_workers = max(1, int(n_workers or os.cpu_count() or 1))
        if start_method is None:
            start_method = 'fork' if 'fork' in multiprocessing.get_all_start_methods() \
                else 'spawn'
        self.start_method = start_method
        self._ctx = multiprocessing.get_context(start_method)
        self.trial_timeout = trial_timeout
        self.startup_timeout = startup_timeout
        self._workers: list = []
        self._workload = None
        self._done: collections.deque = collections.deque()
        self._counter = 0
        self._spawn_failures = 0

    # -- workers ---------------------------------------------------------------------------------
    def start(self, workload: Any) -> None:
        self._workload = workload
        if self.start_method == 'fork':
            workload.open()
        else:
            try:
                pickle.dumps(workload)
            except Exception as exc:
                raise OptimizationError(
                    'under the %r start method the setup is sent to each worker by pickling, '
                    'and it cannot be pickled (%s): give a module-level cerebro_factory '
                    'function, or use the fork start method' % (self.start_method, exc)) \
                    from None
        for _ in range(self.n_workers):
            self._spawn()

    def _spawn(self) -> _Worker:
        self._counter += 1
        name = 'w%d' % self._counter
        parent, child = self._ctx.Pipe(duplex=True)
        # a forked worker inherits the workload (the arguments are not
        # pickled under fork); a spawned one receives it pickled
        proc = self._ctx.Process(target=_worker_main, args=(child, self._workload, name),
                                 name='bt-opt-%s' % name, daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent, name)
        w.deadline = time.monotonic() + self.startup_timeout
        self._workers.append(w)
        return w

    def _retire(self, w: _Worker, kill: bool = False) -> None:
        if kill and w.proc.is_alive():
            try:
                os.kill(w.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        w.proc.join(5)
        try:
            w.conn.close()
        except OSError:
            pass
        if w in self._workers:
            self._workers.remove(w)

    # -- interface ------------------------------------------------------------------------------
    @property
    def free_slots(self) -> int:
        return sum(1 for w in self._workers if w.task is None)

    @property
    def in_flight(self) -> int:
        return sum(1 for w in self._workers if w.task is not None) + len(self._done)

    def submit(self, task: Task) -> None:
        for w in self._workers:
            if w.task is None:
                self._assign(w, task)
                return
        raise OptimizationError('no free worker (submit only up to free_slots tasks)')

    def _assign(self, w: _Worker, task: Task) -> None:
        w.task = task
        w.started = time.time()
        if w.ready:
            self._send(w)
        # a worker still loading gets its task when it reports ready

    def _send(self, w: _Worker) -> None:
        task = w.task
        w.deadline = time.monotonic() + self.trial_timeout if self.trial_timeout else None
        w.started = time.time()
        try:
            w.conn.send(('run', task.number, task.attempt, task.payload))
        except (OSError, EOFError):
            pass        # the worker is gone: its sentinel reports it

    def as_completed(self, timeout: Optional[float] = None) -> Iterator[Outcome]:
        limit = None if timeout is None else time.monotonic() + timeout
        while True:
            while self._done:
                yield self._done.popleft()
            if not any(w.task is not None for w in self._workers):
                return
            now = time.monotonic()
            deadlines = [w.deadline for w in self._workers if w.deadline is not None and
                         (w.task is not None or not w.ready)]
            wait_for = None
            if deadlines:
                wait_for = max(0.0, min(deadlines) - now)
            if limit is not None:
                left = max(0.0, limit - now)
                wait_for = left if wait_for is None else min(wait_for, left)
            handles = {}
            for w in self._workers:
                handles[w.conn] = w
                handles[w.proc.sentinel] = w
            ready = _wait(list(handles), timeout=wait_for)
            seen = set()
            for h in ready:
                w = handles[h]
                if id(w) in seen or w not in self._workers:
                    continue
                seen.add(id(w))
                self._service(w)
            self._check_deadlines()
            if not ready and limit is not None and time.monotonic() >= limit and not self._done:
                return

    def _service(self, w: _Worker) -> None:
        """Read what worker ``w`` has to say (or notice that it died)."""
        try:
            if w.conn.poll():
                msg = w.conn.recv()
                self._message(w, msg)
                return
        except (EOFError, OSError):
            pass
        if not w.proc.is_alive() or w.proc.exitcode is not None:
            self._lost(w)

    def _message(self, w: _Worker, msg) -> None:
        kind = msg[0]
        if kind == 'ready':
            w.ready = True
            w.deadline = None
            self._spawn_failures = 0
            if w.task is not None:
                self._send(w)
            return
        if kind == 'fatal':
            self._retire(w)
            self.shutdown()
            exc = msg[2]
            raise OptimizationError('a worker could not open the workload:\n%s' % msg[1]) \
                from exc
        _, number, attempt, body, started, finished = msg
        task = w.task
        w.task, w.deadline = None, None
        if task is None or task.number != number:
            return
        if kind == 'ok':
            self._done.append(Outcome(task, 'ok', body, started=started, finished=finished,
                                      worker=w.name))
        else:
            text, exc = body
            self._done.append(Outcome(task, 'error', error=text, exc=exc, started=started,
                                      finished=finished, worker=w.name))
        if getattr(self._workload, 'fresh_per_task', False):
            # each task starts from the state workers are made with: this
            # worker's next task goes to a new one
            try:
                w.conn.send(('stop',))
            except (OSError, EOFError, ValueError):
                pass
            self._retire(w)
            self._spawn()

    def _lost(self, w: _Worker) -> None:
        code = w.proc.exitcode
        self._retire(w)
        if code is not None and code < 0:
            try:
                why = 'killed by signal %s' % signal.Signals(-code).name
            except ValueError:
                why = 'killed by signal %d' % -code
        else:
            why = 'exited with code %s' % code
        if w.task is not None:
            self._done.append(Outcome(w.task, 'crashed', error='TrialError: the worker running '
                                      'this trial died (%s)' % why, started=w.started,
                                      finished=time.time(), worker=w.name))
            log.warning('trial %d: worker %s died (%s)', w.task.number, w.name, why)
        if not w.ready:
            self._spawn_failures += 1
            if self._spawn_failures > 3:
                self.shutdown()
                raise OptimizationError('worker processes keep dying before they are ready '
                                        '(%s)' % why)
        self._spawn()

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        for w in list(self._workers):
            if w.deadline is None or now < w.deadline:
                continue
            if w.ready and w.task is not None:
                task = w.task
                self._retire(w, kill=True)
                self._done.append(Outcome(task, 'timeout', error='TrialTimeout: trial exceeded '
                                          'its time limit of %gs (worker stopped)'
                                          % self.trial_timeout, started=w.started,
                                          finished=time.time(), worker=w.name))
                log.warning('trial %d timed out after %gs', task.number, self.trial_timeout)
                self._spawn()
            elif not w.ready:
                self._retire(w, kill=True)
                self.shutdown()
                raise OptimizationError('a worker took longer than %gs to load the data'
                                        % self.startup_timeout)

    def shutdown(self) -> None:
        for w in list(self._workers):
            try:
                w.conn.send(('stop',))
            except (OSError, EOFError, ValueError):
                pass
        deadline = time.monotonic() + 5.0
        for w in list(self._workers):
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                self._retire(w, kill=True)
            else:
                self._retire(w)
        self._workers = []


def make_executor(n_jobs: Optional[int] = 1, start_method: Optional[str] = None,
                  trial_timeout: Optional[float] = None) -> Executor:
    """``n_jobs=1``: serial; ``n_jobs`` > 1: that many worker processes;
    ``None``/``-1``/``0``: one per core."""
    if n_jobs is None or n_jobs <= 0:
        n_jobs = os.cpu_count() or 1
    if n_jobs == 1 and start_method is None:
        return SerialExecutor(trial_timeout=trial_timeout)
    return ProcessExecutor(n_jobs, start_method=start_method, trial_timeout=trial_timeout)
