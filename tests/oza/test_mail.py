"""Many mails over one connection to the mail server (oza.mail.MailBatch), against a real SMTP
server on loopback."""

import smtplib

import pytest
from django.core.mail import EmailMessage

from oza.mail import MailBatch
from tests.mail_server import free_port


def message(to: str) -> EmailMessage:
    return EmailMessage(subject="Herinnering", body="Tekst", to=[to])


def test_the_mails_of_a_batch_go_over_one_connection(smtp_server):
    with MailBatch() as mail:
        for n in range(3):
            mail.send(message(f"collega{n}@example.nl"))

    assert smtp_server.recipients() == [f"collega{n}@example.nl" for n in range(3)]
    assert smtp_server.connections() == 1


def test_a_batch_with_nothing_to_send_never_connects(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens

    with MailBatch():
        pass

    with pytest.raises(ConnectionRefusedError), MailBatch() as mail:
        mail.send(message("collega@example.nl"))


@pytest.mark.parametrize("how", ["announced", "silent"])
def test_a_connection_the_server_dropped_is_opened_again_for_the_next_mail(smtp_server, how):
    smtp_server.drop_after_first_mail = how

    with MailBatch() as mail:
        for n in range(3):
            mail.send(message(f"collega{n}@example.nl"))

    assert smtp_server.recipients() == [f"collega{n}@example.nl" for n in range(3)]
    assert smtp_server.connections() == 3


def test_after_a_refused_mail_the_next_ones_still_go_out(smtp_server):
    smtp_server.refused = {"weg@example.nl"}

    with MailBatch() as mail:
        mail.send(message("collega1@example.nl"))
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            mail.send(message("weg@example.nl"))
        mail.send(message("collega2@example.nl"))

    assert smtp_server.recipients() == ["collega1@example.nl", "collega2@example.nl"]
