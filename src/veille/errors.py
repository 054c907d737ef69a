"""One family of errors. Each carries a status; only the edges (cli.py, web/) turn
them into messages, exit codes or HTTP responses."""

from __future__ import annotations


class VeilleError(Exception):
    """Base of every error veille raises on purpose."""

    status = 500
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(VeilleError):
    status = 400
    exit_code = 2


class InvalidValue(BadRequest, ValueError):
    """A domain value that does not validate (a month "2020-13", a negative count)."""


class InputRefused(BadRequest):
    """A whole input file is not what it claims to be; nothing was written.

    `path` names the file, `expected` what veille was looking for."""

    def __init__(self, path: str, problem: str, expected: str | None = None):
        message = f"{path}: {problem}"
        if expected:
            message += f" (expected {expected})"
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.expected = expected


class BadRecord(BadRequest):
    """One input record is unusable; it goes to quarantine with this reason."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class SettingError(BadRequest):
    """A setting has a value its validator refuses."""


class Unauthorized(VeilleError):
    """No valid session or API token, or a wrong password."""

    status = 401
    exit_code = 1


class NotFound(VeilleError):
    status = 404
    exit_code = 1


class Forbidden(VeilleError):
    status = 403
    exit_code = 1


class Conflict(VeilleError):
    status = 409
    exit_code = 1


class TooManyRequests(VeilleError):
    """A rate limit (logins, community reports) is exhausted; ``retry_after`` in seconds."""

    status = 429
    exit_code = 1

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after


class StoreError(VeilleError):
    """The database could not do what was asked (locked, corrupt, wrong version)."""

    status = 503
    exit_code = 1


class Offline(VeilleError):
    """A live source could not be reached; veille works on without it."""

    status = 503
    exit_code = 3


class UpstreamError(VeilleError):
    """A live source answered, but not with what it should have."""

    status = 502
    exit_code = 3
