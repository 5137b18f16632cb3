"""``StatefulStrategy``: a strategy whose variables survive restarts.

Its ``self.state`` is configured from parameters: the state file
(``state_path``, ``state_format``), ``auto_save`` every ``save_interval``
bars, loading the file when the run starts if it exists (``state_resume``)
and saving it when the run stops (``state_save_on_stop``). Class attribute
``state_vars`` registers variables with their defaults, ``timed_state_vars``
timed variables.
"""
from __future__ import annotations

from ..strategy import Strategy

__all__ = ['StatefulStrategy']


class StatefulStrategy(Strategy):
    """Strategy with a configured ``StateManager`` as ``self.state``."""

    params = (
        ('state_path', None),           # the state file (None: save()/load() need a path)
        ('state_format', None),         # 'json', 'sqlite', 'shelve', 'pickle' (None: by path)
        ('auto_save', False),           # save every save_interval bars
        ('save_interval', 100),
        ('state_resume', True),         # load the state file at start when it exists
        ('state_save_on_stop', True),   # save at the end of the run (with a state_path)
    )

    #: plain variables registered at construction: name -> default
    state_vars: dict = {}
    #: timed variables registered at construction
    timed_state_vars: tuple = ()

    def _bt_preinit_hook(self) -> None:
        super()._bt_preinit_hook()
        p = self.params
        manager = self._bt_state_manager()
        manager.configure(path=p.state_path, format=p.state_format,
                          save_interval=p.save_interval)
        for name, default in dict(self.state_vars).items():
            manager.register(name, default)
        for name in self.timed_state_vars:
            manager.register(name, timed=True)
        manager.auto_save = p.auto_save

    def _bt_state_manager(self):
        """The strategy's manager, even when a user attribute hides ``state``."""
        manager = self.__dict__.get('_bt_state')
        if manager is None:
            manager = Strategy.state.lookup(self)
        return manager

    def _start(self) -> None:
        manager = self._bt_state_manager()
        p = self.params
        if p.state_resume and manager.path is not None and manager.exists():
            manager.load()
        super()._start()

    def _stop(self) -> None:
        super()._stop()
        manager = self._bt_state_manager()
        if self.params.state_save_on_stop and manager.path is not None:
            manager.save()
