"""Real receivers for notify's tests, benchmarks and the demo: an SMS gateway stub and an SMTP sink.

Both are real servers on 127.0.0.1 that record what arrived, thread-safely, so a test can
count at the receiving end across worker restarts. This is the only SMS gateway stub and SMTP
sink of the project: the tests (fixtures `sms_stub`, `smtp_sink`, `smtp_server`), the
benchmarks (bench/alerts.py) and `make demo` all use it. Run both as their own process with

    python -m turvaverkko.notify.testing --smtp-port 1025 --sms-port 8025 [--keep 500]

GET /stats on the SMS port then counts both; GET / is a page listing the text messages and
e-mails received, newest first (the demo's inbox at http://127.0.0.1:8025/), GET /api/messages
the same as JSON. Messages are kept in memory: a restart empties the inbox.
"""

import argparse
import asyncio
import contextlib
import html
import json
import re
import socket
import threading
import time
from collections import Counter, deque
from email import message_from_bytes, policy
from email.parser import BytesHeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
MAX_BODY = 64 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmsGatewayStub:
    """The generic HTTP SMS gateway of docs/notify.md, in memory.

    POST /sms {"id", "to", "from", "text"} -> 202 {"id", "provider_id", "status"};
    GET /sms/{id} -> 200 or 404; GET /sms lists accepted messages; GET /stats counts;
    GET / and GET /api/messages list what arrived (with the sink's e-mails), newest first;
    GET /arrivals?from=n the arrival times (time.time()) of POSTs from the n-th on.
    A `to` that is not E.164, or a missing field, gets 400 (permanent).
    A POST repeating an accepted id gets the same answer and is not stored twice (the
    gateway is idempotent on "id"), but every POST is kept in `requests`, so tests can
    check that the worker never relied on that.

    Faults: `mode` "ok", "http_500" (every POST fails) or "slow" (answers after `delay`
    seconds, having stored the message); `fail_next` = n fails the next n POSTs with 500;
    numbers in `invalid_numbers` get 400; `down()` stops listening (connection refused)
    and `up()` listens again on the same port.
    """

    def __init__(self, port: int = 0, token: str = "", sink: "CountingSmtpSink | None" = None):
        self.port = port or free_port()
        self.token = token
        self.sink = sink
        self.lock = threading.Lock()
        self.requests: list[dict] = []  # every POST, in arrival order
        self.messages: dict[str, dict] = {}  # accepted, by id
        self.lookups: list[str] = []
        self.mode = "ok"
        self.delay = 0.0
        self.fail_next = 0
        self.invalid_numbers: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self._connections: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> "SmsGatewayStub":
        stub = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def process_request(self, request, client_address):
                with stub.lock:
                    stub._connections.add(request)
                super().process_request(request, client_address)

            def handle_error(self, request, client_address):
                pass  # a client that went away (e.g. a killed worker) is not an error here

            def shutdown_request(self, request):
                with stub.lock:
                    stub._connections.discard(request)
                super().shutdown_request(request)

        self._server = Server(("127.0.0.1", self.port), _handler_for(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        with self.lock:
            open_connections = list(self._connections)
        for conn in open_connections:  # keep-alive connections too: the gateway is gone
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._server = None

    down = stop

    def up(self) -> "SmsGatewayStub":
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- what arrived -----------------------------------------------------------------

    def posts_by_id(self) -> Counter:
        with self.lock:
            return Counter(r["id"] for r in self.requests)

    def accepted(self) -> list[dict]:
        with self.lock:
            return list(self.messages.values())

    def stats(self) -> dict:
        with self.lock:
            out = {
                "sms_posts": len(self.requests),
                "sms_accepted": len(self.messages),
                "sms_lookups": len(self.lookups),
            }
        if self.sink is not None:
            out.update(self.sink.stats())
        return out

    # --- the gateway ------------------------------------------------------------------

    def handle_post(self, body: dict, auth: str) -> tuple[int, dict]:
        if self.token and auth != f"Bearer {self.token}":
            return 401, {"error": "unauthorized"}
        if not isinstance(body, dict):
            return 400, {"error": "the body must be a JSON object"}
        if not all(isinstance(body.get(k), str) and body[k].strip() for k in ("id", "to", "text")):
            return 400, {"error": "id, to and text are required"}
        if not E164.match(body["to"]) or len(body["id"]) > 200:
            return 400, {"error": "'to' must be an E.164 number such as +358505551234"}
        with self.lock:
            record = {**body, "time": time.monotonic(), "wall": time.time()}
            self.requests.append(record)
            if self.fail_next > 0:
                self.fail_next -= 1
                record["status"] = 500
                return 500, {"error": "temporary failure"}
            if self.mode == "http_500":
                record["status"] = 500
                return 500, {"error": "temporary failure"}
            if body["to"] in self.invalid_numbers:
                record["status"] = 400
                return 400, {"error": "invalid number"}
            known = self.messages.get(body["id"])
            if known is not None:
                if known["text"] != body["text"] or known["to"] != body["to"]:
                    record["status"] = 409
                    return 409, {"error": "id already used for another message"}
                record["status"] = 200
                return 200, _public(known)
            stored = {**body, "provider_id": f"gw-{len(self.messages) + 1}"}
            stored["status"] = "accepted"
            stored["received_at"] = record["wall"]
            self.messages[body["id"]] = stored
            record["status"] = 202
        if self.mode == "slow":
            time.sleep(self.delay)
        return 202, _public(stored)

    def handle_get(self, path: str) -> tuple[int, dict | list | str]:
        if path == "/stats":
            return 200, self.stats()
        if path in ("/", "/index.html"):
            return 200, render_page(self.listing())
        if path == "/api/messages":
            return 200, self.listing()
        if path.startswith("/arrivals?from="):  # wall-clock arrival times of POSTs n, n+1, …
            try:
                start = int(path.partition("=")[2])
            except ValueError:
                return 400, {"error": "from must be a number"}
            with self.lock:
                return 200, [r["wall"] for r in self.requests[start : start + 1000]]
        if path.rstrip("/") == "/sms":
            return 200, [_public(m) for m in self.accepted()]
        if path.startswith("/sms/"):
            key = path[len("/sms/") :]
            with self.lock:
                self.lookups.append(key)
                found = self.messages.get(key)
            return (200, _public(found)) if found else (404, {"error": "unknown id"})
        return 404, {"error": "not found"}

    def listing(self) -> dict:
        """What arrived, newest first: {"sms": [...], "mail": [...]} (mail: kept ones)."""
        sms = sorted(self.accepted(), key=lambda m: m["received_at"], reverse=True)
        return {"sms": sms, "mail": self.sink.mails() if self.sink is not None else []}


def _public(m: dict) -> dict:
    return {"id": m["id"], "provider_id": m["provider_id"], "status": m["status"]}


def _handler_for(stub: SmsGatewayStub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like a real gateway

        def setup(self):
            super().setup()
            # Answer at once: with Nagle's algorithm a small reply waits for the client's
            # delayed ACK (40 ms a request).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _reply(self, status: int, data) -> None:
            if isinstance(data, str):  # the inbox page
                payload, kind = data.encode(), "text/html; charset=utf-8"
            else:
                payload, kind = json.dumps(data, ensure_ascii=False).encode(), "application/json"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(payload)))
            self._headers_buffer.append(b"\r\n" + payload)  # headers and body in one write
            self.flush_headers()

        def do_POST(self):  # noqa: N802 (http.server API)
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True
                return self._reply(413, {"error": "the body is too large"})
            raw = self.rfile.read(length)
            if len(raw) < length:  # the client went away mid-request: nothing arrived
                return
            if self.path.rstrip("/") != "/sms":
                return self._reply(404, {"error": "not found"})
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                return self._reply(400, {"error": "body is not JSON"})
            status, data = stub.handle_post(body, self.headers.get("Authorization", ""))
            with contextlib.suppress(OSError):
                self._reply(status, data)

        def do_GET(self):  # noqa: N802
            status, data = stub.handle_get(self.path)
            self._reply(status, data)

        def log_message(self, format, *args):  # noqa: A002
            pass

    return Handler


class CountingSmtpSink:
    """A real SMTP server (aiosmtpd) that counts what arrived.

    Every message is counted (`raw`); `by_message_id` counts arrivals per Message-ID, and
    `mailbox()` is what a mailbox that files messages by Message-ID would show: one per
    id. Only headers are parsed, so it keeps up with a fast sender, unless `keep` asks
    for whole messages too (`messages`, parsed `email.message.EmailMessage` objects):
    None keeps all (tests), n the last n (the demo's inbox page), 0 none (benchmarks).
    """

    def __init__(self, port: int = 0, keep: int | None = 0):
        self.port = port or free_port()
        self.lock = threading.Lock()
        self.keep = keep
        self.messages: list | deque = [] if keep is None else deque(maxlen=keep or 0)
        self.rejected: set[str] = set()  # recipients answered "550 no such user"
        self.delay = 0.0  # seconds before answering DATA, to play a slow relay
        self.raw = 0
        self.by_message_id: Counter = Counter()
        self.recipients: dict[str, set[str]] = {}  # envelope recipient -> Message-IDs
        self._controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.rejected:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.keep != 0:
            headers = message_from_bytes(envelope.content, policy=policy.default)
        else:
            headers = BytesHeaderParser().parsebytes(envelope.content)
        mid = (headers.get("Message-ID") or "").strip()
        with self.lock:
            if self.keep != 0:
                self.messages.append(headers)
            self.raw += 1
            self.by_message_id[mid] += 1
            for rcpt in envelope.rcpt_tos:
                self.recipients.setdefault(rcpt, set()).add(mid)
        return "250 OK"

    def start(self) -> "CountingSmtpSink":
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # it logs every command
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def stats(self) -> dict:
        with self.lock:
            return {
                "email_raw": self.raw,
                "email_unique": len(self.by_message_id),
                "email_duplicates": self.raw - len(self.by_message_id),
            }

    def mailbox(self) -> dict[str, set[str]]:
        with self.lock:
            return {rcpt: set(ids) for rcpt, ids in self.recipients.items()}

    def bodies(self) -> list[str]:
        """The plain text (else HTML) of each kept message, in arrival order."""
        with self.lock:
            kept = list(self.messages)
        return [_text(m) for m in kept]

    def to(self, address: str) -> list:
        """Kept messages whose To header names `address`."""
        with self.lock:
            return [m for m in self.messages if address in (m["To"] or "")]

    def mails(self) -> list[dict]:
        """Kept messages for the inbox page, newest first."""
        with self.lock:
            kept = list(self.messages)
        return [
            {
                "from": str(m.get("From", "")),
                "to": str(m.get("To", "")),
                "subject": str(m.get("Subject", "")),
                "date": str(m.get("Date", "")),
                "message_id": str(m.get("Message-ID", "")),
                "body": _text(m),
            }
            for m in reversed(kept)
        ]


def _text(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10">
<title>Turvaverkko demo inbox</title>
<style>
body{{font-family:system-ui,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;
color:#1a1a1a}} h1{{font-size:1.4rem}} h2{{font-size:1.15rem;margin-top:2rem}}
article{{border:1px solid #767676;border-radius:4px;padding:.5rem .75rem;margin:.5rem 0}}
pre{{white-space:pre-wrap;margin:.5rem 0 0}} .meta{{color:#4a4a4a;font-size:.9rem}}
</style></head><body><main>
<h1>Turvaverkko demo inbox</h1>
<p>What the demo sent: text messages through the SMS gateway stub (POST /sms) and e-mail
through the local SMTP server. Newest first; the page refreshes every 10 seconds.</p>
<h2>Text messages ({sms_count})</h2>{sms}
<h2>E-mail ({mail_count})</h2>{mail}
</main></body></html>"""


def render_page(listing: dict) -> str:
    """The inbox page: every text message and the kept e-mails, newest first."""
    e = html.escape
    sms = "".join(
        f'<article><p class="meta">To <strong>{e(m["to"])}</strong> · '
        f"{e(time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(m['received_at'])))} · "
        f"id {e(m['id'])}</p><pre>{e(m['text'])}</pre></article>"
        for m in listing["sms"]
    )
    mail = "".join(
        f'<article><p class="meta">To <strong>{e(m["to"])}</strong> · From {e(m["from"])} · '
        f"{e(m['date'])}</p><h3>{e(m['subject'])}</h3><pre>{e(m['body'])}</pre></article>"
        for m in listing["mail"]
    )
    return PAGE.format(
        sms_count=len(listing["sms"]),
        mail_count=len(listing["mail"]),
        sms=sms or "<p>No text messages yet.</p>",
        mail=mail or "<p>No e-mail yet.</p>",
    )


def fake_messages(key: str, recipients: int, channels=("email", "sms")) -> list:
    """One alert to `recipients` made-up people, as notify.actions.Message objects."""
    from .actions import Message
    from .sms.text import compose_sms

    messages = []
    for i in range(recipients):
        text = compose_sms(
            "HARJOITUS",
            f"Hälytys {key}: kokoontuminen klo 18 Huittisten VPK:lla. "
            "Ota mukaan lämmintä vaatetta.",
            f"Vastaa K{i} / E{i}",
        )
        for channel in channels:
            address = f"person{i}@example.invalid" if channel == "email" else f"+35840{i:07d}"
            messages.append(
                Message(
                    recipient_key=f"person:{i}",
                    channel=channel,
                    address=address,
                    subject=f"Hälytys {key}",
                    body=text,
                    language="fi",
                )
            )
    return messages


def create_fake_dispatch(key: str, recipients: int, channels=("email", "sms")) -> int:
    """Queue one alert to `recipients` made-up people without enqueueing a task (for the
    fault test, run inside Django). Returns the number of deliveries created."""
    from .actions import queue_deliveries

    return queue_deliveries(key, fake_messages(key, recipients, channels), enqueue=False).new


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="SMTP sink and SMS gateway stub")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--sms-port", type=int, default=8025)
    parser.add_argument("--token", default="")
    parser.add_argument(
        "--keep", type=int, default=0, help="whole e-mails to keep for the inbox page (the demo)"
    )
    args = parser.parse_args(argv)
    sink = CountingSmtpSink(args.smtp_port, keep=args.keep).start()
    stub = SmsGatewayStub(args.sms_port, token=args.token, sink=sink).start()
    print(f"smtp://127.0.0.1:{sink.port} {stub.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_forever())
    stub.stop()
    sink.stop()


async def _forever():
    while True:
        await asyncio.sleep(3600)


if __name__ == "__main__":
    main()
