#!/usr/bin/env python3
"""ignores_stop.py [--exit-on-term]: an exec plugin that will not stop when asked.

It ignores the stop message and the end of its stdin, and (unless
--exit-on-term) SIGTERM too, so only SIGKILL ends it.
"""
import json
import signal
import sys
import time

if "--exit-on-term" not in sys.argv:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
sys.stdin.readline()
sys.stdout.write(json.dumps({"type": "ready"}) + "\n")
sys.stdout.flush()
for line in sys.stdin:
    pass  # stop is ignored
while True:
    time.sleep(60)
