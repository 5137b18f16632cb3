"""``DaskExecutor``: a study's trials on a Dask cluster (``pip install
backtrader[dask]``), behind the same executor interface as the process pool
(``start``, ``submit``, ``as_completed``, ``free_slots``, ``in_flight``,
``shutdown``): searchers, storage and resume do not know the difference.

By default a ``LocalCluster`` of ``n_workers`` single-threaded worker
processes is started (and stopped with the study); give ``address`` (a
scheduler such as ``'tcp://10.0.0.5:8786'``) or a ``client`` to scale out.
The workload (the study's setup) travels pickled with each task, and each
worker process opens it once (loading the datas) and keeps it for every
later trial. A worker that dies mid-trial is replaced by its nanny and the
scheduler runs the trial again elsewhere; a trial that still cannot finish
(``KilledWorker``: it killed ``allowed-failures`` workers) is recorded as
``crashed``. ``trial_timeout`` cancels an over-long trial (``timeout``) and
restarts the worker running it.
"""
from __future__ import annotations

import collections
import hashlib
import logging
import os
import pickle
import queue
import threading
import time
import traceback
import uuid
from typing import Any, Iterator, Optional

from ..core.errors import OptimizationError
from .executors import Executor, Outcome, Task

__all__ = ['DaskExecutor']

log = logging.getLogger('backtrader.optimizers')

# per worker process: opened workloads by token (a worker loads the datas once)
_OPENED: dict = {}
_OPENED_LOCK = threading.Lock()


def _run_on_worker(token: str, blob: bytes, payload: Any) -> dict:
    """The task a Dask worker runs: the workload's ``run(payload)``."""
    started = time.time()
    with _OPENED_LOCK:
        workload = _OPENED.get(token)
        if workload is None:
            workload = pickle.loads(blob)
            workload.open()
            _OPENED.clear()          # one study at a time per worker: free the old one
            _OPENED[token] = workload
    result = workload.run(payload)
    try:
        from distributed import get_worker
        worker = get_worker().name
    except Exception:
        worker = str(os.getpid())
    return {'result': result, 'started': started, 'finished': time.time(),
            'worker': 'dask-%s' % worker}


