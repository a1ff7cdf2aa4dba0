from turvaverkko.notify.actions import Message, queue_deliveries


def queue(key="alert:1", people=1, channels=("email", "sms"), body="Kokoontuminen klo 18."):
    """Queue one message to `people` recipients; returns the dispatch."""
    messages = [
        Message(
            recipient_key=f"volunteer:{i}",
            channel=channel,
            address=f"v{i}@example.fi" if channel == "email" else f"+35840{i:07d}",
            subject="Hälytys",
            body=body,
            language="fi",
        )
        for i in range(people)
        for channel in channels
    ]
    return queue_deliveries(key, messages, enqueue=False).dispatch
