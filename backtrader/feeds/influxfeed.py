"""``InfluxDB``: bars queried from an InfluxDB server (not available)."""
from __future__ import annotations

from ..utils.timeframe import TimeFrame
from .base import DataBase
from .quandl import online_error

__all__ = ['InfluxDB']


class InfluxDB(DataBase):
    """Bars of an InfluxDB measurement (not available: starting it raises
    ``OnlineFeedError``; export the measurement to CSV and read it with
    ``GenericCSVData``)."""

    # connection, then the field read for each line (upstream's names and order)
    params = dict(host='127.0.0.1', port='8086', username=None, password=None,
                  database=None, timeframe=TimeFrame.Days, startdate=None,
                  high='high_p', low='low_p', open='open_p', close='close_p',
                  volume='volume', ointerest='oi')

    def start(self) -> None:
        raise online_error(type(self).__name__, 'an InfluxDB server', 'GenericCSVData')
