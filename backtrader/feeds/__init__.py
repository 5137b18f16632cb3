"""Data feeds (``bt.feeds``).

Layer: components. May import: core, utils, lines, model; not strategy.py,
engine or above.
"""
from .dataseries import DataSeries, OHLC, OHLCDateTime, SimpleFilterWrapper
from .base import AbstractDataBase, DataBase, FeedBase
from .csvbase import CSVDataBase, CSVFeedBase
from .generic import GenericCSVData, GenericCSV
from .btcsv import BacktraderCSVData, BacktraderCSV
from .yahoo import (YahooFinanceCSVData, YahooLegacyCSV, YahooFinanceCSV, YahooFinanceData,
                    YahooFinance)
from .quandl import QuandlCSV, Quandl
from .influxfeed import InfluxDB
from .parallelcsv import ParallelCSVLoader
from .pandafeed import PandasData, PandasDirectData
from .sierrachart import SierraChartCSVData
from .mt4csv import MT4CSVData
from .vchartcsv import VChartCSVData, VChartCSV
from .vchart import VChartData, VChartFeed
from .vchartfile import VChartFile
from .chainer import Chainer
from .rollover import RollOver
from . import csvgeneric
from ..utils.timeframe import TimeFrame
# upstream's names, for legacy code building classes with them
from ..core.legacymeta import MetaParams, with_metaclass
