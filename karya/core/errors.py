"""The one error type a user can cause (bad input, illegal transition, insufficient stock).

Services raise `DomainError` with a translated message; HTML views show it next to the field
(or at the top of the form), the API returns it as JSON with a 4xx status and a stable code.
"""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """A rule was broken by what the user asked; nothing has been written.

    `code` is stable and machine-readable (API clients switch on it); `message` is translated;
    `field` names the form field at fault, if one is; `details` lists several problems at once
    (an import with many bad rows).
    """

    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        field: str | None = None,
        details: Iterable[object] = (),
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.field = field
        self.details = list(details)


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, a record changed meanwhile)."""

    status = 409
