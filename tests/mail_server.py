"""A real SMTP server on loopback (aiosmtpd), for tests of how mails travel: which connection
each mail came over, and a server that drops a connection or refuses a recipient."""

import asyncio
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Recorder:
    """The handler: keeps each mail received with the connection it came over (the client's
    address and port), drops a connection after its first mail when told, refuses ``refused``."""

    received: list[tuple[tuple, str]] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)
    # "announced": 421 and close, as Postfix does at its idle timeout; "silent": just close.
    drop_after_first_mail: str | None = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.drop_after_first_mail and getattr(session, "mails", 0):
            if self.drop_after_first_mail == "silent":
                server.transport.close()
            else:
                asyncio.get_running_loop().call_soon(server.transport.close)
            return "421 4.4.2 Error: timeout exceeded"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        session.mails = getattr(session, "mails", 0) + 1
        self.received.append((session.peer, envelope.rcpt_tos[0]))
        return "250 OK"

    def connections(self) -> int:
        return len({peer for peer, _ in self.received})

    def recipients(self) -> list[str]:
        return [to for _, to in self.received]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """Mail goes to a real SMTP server on loopback; yields its Recorder."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield recorder
    finally:
        controller.stop()
