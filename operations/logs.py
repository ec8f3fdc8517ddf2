"""Logs with a request id, as plain text or as one JSON object a line (``LOG_FORMAT=json``).

The id comes from the request's ``X-Request-ID`` (a proxy's) when it looks
like one, else it is made here; it is sent back in the response's
``X-Request-ID`` and stamped on every line logged while the request runs. A
Celery job's lines carry the job's id instead.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def incoming_id(header: str | None) -> str:
    """The proxy's request id if it is a plain token, else a new one."""
    if header and SAFE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record: the request's, the Celery job's, or '-'."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = request_id.get()
        if current == "-":
            from celery import current_task

            if current_task and current_task.request and current_task.request.id:
                current = current_task.request.id
        record.request_id = current
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and any exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
