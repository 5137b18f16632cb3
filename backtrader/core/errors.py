"""Exception types.

The first four names are the ones backtrader users already catch; the rest are
this project's typed errors for bad input. Each typed error subclasses both
``BacktraderError`` and the builtin a caller would naturally expect (``ValueError``,
``TypeError``, ``FileNotFoundError``) so existing ``except`` clauses keep working.
"""
from __future__ import annotations

__all__ = [
    'BacktraderError', 'StrategySkipError', 'ModuleImportError',
    'FromModuleImportError', 'ParameterError', 'DataFeedError',
    'DataFileNotFoundError', 'DataFormatError', 'MissingFieldError', 'DateParseError',
    'DateRangeError', 'OrderError', 'OrderTypeError', 'SignalError', 'OptimizationError',
    'ParamSpaceError', 'MetricError', 'ObjectiveValueError', 'StudyMismatchError',
    'NoFeasibleTrialError', 'TrialError', 'StudyExistsError', 'ResampleError',
    'MixedLengthError', 'NotInWindowError', 'TimerParameterError', 'FeedSetupError',
    'OnlineFeedError',
    'StateError', 'StateKeyError', 'StateValueError', 'StateFileNotFoundError',
    'StateFileCorruptError', 'PickleNotAllowedError', 'FingerprintMismatchError',
    'CheckpointError', 'StateFormatError', 'PickleSecurityWarning',
]


class BacktraderError(Exception):
    """Base of every exception raised by the framework."""


class StrategySkipError(BacktraderError):
    """Raised in a strategy's ``__init__`` to drop that strategy from the run."""


class ModuleImportError(BacktraderError):
    """A module named in ``packages`` could not be imported."""

    def __init__(self, message: str, *args) -> None:
        super().__init__(message, *args)
        self.message = message


class FromModuleImportError(ModuleImportError):
    """A name listed in ``frompackages`` could not be imported."""


class ParameterError(BacktraderError, TypeError):
    """An unknown or invalid parameter keyword was given to a class."""


class DataFeedError(BacktraderError, ValueError):
    """Base for problems with a data feed's source."""


class DataFileNotFoundError(DataFeedError, FileNotFoundError):
    """The file named as a feed's ``dataname`` does not exist."""


class DataFormatError(DataFeedError):
    """The columns/tokens of a data source do not match the feed's params."""


class MissingFieldError(DataFormatError, IndexError):
    """A row lacks a field the feed reads: a blank line, or fewer columns than
    the feed's column params name. Also an ``IndexError``, the type the
    original framework raises for a short row."""


class DateParseError(DataFormatError):
    """A date/time field could not be parsed (names file and line)."""


class DateRangeError(DataFeedError):
    """``todate`` lies before ``fromdate``."""


class OrderError(BacktraderError, ValueError):
    """An order was requested with invalid arguments (size, price, type...)."""


class OrderTypeError(OrderError, TypeError):
    """An order argument of a type upstream cannot use either (it raises a
    ``TypeError`` for it, so this is one too)."""


class SignalError(BacktraderError, ValueError):
    """Signals were registered in a way no strategy can receive them."""


# -- optimisation (backtrader.optimizers) ------------------------------------------------------
class OptimizationError(BacktraderError):
    """Base of the errors raised by ``backtrader.optimizers``."""


class ParamSpaceError(OptimizationError, ValueError):
    """A parameter space is empty, names an unknown parameter or has an
    invalid range/step."""


class MetricError(OptimizationError, KeyError):
    """An objective or constraint names a metric the runs do not produce."""

    def __str__(self) -> str:           # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ''


class ObjectiveValueError(OptimizationError, ValueError):
    """An objective produced a value that cannot be ranked (NaN)."""


class StudyMismatchError(OptimizationError, ValueError):
    """A study resumed with a different space, objective, searcher, strategy or data."""


class StudyExistsError(OptimizationError, FileExistsError):
    """A study file already holds trials and neither resume nor overwrite was asked."""


class NoFeasibleTrialError(OptimizationError, LookupError):
    """A study has no trial that completed, met its constraints and scored."""


class TrialError(OptimizationError, RuntimeError):
    """A trial failed (raised, timed out or lost its worker)."""


class ResampleError(BacktraderError, ValueError):
    """A resampling/replaying target that cannot be met (strict checks)."""


class MixedLengthError(BacktraderError, IndexError):
    """Lines of datas with different lengths (timeframes) were combined where
    whole arrays are computed (runonce mode)."""


class NotInWindowError(BacktraderError, StopIteration):
    """A window searched for the value its own function picked does not hold
    it (a NaN in the window of ``FindFirstIndex``/``FindLastIndex``): a
    ``StopIteration``, what upstream's exhausted search raises."""


class TimerParameterError(BacktraderError, ValueError):
    """A timer was given a parameter it cannot work with (names the parameter)."""


class FeedSetupError(DataFeedError, IndexError):
    """A feed built from other feeds (chain, roll-over) was set up wrongly,
    e.g. given no data (an IndexError too: what backtrader raised)."""


class OnlineFeedError(DataFeedError):
    """A feed that downloads its data cannot run here; names the offline
    feed class reading the same data from a file."""


# -- run state (backtrader.state) -----------------------------------------------------------
class StateError(BacktraderError):
    """Base of the errors raised by ``backtrader.state`` (state files, checkpoints)."""


class StateKeyError(StateError, KeyError):
    """A state variable that was never registered nor set was read."""

    def __str__(self) -> str:           # KeyError would show the message quoted
        return str(self.args[0]) if self.args else ''


class StateValueError(StateError, TypeError):
    """A value cannot be stored exactly in a state file or checkpoint (the
    message names the variable and the place inside it)."""


class StateFileNotFoundError(StateError, FileNotFoundError):
    """The state file or checkpoint to load does not exist."""


class StateFileCorruptError(StateError, ValueError):
    """A state file or checkpoint is truncated, corrupted or not one at all;
    nothing was loaded from it."""


class PickleNotAllowedError(StateError, ValueError):
    """A pickle file would be loaded without the caller opting in to pickle
    (``allow_pickle=True``, ``format='pickle'`` or a ``.pkl`` path)."""


class FingerprintMismatchError(StateError, ValueError):
    """A checkpoint or state file was made by a different setup (strategy,
    parameters, datas, project version); ``differences`` lists what differs."""

    def __init__(self, message: str, differences=()) -> None:
        super().__init__(message)
        self.differences = list(differences)


class CheckpointError(StateError, RuntimeError):
    """A run cannot be checkpointed or resumed as asked."""


class StateFormatError(StateError, ValueError):
    """An unknown state file format was asked for."""


class PickleSecurityWarning(UserWarning):
    """Loading a pickle runs code stored in the file: never load one you did
    not write yourself."""
