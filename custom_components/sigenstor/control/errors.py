"""The translated error every control action raises (never a raw exception)."""

from __future__ import annotations

from homeassistant.exceptions import HomeAssistantError

from ..const import DOMAIN


class ControlError(HomeAssistantError):
    """A command could not be carried out (translated)."""

    def __init__(self, key: str, **placeholders: object) -> None:
        """Build a translated error."""
        values = {name: str(value) for name, value in placeholders.items()}
        super().__init__(
            translation_domain=DOMAIN, translation_key=key, translation_placeholders=values
        )
        self.placeholders = values
