"""1,000 replies arriving at once (webhook and links mixed) leave exact counts."""

import json
import threading

import pytest
from django.db import connections
from django.test import Client

from turvaverkko.incidents.alerting import escalation
from turvaverkko.incidents.alerting.messages import reply_links
from turvaverkko.incidents.models import Activation, Recipient, Reply
from turvaverkko.incidents.views.headcount import headcount

pytestmark = pytest.mark.django_db(transaction=True)

N_SMS, N_LINK, N_DUP = 600, 200, 200  # 1,000 requests in all


def test_thousand_concurrent_replies_leave_exact_counts(personas, incident):
    activation = Activation.objects.create(incident=incident, code=4321, message="Tule")
    Recipient.objects.bulk_create(
        Recipient(
            activation=activation,
            kind=Recipient.Kind.VOLUNTEER,
            name=f"V{i}",
            phone=f"+35850{i:07d}",
        )
        for i in range(N_SMS + N_LINK)
    )
    recipients = list(activation.recipients.order_by("pk"))
    words = ["K 4321", "E 4321", "M 4321 20"]
    jobs = []
    for i, r in enumerate(recipients[:N_SMS]):
        jobs.append(("sms", r.phone, words[i % 3], f"msg-{i}"))
    for r in recipients[N_SMS:]:
        path = "/" + reply_links(r)["yes"].split("://", 1)[1].split("/", 1)[1]
        jobs.append(("link", path, None, None))
    for i in range(N_DUP):  # the gateway re-posts messages it was unsure about
        r = recipients[i]
        jobs.append(("sms", r.phone, words[i % 3], f"msg-{i}"))
    jobs.sort(key=lambda j: hash(j))  # mixed order

    threads = 8
    barrier = threading.Barrier(threads)
    statuses = []

    def run(chunk):
        client = Client()
        barrier.wait()  # all start at once
        try:
            for kind, target, text, message_id in chunk:
                if kind == "sms":
                    body = json.dumps({"from": target, "text": text, "id": message_id})
                    response = client.post(
                        "/hooks/sms/inbound", body, content_type="application/json"
                    )
                else:
                    response = client.post(target)
                statuses.append(response.status_code)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(jobs[i::threads],)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()

    assert len(jobs) == 1000
    assert statuses.count(200) == 1000
    assert Reply.objects.count() == N_SMS + N_LINK
    per_word = N_SMS // 3
    counts = headcount(incident)["counts"]
    assert counts == {
        "yes": per_word + N_LINK,
        "no": per_word,
        "late": per_word,
        "none": 0,
        "failed": 0,
        "total": N_SMS + N_LINK,
    }
    assert not Reply.objects.filter(is_unclear=True).exists()
    assert escalation.escalate_due() == 0
