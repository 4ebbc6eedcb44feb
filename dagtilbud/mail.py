"""The e-mail backend when no mail server is configured (the laptop, a test installation): every message is logged
instead of sent. Its subject and the number of recipients at INFO; the message itself, whose links log a person in
to a page or unsubscribe them, only at DEBUG (the logger dagtilbud.mail: DEBUG with DEBUG=true, else LOG_LEVEL),
so a production log never holds one. Django's own console backend wrote whole messages to the worker's output."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger("dagtilbud.mail")


class LogBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            log.info("E-mail not sent (no mail server configured): %r to %d recipient(s)", message.subject,
                     len(message.recipients()))
            log.debug("The e-mail:\n%s", message.message().as_string())
        return len(email_messages)
