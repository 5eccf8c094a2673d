#!/usr/bin/env python3
"""report_environment.py: an exec plugin that logs what it inherited from the host.

One log message: "fds=<open descriptors> sigblk=<blocked signal mask, hex> own_group=<bool>".
"""
import json
import os
import sys

fds = []
for name in os.listdir("/proc/self/fd"):
    try:
        os.fstat(int(name))  # the listing's own descriptor is closed by now
        fds.append(int(name))
    except OSError:
        pass
blocked = "?"
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("SigBlk:"):
            blocked = line.split()[1]
sys.stdin.readline()
message = "fds=%s sigblk=%s own_group=%s" % (
    ",".join(str(fd) for fd in sorted(fds)), blocked, os.getpgrp() == os.getpid())
sys.stdout.write(json.dumps({"type": "ready"}) + "\n")
sys.stdout.write(json.dumps({"type": "log", "level": "info", "message": message}) + "\n")
sys.stdout.flush()
for line in sys.stdin:
    if json.loads(line)["type"] == "stop":
        break
