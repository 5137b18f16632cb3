"""Data feeds (``bt.feeds``)."""
from .dataseries import DataSeries, OHLC, OHLCDateTime, SimpleFilterWrapper
from .base import AbstractDataBase, DataBase, FeedBase, DataClone
from .csvbase import CSVDataBase, CSVFeedBase
from .generic import GenericCSVData, GenericCSV
from .btcsv import BacktraderCSVData, BacktraderCSV
from ..utils.timeframe import TimeFrame
