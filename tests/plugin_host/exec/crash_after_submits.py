#!/usr/bin/env python3
"""crash_after_submits.py STATE_DIR COUNT: an exec plugin that crashes on purpose.

Each run submits the same COUNT contacts (channel_message_id crash-0 ..),
waits for every answer, writes the answers to STATE_DIR/answers.<run> and
exits with status 3, until its third run, which stays up until stop. So the
host restarts it twice, and runs 2 and 3 resubmit contacts already accepted.
"""
import json
import os
import sys

state_dir, count = sys.argv[1], int(sys.argv[2])
runs_path = os.path.join(state_dir, "runs")
run = int(open(runs_path).read()) + 1 if os.path.exists(runs_path) else 1
with open(runs_path, "w") as f:
    f.write(str(run))


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


hello = json.loads(sys.stdin.readline())
send({"type": "ready"})
for k in range(count):
    send({"type": "submit", "id": k, "contact": {
        "channel": hello["channel"], "channel_message_id": "crash-%d" % k,
        "received_at": "2025-05-06T10:00:00+08:00", "citizen": {"id": "citizen-%d" % k},
        "text": "第%d号路灯不亮，请尽快维修" % k}})
answers = []
while len(answers) < count:
    message = json.loads(sys.stdin.readline())
    if message["type"] == "submitted":
        answers.append(message)
with open(os.path.join(state_dir, "answers.%d" % run), "w") as f:
    json.dump(answers, f)
if run < 3:
    os._exit(3)
for line in sys.stdin:
    if json.loads(line)["type"] == "stop":
        break
