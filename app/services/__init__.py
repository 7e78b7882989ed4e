"""Business logic, one sub-package per area as the pages name them (reference, cases, requests,
booking, planning, rearranging, notifications, accounts, reports); audit, settings, health and
the deadlock retry serve them all. Services are the only place that commits."""


class ServiceError(ValueError):
    """Bad input or a refused action, with a message an admin can act on. Nothing was changed."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ServiceError):
    pass


class Clash(ServiceError):
    """Refused because of other bookings (made since, or at the same moment): nothing changed."""

    def __init__(self, message: str, field: str | None = None, clashes: list[str] | None = None):
        super().__init__(message, field)
        self.clashes = clashes or [message]
