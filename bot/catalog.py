"""The flows this process knows: the current ones, and older versions conversations started on."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.machine import FlowMachine
from bot.loading.flows import LoadedFlow, flow_from_json
from bot.logsafe import SafeMessage


class UnknownFlow(SafeMessage, LookupError):
    pass


class FlowCatalog:
    """One shared state machine per flow version."""

    def __init__(self, flows: Mapping[str, LoadedFlow]) -> None:
        self._current = {name: FlowMachine(loaded.flow) for name, loaded in flows.items()}
        self._versions = {(m.flow.flow, m.flow.version): m for m in self._current.values()}

    @property
    def names(self) -> list[str]:
        return sorted(self._current)

    def current(self, name: str) -> FlowMachine:
        try:
            return self._current[name]
        except KeyError:
            raise UnknownFlow(f"there is no flow '{name}'; known flows: "
                              f"{', '.join(self.names) or 'none'}") from None

    def version(self, name: str, version: str, stored: str | None) -> FlowMachine:
        """The machine for an exact version; built from the stored definition when needed."""
        machine = self._versions.get((name, version))
        if machine is None:
            if stored is None:
                raise UnknownFlow(f"flow '{name}' version {version} is not stored")
            machine = FlowMachine(flow_from_json(stored))
            self._versions[(name, version)] = machine
        return machine

    def knows(self, name: str, version: str) -> bool:
        return (name, version) in self._versions
