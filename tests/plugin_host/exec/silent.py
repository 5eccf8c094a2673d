#!/usr/bin/env python3
"""silent.py: an exec plugin that reads hello and never says ready."""
import sys
import time

sys.stdin.readline()
time.sleep(600)
