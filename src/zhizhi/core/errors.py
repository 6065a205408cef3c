"""The errors a service or access check raises; the API and the pages turn each into a clear answer.

ApplicationError            400  the request cannot be carried out
├── InvalidInput            422  a value is wrong (names the field in `extra`)
├── NotFound                404  absent, or not visible to this actor
├── Forbidden               403  visible, but this actor may not do it
├── Conflict                409  the object's state does not allow it (InvalidTransition, duplicates)
│   └── InvalidTransition
└── PayloadTooLarge         413
"""

from typing import Any


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message a person can read."""

    status = 400

    def __init__(self, message: Any, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.extra = extra or {}


class InvalidInput(ApplicationError):
    status = 422


class NotFound(ApplicationError):
    status = 404


class Forbidden(ApplicationError):
    status = 403


class Conflict(ApplicationError):
    status = 409


class InvalidTransition(Conflict):
    pass


class PayloadTooLarge(ApplicationError):
    status = 413


class TooManyRequests(ApplicationError):
    status = 429
