"""Send one e-mail over SMTP with the standard library (any server: Postfix, a relay, aiosmtpd)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from catalogue.settings import Settings


def configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def send(settings: Settings, *, to: str, subject: str, body: str, timeout: float = 15.0) -> None:
    """Raise OSError / smtplib.SMTPException when the server refuses or cannot be reached."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host or "", settings.smtp_port, timeout=timeout) as client:
        if settings.smtp_starttls:
            client.starttls()
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
        client.send_message(message)
