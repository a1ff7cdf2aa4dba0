"""Local stand-ins for the outside world: a mail catcher (SMTP) and an SMS gateway stub (HTTP),
with one small web page that lists what both received, newest first.

    python -m turvaverkko.web.demo.devservices --smtp-port 1025 --http-port 8025

SMS gateway protocol (the generic HTTP gateway format of Turvaverkko's SMS transport):

    POST /sms   Content-Type: application/json   [Authorization: Bearer <token>]
    {"to": "+358505551234", "text": "...", "id": "<delivery id>", "sender": "Turvaverkko"}
    200 {"status": "accepted", "id": "<delivery id>"}          (also for a repeated id)
    400 {"status": "rejected", "error": "..."}                  (permanent: do not retry)
    401 {"status": "rejected", "error": "unauthorised"}        (when started with --token)

`id` is the idempotency key: a repeated id is answered as accepted and not stored again.
GET /api/messages returns {"mail": [...], "sms": [...]} for scripts and tests.
Everything is stored as files under the storage directory (mail/*.eml, sms/*.json).
"""

import argparse
import email
import hashlib
import html
import json
import re
import signal
import socket
import threading
import time
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
MAX_BODY = 64 * 1024


class MessageStore:
    """Received e-mails and text messages as files, so any process can read them."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.mail_dir = self.root / "mail"
        self.sms_dir = self.root / "sms"
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        self.sms_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    @staticmethod
    def _stamp() -> str:
        return f"{time.time_ns():020d}"

    def save_mail(self, mail_from: str, rcpt_tos: list[str], content: bytes) -> Path:
        envelope = f"X-Envelope-From: {mail_from}\r\nX-Envelope-To: {', '.join(rcpt_tos)}\r\n"
        path = self.mail_dir / f"{self._stamp()}.eml"
        path.write_bytes(envelope.encode() + content)
        return path

    def save_sms(self, message: dict) -> tuple[dict, bool]:
        """Store a text message once per id; returns (stored message, was it new)."""
        name = hashlib.sha256(message["id"].encode()).hexdigest()[:32]
        path = self.sms_dir / f"{name}.json"
        with self._lock:
            if path.exists():
                return json.loads(path.read_text(encoding="utf-8")), False
            stored = {**message, "received_at": time.time()}
            path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
            return stored, True

    def mails(self) -> list[dict]:
        out = []
        for path in sorted(self.mail_dir.glob("*.eml"), reverse=True):
            msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            body = msg.get_body(preferencelist=("plain", "html"))
            out.append(
                {
                    "name": path.stem,
                    "from": str(msg.get("From", "")),
                    "to": str(msg.get("To", "")) or str(msg.get("X-Envelope-To", "")),
                    "subject": str(msg.get("Subject", "")),
                    "date": str(msg.get("Date", "")),
                    "body": body.get_content() if body else "",
                }
            )
        return out

    def sms(self) -> list[dict]:
        messages = [json.loads(p.read_text(encoding="utf-8")) for p in self.sms_dir.glob("*.json")]
        return sorted(messages, key=lambda m: m["received_at"], reverse=True)


class SMTPHandler:
    """aiosmtpd handler that files every message in the store."""

    def __init__(self, store: MessageStore):
        self.store = store

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.store.save_mail(envelope.mail_from, envelope.rcpt_tos, envelope.original_content)
        return "250 Message accepted for delivery"


def validate_sms(payload) -> str | None:
    if not isinstance(payload, dict):
        return "the body must be a JSON object"
    for name in ("to", "text", "id"):
        if not isinstance(payload.get(name), str) or not payload[name].strip():
            return f"'{name}' is required and must be a non-empty string"
    if not E164.match(payload["to"]):
        return "'to' must be an E.164 number such as +358505551234"
    if len(payload["id"]) > 200:
        return "'id' is too long"
    return None


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


def render_page(store: MessageStore) -> str:
    e = html.escape
    sms = "".join(
        f'<article><p class="meta">To <strong>{e(m["to"])}</strong> · '
        f"{e(time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(m['received_at'])))} · "
        f"id {e(m['id'])}</p><pre>{e(m['text'])}</pre></article>"
        for m in store.sms()
    )
    mail = "".join(
        f'<article><p class="meta">To <strong>{e(m["to"])}</strong> · From {e(m["from"])} · '
        f"{e(m['date'])}</p><h3>{e(m['subject'])}</h3><pre>{e(m['body'])}</pre></article>"
        for m in store.mails()
    )
    return PAGE.format(
        sms_count=len(store.sms()),
        mail_count=len(store.mails()),
        sms=sms or "<p>No text messages yet.</p>",
        mail=mail or "<p>No e-mail yet.</p>",
    )


def make_handler(store: MessageStore, token: str = ""):
    class Handler(BaseHTTPRequestHandler):
        server_version = "TurvaverkkoDemoInbox/1"

        def log_message(self, fmt, *args):  # keep the demo's console readable
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data) -> None:
            body = json.dumps(data, ensure_ascii=False).encode()
            self._send(status, body, "application/json; charset=utf-8")

        def do_GET(self):  # noqa: N802 (http.server API)
            if self.path in ("/", "/index.html"):
                self._send(200, render_page(store).encode(), "text/html; charset=utf-8")
            elif self.path == "/api/messages":
                self._json(200, {"mail": store.mails(), "sms": store.sms()})
            else:
                self._json(404, {"error": "not found"})

        def do_POST(self):  # noqa: N802 (http.server API)
            if self.path != "/sms":
                return self._json(404, {"error": "not found"})
            if token and self.headers.get("Authorization", "") != f"Bearer {token}":
                return self._json(401, {"status": "rejected", "error": "unauthorised"})
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._json(413, {"status": "rejected", "error": "too large"})
            try:
                payload = json.loads(self.rfile.read(length) or b"null")
            except (UnicodeDecodeError, json.JSONDecodeError):
                return self._json(400, {"status": "rejected", "error": "invalid JSON"})
            error = validate_sms(payload)
            if error:
                return self._json(400, {"status": "rejected", "error": error})
            message = {k: payload[k] for k in ("to", "text", "id")}
            message["sender"] = str(payload.get("sender", ""))
            store.save_sms(message)
            return self._json(200, {"status": "accepted", "id": payload["id"]})

    return Handler


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class DevServices:
    """The mail catcher and the SMS stub in this process (threads); tests use it directly."""

    def __init__(self, root: Path, host="127.0.0.1", smtp_port=None, http_port=None, token=""):
        self.store = MessageStore(root)
        self.host = host
        self.smtp_port = smtp_port or free_port(host)
        self.http = ThreadingHTTPServer((host, http_port or 0), make_handler(self.store, token))
        self.http_port = self.http.server_address[1]
        self._smtp = None
        self._thread = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def sms_url(self) -> str:
        return f"{self.base_url}/sms"

    def start(self) -> "DevServices":
        from aiosmtpd.controller import Controller

        self._smtp = Controller(SMTPHandler(self.store), hostname=self.host, port=self.smtp_port)
        self._smtp.start()
        self._thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._smtp:
            self._smtp.stop()
        self.http.shutdown()
        self.http.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025)
    parser.add_argument("--dir", default="var/demo-mail", help="where messages are stored")
    parser.add_argument("--token", default="", help="require 'Authorization: Bearer TOKEN'")
    args = parser.parse_args(argv)
    services = DevServices(Path(args.dir), args.host, args.smtp_port, args.http_port, args.token)
    stopped = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopped.set())
    services.start()
    print(
        f"mail catcher smtp://{args.host}:{services.smtp_port}, SMS stub {services.sms_url}, "
        f"inbox {services.base_url}/",
        flush=True,
    )
    stopped.wait()
    services.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
