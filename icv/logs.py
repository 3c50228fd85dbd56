"""Request logs without the secrets that travel in paths.

A calendar feed, an application's status page, an invitation and a password reset are each
opened by a token in the path. Access logs keep paths for months and are read by more people
than the database, so the token is replaced by ``[redacted]`` before a line is written: in
gunicorn's access and error logs (``--logger-class icv.logs.RedactingLogger``) and in the
development server's log (``icv serve``). The referring page is redacted too: a status page's
stylesheet request names the page it came from.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "[redacted]"

#: The paths whose last segment is a secret (tests/test_logs.py checks every route with a
#: ``<token>`` is here). The path starts the text, follows a space or quote (a request line)
#: or a host (a full address, e.g. the Referer).
TOKEN_PATH = re.compile(
    r"(?P<before>^|[\s\"']|://[^/\s\"']+)"
    r"(?P<path>/(?:calendar|apply/status|invitation|password/reset)/)"
    r"(?P<token>[^/\s?#\"']+?)(?P<suffix>\.ics)?(?=[\s?#\"']|$)"
)


def redact(text: str) -> str:
    return TOKEN_PATH.sub(lambda m: m["before"] + m["path"] + REDACTED + (m["suffix"] or ""), text)


class RedactTokens(logging.Filter):
    """Rewrite each record's message with the tokens in paths redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def redact_log(logger: logging.Logger) -> None:
    if not any(isinstance(f, RedactTokens) for f in logger.filters):
        logger.addFilter(RedactTokens())


class RedactingLogger(Logger):
    """gunicorn's logger, every access-log atom (request line, path, referrer, headers and
    environ) and every error-log message redacted."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        redact_log(self.error_log)

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(v) if isinstance(v, str) else v for key, v in atoms.items()}
