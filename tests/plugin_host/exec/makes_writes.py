#!/usr/bin/env python3
"""makes_writes.py STATE_DIR: an exec plugin that uses plugin ABI 1.1's writes.

Submits one contact, records a call record twice (the second is a duplicate)
and once with a type plugins may not write, runs a note on the ticket (which
its role, integrator, may not), and writes every answer to
STATE_DIR/results.json. Then waits for stop.
"""
import json
import os
import sys

state_dir = sys.argv[1]


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def answer(kind, request_id):
    while True:
        message = json.loads(sys.stdin.readline())
        if message["type"] == kind and message["id"] == request_id:
            return message


def ask(request_id, query, args):
    send({"type": "query", "id": request_id, "query": query, "args": args})
    return answer("result", request_id)


hello = json.loads(sys.stdin.readline())
send({"type": "ready"})
send({"type": "submit", "id": "s-1", "contact": {
    "channel": hello["channel"], "channel_message_id": "w-contact-1",
    "received_at": "2025-05-06T10:00:00+08:00", "citizen": {"id": "13800138000"},
    "text": "路灯坏了"}})
number = answer("submitted", "s-1")["ticket_number"]

ringing = {"stream": "call-9.1", "event_type": "call.ringing", "event_id": "9.1:ringing",
           "payload": {"call_id": "9.1", "at": "2025-05-06T10:00:00+08:00",
                       "citizen": {"id": "13800138000"}}}
results = {
    "number": number,
    "recorded": ask(1, "record_event", ringing),
    "again": ask(2, "record_event", ringing),
    "refused": ask(3, "record_event", dict(ringing, event_type="ticket.opened")),
    "invalid": ask(4, "record_event", dict(ringing, event_id="9.1:x", payload={"call_id": "9.1"})),
    "note": ask(5, "ticket_command", {"ticket": number, "action": "note",
                                      "body": {"text": "补充"}}),
}
with open(os.path.join(state_dir, "results.json.tmp"), "w") as f:
    json.dump(results, f, ensure_ascii=False)
os.rename(os.path.join(state_dir, "results.json.tmp"), os.path.join(state_dir, "results.json"))
for line in sys.stdin:
    if json.loads(line)["type"] == "stop":
        break
