"""Many mails over one connection to the mail server.

``EmailMessage.send()`` opens a connection of its own for every mail: a TCP handshake, STARTTLS
and a login each time, tens to hundreds of milliseconds against a real mail server. A sweep
that sends thousands of reminders, or a chair inviting a whole MDO, sends them through one
``MailBatch`` instead.
"""

import smtplib

from django.core.mail import EmailMessage, get_connection


class MailBatch:
    """``with MailBatch() as mail: mail.send(message)``: the connection opens with the first
    mail (a batch with nothing to send never connects) and closes at the end. A mail server
    may drop a connection left idle between mails (while a sweep reads its next rows): a mail
    that finds it gone is sent once more over a fresh one, once. After any other failure the
    connection is closed, so the next mail opens a fresh one instead of failing on a broken
    one; the caller decides what a failed mail means (it raises as ``send()`` would)."""

    def __enter__(self) -> "MailBatch":
        self.connection = get_connection()
        return self

    def __exit__(self, *exc_info) -> None:
        self.connection.close()

    def send(self, message: EmailMessage) -> None:
        message.connection = self.connection
        try:
            # Opening an open connection does nothing and returns False; the backend leaves
            # open after sending what it did not open itself.
            reused = self.connection.open() is False
            try:
                message.send()
            except smtplib.SMTPException as error:
                if not (reused and _connection_gone(error)):
                    raise
                self.connection.close()
                self.connection.open()
                message.send()
        except Exception:
            self.connection.close()
            raise


def _connection_gone(error: smtplib.SMTPException) -> bool:
    """The server closed the connection: without a word, or with 421 (service closing the
    channel), as Postfix answers the next command after its idle timeout."""
    return isinstance(error, smtplib.SMTPServerDisconnected) or (
        getattr(error, "smtp_code", None) == 421
    )
