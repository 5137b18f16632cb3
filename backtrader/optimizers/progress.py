"""The progress bar of a study (tqdm): trials done of the expected total,
ETA, trials per second and the best score and parameters so far."""
from __future__ import annotations

import sys
from typing import Optional

__all__ = ['Progress']


class Progress:
    """A tqdm bar on stderr, or nothing when disabled."""

    def __init__(self, total: Optional[int], metric: str, enabled: bool = True) -> None:
        self.metric = metric
        self._bar = None
        self._shown = 0
        if enabled:
            from tqdm.auto import tqdm
            self._bar = tqdm(total=total, unit='trial', desc='optimizing', file=sys.stderr,
                             dynamic_ncols=True, leave=True)

    def update(self, done: int, best=None) -> None:
        bar = self._bar
        if bar is None:
            return
        if done > self._shown:
            bar.update(done - self._shown)
            self._shown = done
        if best is not None:
            params = ' '.join('%s=%s' % kv for kv in best.params.items())
            bar.set_postfix_str('best %s=%.6g (%s)' % (self.metric, best.score, params),
                                refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
