"""Send one e-mail over SMTP with the standard library (any server: Postfix, a relay, aiosmtpd).

TLS always verifies the server's certificate and name (ssl.create_default_context, or the CA
bundle of CATALOGUE_SMTP_CA_CERTS for a private CA): STARTTLS upgrades a plain connection,
CATALOGUE_SMTP_SSL speaks TLS from the first byte (SMTPS). Header values are made single-line here,
whatever the stored text holds, so no message can fail (or inject headers) because of its subject.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Literal

from catalogue.settings import Settings

# Control characters (line breaks included), lone surrogates, and the Unicode line/paragraph separators.
_UNSAFE_HEADER = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
MAX_SUBJECT = 300

Verdict = Literal["refused", "retry", "server"]


def configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def header_text(value: str, limit: int = MAX_SUBJECT) -> str:
    """One safe header line: control characters and line breaks become spaces, spaces are collapsed."""
    return " ".join(_UNSAFE_HEADER.sub(" ", value).split())[:limit]


def body_text(value: str) -> str:
    """A body that can be encoded: lone surrogates (never valid Unicode) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", value)


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Verifies the certificate chain and the host name; a private CA through CATALOGUE_SMTP_CA_CERTS."""
    return ssl.create_default_context(cafile=str(settings.smtp_ca_certs) if settings.smtp_ca_certs else None)


def sender_domain(settings: Settings) -> str:
    address = parseaddr(settings.smtp_from)[1]
    return address.rpartition("@")[2] or "localhost"


def build(settings: Settings, *, to: str, subject: str, body: str, reference: str | None = None,
          lang: str | None = None) -> EmailMessage:
    """The message with Date and Message-ID (some servers and filters reject or score mail without them),
    and Content-Language when the language it is written in is known."""
    message = EmailMessage()
    message["From"] = header_text(settings.smtp_from, 320)
    message["To"] = header_text(to, 320)
    message["Subject"] = header_text(subject)
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(idstring=reference, domain=sender_domain(settings))
    message.set_content(body_text(body))
    if lang:  # after the content, which replaces every Content-* header
        message["Content-Language"] = header_text(lang, 35)
    return message


def classify(exc: BaseException) -> Verdict:
    """What a failed send means for this message.

    "refused": the server refused this message for good (5xx to its recipient or content), or the
    message cannot even be written; "retry": this message was refused for now (4xx); "server":
    the server cannot be reached or talked to (or refuses the sender): nothing goes through it now.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "refused" if all(code >= 500 for code, _ in exc.recipients.values()) else "retry"
    if isinstance(exc, smtplib.SMTPDataError):
        return "refused" if exc.smtp_code >= 500 else "retry"
    if isinstance(exc, OSError):  # every other SMTPException, TLS errors, timeouts, refused connections
        return "server"
    return "refused"


def describe(exc: BaseException) -> str:
    """The server's own words when it answered (code and text), else the error."""
    def said(code: int, text: bytes | str) -> str:
        return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"

    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {said(*answer)}" for address, answer in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        return said(exc.smtp_code, exc.smtp_error)
    return str(exc) or exc.__class__.__name__


def send(settings: Settings, *, to: str, subject: str, body: str, reference: str | None = None,
         timeout: float = 15.0, lang: str | None = None) -> None:
    """Raise OSError / smtplib.SMTPException when the server refuses or cannot be reached."""
    message = build(settings, to=to, subject=subject, body=body, reference=reference, lang=lang)
    host = settings.smtp_host or ""
    client: smtplib.SMTP
    if settings.smtp_ssl:
        client = smtplib.SMTP_SSL(host, settings.smtp_port, timeout=timeout, context=tls_context(settings))
    else:
        client = smtplib.SMTP(host, settings.smtp_port, timeout=timeout)
    with client:
        if settings.smtp_starttls:
            client.starttls(context=tls_context(settings))
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
        client.send_message(message)
