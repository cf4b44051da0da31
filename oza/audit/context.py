"""The request being served, so services can log who did what from where without a request."""

from contextvars import ContextVar

current_request = ContextVar("oza_current_request", default=None)
