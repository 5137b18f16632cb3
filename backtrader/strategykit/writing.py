"""``WriterOutput``: what a strategy gives writers (``cerebro.addwriter``):
column headers, the values of each bar, a summary at the end."""
from __future__ import annotations

import itertools

from ..utils.autodict import AutoOrderedDict

__all__ = ['WriterOutput']


class WriterOutput:
    """Writer support for a strategy (mixed into ``Strategy``)."""

    def getwriterheaders(self) -> list:
        """Column names for writers: this strategy, its indicators and observers, line by line."""
        self.indobscsv = [self]
        indobs = itertools.chain(self.getindicators_lines(), self.getobservers())
        self.indobscsv.extend(filter(lambda x: x.csv, indobs))
        headers = []
        for iocsv in self.indobscsv:
            name = iocsv.plotinfo.plotname or type(iocsv).__name__
            headers.append(name)
            headers.append('len')
            headers.extend(iocsv.lines.getlinealiases())
        return headers

    def getwritervalues(self) -> list:
        """The current bar's values for writers, in ``getwriterheaders`` order."""
        values = []
        for iocsv in self.indobscsv:
            name = iocsv.plotinfo.plotname or type(iocsv).__name__
            values.append(name)
            lio = len(iocsv)
            values.append(lio)
            if lio:
                values.extend(line[0] for line in iocsv.lines.itersize())
            else:
                values.extend([''] * iocsv.lines.size())
        return values

    def getwriterinfo(self):
        """Summary tree written by writers at the end of a run."""
        def describe(obj):
            return obj.lines.getlinealiases() or None, obj.p._getkwargs() or None

        info = AutoOrderedDict()
        info['Params'] = self.p._getkwargs()
        for section, members in (('Indicators', self.getindicators_lines()),
                                 ('Observers', self.getobservers())):
            node = info[section]
            for obj in members:
                entry = node[type(obj).__name__]
                entry.Lines, entry.Params = describe(obj)
        an = info.Analyzers
        an.Value.Begin, an.Value.End = self.broker.startingcash, self.broker.getvalue()
        for name, analyzer in self.analyzers.getitems():
            an[name].Params = analyzer.p._getkwargs() or None
            an[name].Analysis = analyzer.get_analysis()
        return info
