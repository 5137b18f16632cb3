"""Compat: upstream's import path ``backtrader.feed``; re-exports the feed bases."""
from .feeds.base import AbstractDataBase, DataBase, FeedBase  # noqa: F401
from .feeds.clone import DataClone  # noqa: F401
from .feeds.resample.filter import Resampler, Replayer  # noqa: F401
from .feeds.csvbase import CSVDataBase, CSVFeedBase  # noqa: F401
from .core.legacymeta import MetaAbstractDataBase, MetaCSVDataBase, with_metaclass  # noqa: F401
