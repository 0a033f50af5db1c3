"""Email over SMTP to the school's own mail server, only when the school configures one."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage

from prudence.config import Settings


def mail_configured(settings: Settings) -> bool:
    return settings.smtp_host is not None


def send_mail(settings: Settings, to: Sequence[str], subject: str, body: str) -> None:
    """Sends one plain-text message; raises OSError or smtplib's errors when the server refuses."""
    if settings.smtp_host is None:
        raise RuntimeError("no mail server is configured (PRUDENCE_SMTP_HOST)")
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as server:
        if settings.smtp_starttls:
            server.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            server.login(settings.smtp_username, settings.smtp_password or "")
        server.send_message(message)
