"""One registry of change callbacks, shared by the controller, the schedules and the optimiser."""

from __future__ import annotations

from homeassistant.core import CALLBACK_TYPE, callback


class Listeners:
    """Callbacks run after every change; removing one twice is harmless."""

    def __init__(self) -> None:
        """Start empty."""
        self._callbacks: list[CALLBACK_TYPE] = []

    @callback
    def add(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` after every change; returns the function that stops it."""
        self._callbacks.append(update)

        @callback
        def remove() -> None:
            if update in self._callbacks:  # an entity and its unload may both remove it
                self._callbacks.remove(update)

        return remove

    @callback
    def notify(self) -> None:
        """Run every callback (a copy: one may remove itself while running)."""
        for update in list(self._callbacks):
            update()


class Observable:
    """What entities follow: `async_add_listener`; the owner calls `_notify` after each change.

    The class using it sets `self._listeners = Listeners()` in its own constructor.
    """

    _listeners: Listeners

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` after every change; returns the function that stops it."""
        return self._listeners.add(update)

    @callback
    def _notify(self) -> None:
        self._listeners.notify()
