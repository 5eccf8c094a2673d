#!/usr/bin/env python3
"""dies_on_deliver.py: an exec plugin that says it delivers replies, then exits 4 on the first deliver."""
import json
import os
import sys

sys.stdin.readline()
sys.stdout.write(json.dumps({"type": "ready", "deliver": True}) + "\n")
sys.stdout.flush()
for line in sys.stdin:
    if json.loads(line)["type"] == "deliver":
        os._exit(4)
