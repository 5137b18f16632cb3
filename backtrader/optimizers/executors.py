"""The executors studies run their trials on (``SerialExecutor``,
``ProcessExecutor``, ``make_executor``): defined in ``backtrader.engine.executors``
(``cerebro.optstrategy`` uses them too), offered here as part of the
optimizers' API."""
from ..engine.executors import (Executor, Outcome, ProcessExecutor, SerialExecutor, Task,
                                TrialTimeout, make_executor)

__all__ = ['Task', 'Outcome', 'Executor', 'SerialExecutor', 'ProcessExecutor', 'make_executor',
           'TrialTimeout']
