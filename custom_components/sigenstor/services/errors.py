"""The one error translator of every action: only translated errors reach the caller."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
import functools
from typing import Any

from homeassistant.exceptions import HomeAssistantError

from ..const import DOMAIN
from ..sigen import SigenError


def translated[**P, R](
    handler: Callable[P, Coroutine[Any, Any, R]],
) -> Callable[P, Coroutine[Any, Any, R]]:
    """Let only translated errors out of an action: no raw exception reaches the caller."""

    @functools.wraps(handler)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await handler(*args, **kwargs)
        except HomeAssistantError:
            raise
        except SigenError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="write_failed",
                translation_placeholders={"error": str(err)},
            ) from err
        except OSError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="storage_failed",
                translation_placeholders={"error": str(err)},
            ) from err

    return wrapper
