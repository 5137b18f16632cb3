"""Compat: upstream's import path ``backtrader.feed``; re-exports the feed bases."""
from .feeds.base import AbstractDataBase, DataBase, FeedBase, DataClone  # noqa: F401
from .feeds.csvbase import CSVDataBase, CSVFeedBase  # noqa: F401
from .core.legacymeta import MetaAbstractDataBase, MetaCSVDataBase, with_metaclass  # noqa: F401
