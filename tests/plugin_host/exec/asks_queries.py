#!/usr/bin/env python3
"""asks_queries.py STATE_DIR: an exec plugin that asks the host every query there is.

Submits one contact, then asks config_section, find_contact, get_ticket,
list_tickets and three bad queries, and writes every answer, by query id,
to STATE_DIR/results.json. Then waits for stop.
"""
import json
import os
import sys
import time

state_dir = sys.argv[1]


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def answer(kind, request_id):
    """Reads host lines until the answer of this type and id."""
    while True:
        message = json.loads(sys.stdin.readline())
        if message["type"] == kind and message["id"] == request_id:
            return message


def ask(request_id, query, args=None):
    message = {"type": "query", "id": request_id, "query": query}
    if args is not None:
        message["args"] = args
    send(message)
    return answer("result", request_id)


hello = json.loads(sys.stdin.readline())
send({"type": "ready"})
send({"type": "submit", "id": "s-1", "contact": {
    "channel": hello["channel"], "channel_message_id": "q-contact-1",
    "received_at": "2025-05-06T10:00:00+08:00", "citizen": {"id": "c-q"},
    "text": "公积金提取需要哪些材料？"}})
number = answer("submitted", "s-1")["ticket_number"]

results = {
    "taxonomy": ask(1, "config_section", {"section": "taxonomy"}),
    "find_contact": ask(2, "find_contact", {"channel_message_id": "q-contact-1"}),
    "no_section": ask(5, "config_section", {"section": "nope"}),
    "bogus": ask(6, "bogus"),
    "no_args": ask(7, "find_contact"),
    "number": number,
}
# The view may lag the accepted submit by a few milliseconds.
for attempt in range(200):
    ticket = ask(100 + attempt, "get_ticket", {"id": number})
    if ticket["ok"]:
        break
    time.sleep(0.05)
results["ticket"] = ticket
# Listed once the view shows the ticket (the view trails the accepted submit).
results["list"] = ask(4, "list_tickets", {"limit": 5})
with open(os.path.join(state_dir, "results.json.tmp"), "w") as f:
    json.dump(results, f, ensure_ascii=False)
os.rename(os.path.join(state_dir, "results.json.tmp"), os.path.join(state_dir, "results.json"))
for line in sys.stdin:
    if json.loads(line)["type"] == "stop":
        break
