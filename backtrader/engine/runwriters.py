"""The writers of a run (``cerebro.addwriter``, ``writer=True``): built per
run, told the column headers, given a row per bar and the summary at the end."""
from __future__ import annotations

from collections import OrderedDict

__all__ = ['build_writers', 'announce_data_headers', 'announce_strategy_headers', 'write_row',
           'write_summary']


def build_writers(specs: list, writer_param: bool) -> list:
    """The writer objects of a run: ``WriterFile()`` for ``writer=True``,
    then one per ``addwriter`` spec (class, args, kwargs)."""
    out = []
    if writer_param:
        from ..writer import WriterFile
        out.append(WriterFile())
    for wrcls, wrargs, wrkwargs in specs:
        out.append(wrcls(*wrargs, **wrkwargs))
    return out


def csv_writers(writers: list) -> list:
    """The writers writing csv rows."""
    return [w for w in writers if w.p.csv]


def announce_data_headers(writers: list, datas: list) -> None:
    """Tell csv writers the column names the csv-enabled datas produce."""
    headers = [h for feed in datas if feed.csv for h in feed.getwriterheaders()]
    for csv_writer in csv_writers(writers):
        csv_writer.addheaders(headers)


def announce_strategy_headers(writers: list, strategy) -> None:
    """Tell csv writers the column names ``strategy`` produces."""
    csvwriters = csv_writers(writers)
    if csvwriters:
        columns = strategy.getwriterheaders()
        for csv_writer in csvwriters:
            csv_writer.addheaders(columns)


def write_row(writers: list, datas: list, strategies: list) -> None:
    """One bar: the csv row of the datas and strategies to every csv writer."""
    csvwriters = csv_writers(writers)
    if not csvwriters:
        return
    row = [value for data in datas if data.csv for value in data.getwritervalues()]
    for strat in strategies:
        row += strat.getwritervalues()
    for writer in csvwriters:
        writer.addvalues(row)
        writer.next()


def write_summary(writers: list, datas: list, strategies: list) -> None:
    """End of the run: the summary tree to every writer, then stop them."""
    if not writers:
        return
    summary = OrderedDict(
        Datas=OrderedDict(('Data%d' % k, d.getwriterinfo()) for k, d in enumerate(datas)),
        Strategies={type(strat).__name__: strat.getwriterinfo() for strat in strategies})
    for writer in writers:
        writer.writedict(dict(Cerebro=summary))
        writer.stop()