class DaskExecutor(Executor):
    """Trials on a Dask cluster: ``DaskExecutor()`` (a ``LocalCluster`` of
    ``n_workers`` processes, default: one per core), ``DaskExecutor(address=
    'tcp://host:8786')`` or ``DaskExecutor(client=existing_client)``.
    ``cluster_kwargs`` go to ``LocalCluster``."""

    def __init__(self, address: Optional[str] = None, n_workers: Optional[int] = None,
                 client: Any = None, trial_timeout: Optional[float] = None,
                 threads_per_worker: int = 1, cluster_kwargs: Optional[dict] = None) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise OptimizationError('the Dask executor needs dask[distributed]: pip install '
                                    '"backtrader[dask]"') from None
        self.address = address
        self.trial_timeout = trial_timeout
        self.threads_per_worker = int(threads_per_worker)
        self.cluster_kwargs = dict(cluster_kwargs or {})
        self._requested = int(n_workers or os.cpu_count() or 1)
        self._client = client
        self._own_client = client is None
        self._cluster = None
        self._futures: dict = {}         # future -> (task, deadline)
        self._done: collections.deque = collections.deque()
        self._finished: queue.Queue = queue.Queue()     # futures done (callbacks put them)
        self._token = None
        self._blob = None
        self._slots = None

    # -- the cluster ------------------------------------------------------------------------
    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster
        if self.address:
            self._client = Client(self.address, set_as_default=False)
        else:
            kwargs = dict(n_workers=self._requested, threads_per_worker=self.threads_per_worker,
                          processes=True, dashboard_address=':0')
            kwargs.update(self.cluster_kwargs)
            self._cluster = LocalCluster(**kwargs)
            self._client = Client(self._cluster, set_as_default=False)
        return self._client

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` (connecting on first use)."""
        return self._connect()

    @property
    def n_workers(self) -> int:
        """Trials that run at once: the cluster's threads (waits up to 60 s for
        a first worker when connecting to an address)."""
        if self._slots is None:
            client = self._connect()
            if self.address or not self._own_client:
                client.wait_for_workers(1, timeout=60)
            info = client.scheduler_info()
            self._slots = max(1, sum(w.get('nthreads', 1) for w in info['workers'].values()))
        return self._slots

    # -- interface ------------------------------------------------------------------------------
    def start(self, workload: Any) -> None:
        """Connect (or start the local cluster) and prepare the workload."""
        try:
            self._blob = pickle.dumps(workload)
        except Exception as exc:
            raise OptimizationError(
                'a Dask study sends its setup to the workers by pickling, and it cannot be '
                'pickled (%s): give a module-level cerebro_factory function' % exc) from None
        self._token = hashlib.sha1(self._blob).hexdigest()[:16] + uuid.uuid4().hex[:8]
        self.n_workers

    def submit(self, task: Task) -> None:
        """Send one trial to the cluster."""
        fut = self._connect().submit(_run_on_worker, self._token, self._blob, task.payload,
                                     key='bt-trial-%d-%d-%s' % (task.number, task.attempt,
                                                               uuid.uuid4().hex[:8]),
                                     pure=False)
        deadline = time.monotonic() + self.trial_timeout if self.trial_timeout else None
        self._futures[fut] = (task, deadline, time.time())
        fut.add_done_callback(self._finished.put)

    @property
    def free_slots(self) -> int:
        """Trials that can be submitted now."""
        return max(0, self.n_workers - len(self._futures))

    @property
    def in_flight(self) -> int:
        """Trials submitted whose outcome was not yet taken."""
        return len(self._futures) + len(self._done)

    def as_completed(self, timeout: Optional[float] = None) -> Iterator[Outcome]:
        """Outcomes as trials finish (see ``Executor.as_completed``)."""
        limit = None if timeout is None else time.monotonic() + timeout
        while True:
            while self._done:
                yield self._done.popleft()
            if not self._futures:
                return
            now = time.monotonic()
            waits = [0.5]
            deadlines = [d for _, d, _ in self._futures.values() if d is not None]
            if deadlines:
                waits.append(max(0.0, min(deadlines) - now))
            if limit is not None:
                waits.append(max(0.0, limit - now))
            try:
                fut = self._finished.get(timeout=min(waits))
                if fut in self._futures:
                    self._collect(fut)
            except queue.Empty:
                pass
            self._check_deadlines()
            if not self._done and limit is not None and time.monotonic() >= limit:
                return

    def _collect(self, fut: Any) -> None:
        task, _, submitted = self._futures.pop(fut)
        status = fut.status
        if status == 'finished':
            body = fut.result()
            self._done.append(Outcome(task, 'ok', body['result'], started=body['started'],
                                      finished=body['finished'], worker=body['worker']))
            return
        exc = None
        try:
            exc = fut.exception()
        except Exception as err:      # cancelled or lost
            exc = err
        name = type(exc).__name__
        if name == 'KilledWorker':
            self._done.append(Outcome(task, 'crashed', error='TrialError: the trial killed the '
                                      'Dask workers that ran it (%s)' % exc, started=submitted,
                                      finished=time.time(), worker='dask'))
            log.warning('trial %d: Dask workers died running it', task.number)
            return
        tb = fut.traceback() if status == 'error' else None
        text = ''.join(traceback.format_exception(type(exc), exc, tb)).rstrip() \
            if exc is not None else 'the Dask task ended with status %s' % status
        portable = exc
        try:
            pickle.loads(pickle.dumps(exc))
        except Exception:
            portable = None
        self._done.append(Outcome(task, 'error', error=text, exc=portable, started=submitted,
                                  finished=time.time(), worker='dask'))

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        for fut, (task, deadline, submitted) in list(self._futures.items()):
            if deadline is None or now < deadline:
                continue
            del self._futures[fut]
            self._restart_worker_of(fut)
            fut.cancel()
            self._done.append(Outcome(task, 'timeout', error='TrialTimeout: trial exceeded its '
                                      'time limit of %gs (task cancelled, worker restarted)'
                                      % self.trial_timeout, started=submitted,
                                      finished=time.time(), worker='dask'))
            log.warning('trial %d timed out after %gs', task.number, self.trial_timeout)

    def _restart_worker_of(self, fut: Any) -> None:
        """A cancelled task keeps its thread busy: restart the worker running it."""
        try:
            client = self._connect()
            busy = [w for w, keys in client.processing().items() if fut.key in keys]
            if busy and hasattr(client, 'restart_workers'):
                client.restart_workers(busy, timeout=60)
        except Exception as exc:
            log.warning('could not restart the Dask worker of a timed-out trial: %s', exc)

    def shutdown(self) -> None:
        """Cancel what is left; close the client and the cluster we started."""
        for fut in list(self._futures):
            try:
                fut.cancel()
            except Exception:
                pass
        self._futures.clear()
        self._finished = queue.Queue()
        if self._own_client and self._client is not None:
            try:
                self._client.close()
            except Exception:
                pass
            self._client = None
        if self._cluster is not None:
            try:
                self._cluster.close()
            except Exception:
                pass
            self._cluster = None
        self._slots = None

    def __repr__(self) -> str:
        where = self.address or ('LocalCluster(%d)' % self._requested if self._own_client
                                 else 'client')
        return 'DaskExecutor(%s)' % where
