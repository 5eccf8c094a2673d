#!/usr/bin/env python3
"""closes_stdout.py: an exec plugin that says ready, closes its stdout and keeps running."""
import json
import os
import sys
import time

sys.stdin.readline()
sys.stdout.write(json.dumps({"type": "ready"}) + "\n")
sys.stdout.flush()
os.close(1)
time.sleep(600)
