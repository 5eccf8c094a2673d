#!/usr/bin/env python3
"""garbage_lines.py STATE_DIR: an exec plugin that breaks the protocol in every way it can.

Writes 12 malformed lines around its ready, then one valid submit, and
copies every line the host sends to STATE_DIR/host_lines.jsonl (for schema
validation), until the host answered its 4 requests and said stop.
"""
import json
import os
import sys

state_dir = sys.argv[1]
out = sys.stdout.buffer
record = open(os.path.join(state_dir, "host_lines.jsonl"), "w")


def raw(data):
    out.write(data + b"\n")
    out.flush()


def host_line():
    line = sys.stdin.readline()
    record.write(line)
    record.flush()
    return json.loads(line) if line else None


hello = host_line()
raw(b"not json at all")                                                  # 1
raw(b"[1, 2, 3]")                                                        # 2 not an object
raw(b'{"no_type": true}')                                                # 3
raw(b'{"type": "bogus"}')                                                # 4
raw(b'{"type": "submit", "id": "g-1"}')                                  # 5 no contact: answered
raw(b'{"type": "submit", "contact": {}}')                                # 6 no id: answered, id null
raw(b'{"type": "query", "id": "q-1", "query": "get_ticket", "args": 5}') # 7 answered
raw(b'{"type": "log", "level": "loud", "message": "x"}')                 # 8
raw(b'{"type": "metric", "kind": "counter", "name": "Bad-Name", "value": 1}')  # 9
raw(b"x" * (2 * 1024 * 1024))                                            # 10 too long
raw(b'\xff\xfe{"type": "ready"}')                                        # 11 not UTF-8 JSON
raw(b'{"type": "delivered", "id": "d-999", "ok": true}')  # well-formed, unknown delivery: not counted
raw(b'{"type": "ready", "version": "garbage-1"}')
raw(b'{"type": "ready"}')                                                # 12 ready twice
raw(json.dumps({"type": "submit", "id": "ok-1", "contact": {
    "channel": hello["channel"], "channel_message_id": "garbage-ok-1",
    "received_at": "2025-05-06T10:00:00+08:00", "citizen": {"id": "c-garbage"},
    "text": "垃圾清运不及时，小区门口堆满了"}}, ensure_ascii=False).encode())

answered = 0
while True:
    message = host_line()
    if message is None or message["type"] == "stop":
        break
    if message["type"] in ("submitted", "result"):
        answered += 1
