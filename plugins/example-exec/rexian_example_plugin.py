#!/usr/bin/env python3
"""rexian_example_plugin.py: an out-of-process rexian channel plugin, the example for integrators.

It speaks the exec plugin protocol (docs/plugin-exec-protocol.md,
schemas/plugin-exec.schema.json) on stdin/stdout. Its "channel" is a pair of
files, so you can watch it work with nothing but a text editor:

  inbox   one contact per line (JSON), appended by whoever feeds the channel.
          Members the line leaves out are filled in: "channel" (the one the
          host names in hello), "channel_message_id" ("line-<n>", the line's
          number, stable because the inbox is only ever appended to) and
          "received_at" (when the plugin first read it).
  outbox  every reply the host asks it to deliver, one JSON object per line.
  acks    (default: <inbox>.acks) what the host answered for each contact,
          appended as answers arrive. After a restart the plugin reads it and
          submits again every contact it has no answer for, with the same
          channel_message_id: intake recognises the ones it had accepted
          (duplicate: true, same ticket) and nothing is lost or doubled.

Configuration (the `config:` block of the plugin in config/rexian.yaml):

  inbox: /path/to/inbox.jsonl        required
  outbox: /path/to/outbox.jsonl      optional; without it the plugin delivers no replies
  acks: /path/to/acks.jsonl          optional
  poll_interval_ms: 200              how often to look for new inbox lines
  max_in_flight: 64                  submits awaiting an answer at any time

Python 3.8+, standard library only. Threads: the main thread reads the host's
messages; a second thread watches the inbox and submits. Writes to stdout
are serialized by a lock, one complete line each.
"""

import datetime
import json
import os
import sys
import threading
import time

VERSION = "1.0.0"


class Host:
    """Writes protocol messages to the host: one compact JSON object per line, flushed."""

    def __init__(self):
        self._lock = threading.Lock()

    def send(self, message):
        # ensure_ascii=False keeps Chinese text readable; json.dumps never
        # writes a raw newline, so one message stays one line.
        line = json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            sys.stdout.write(line)
            sys.stdout.flush()

    def log(self, level, message):
        self.send({"type": "log", "level": level, "message": message})

    def count(self, name, value=1, help_text=""):
        self.send({"type": "metric", "kind": "counter", "name": name, "value": value,
                   "help": help_text})


class AckLog:
    """The append-only record of answered contacts: {"channel_message_id", "outcome", ...} per line.

    Append-only, so a crash can at worst cut the last line short; such a
    line is ignored and its contact simply submitted again (and answered
    duplicate: true). Not fsynced: the plugin dying loses nothing (the kernel
    has the data); the machine dying may lose the last answers, which again
    only costs a resubmission.
    """

    def __init__(self, path):
        self.path = path
        self.answered = {}  # channel_message_id -> the recorded answer
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    try:
                        record = json.loads(line)
                        self.answered[record["channel_message_id"]] = record
                    except (ValueError, KeyError, TypeError):
                        pass  # a line cut short by a crash
        self._file = open(path, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def record(self, entry):
        with self._lock:
            self.answered[entry["channel_message_id"]] = entry
            self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._file.flush()


class Outbox:
    """Delivered replies, appended; remembers delivery ids to drop a repeated delivery."""

    def __init__(self, path):
        self.path = path
        self.delivered = set()
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    try:
                        self.delivered.add(json.loads(line)["delivery_id"])
                    except (ValueError, KeyError, TypeError):
                        pass
        self._file = open(path, "a", encoding="utf-8")

    def deliver(self, reply):
        """Returns True when written now, False when this delivery_id was written before."""
        if reply["delivery_id"] in self.delivered:
            return False
        # A real channel would send a WeChat template message, an SMS or a
        # mail here. Give up within 10 seconds and say whether to retry.
        self._file.write(json.dumps(reply, ensure_ascii=False) + "\n")
        self._file.flush()
        self.delivered.add(reply["delivery_id"])
        return True


class InboxWatcher(threading.Thread):
    """Reads new inbox lines and submits every contact that has no answer yet."""

    def __init__(self, host, channel, config, acks):
        super().__init__(name="inbox", daemon=True)
        self.host = host
        self.channel = channel
        self.path = config["inbox"]
        self.poll = config.get("poll_interval_ms", 200) / 1000.0
        self.max_in_flight = int(config.get("max_in_flight", 64))
        self.acks = acks
        self.offset = 0          # bytes of the inbox read so far
        self.line_number = 0
        self.pending = {}        # channel_message_id -> contact, not yet answered
        self.in_flight = set()   # submitted, answer awaited
        self.cond = threading.Condition()
        self.stopping = False

    def run(self):
        while True:
            with self.cond:
                if self.stopping:
                    return
            self.read_new_lines()
            self.submit_pending()
            with self.cond:
                self.cond.wait(self.poll)

    def read_new_lines(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return
        # Only whole lines: a writer may be half-way through the last one.
        end = data.rfind(b"\n") + 1
        self.offset += end
        for raw in data[:end].splitlines():
            self.line_number += 1
            if not raw.strip():
                continue
            try:
                contact = json.loads(raw.decode("utf-8"))
                if not isinstance(contact, dict):
                    raise ValueError("not an object")
            except ValueError as e:
                self.host.log("warn", "inbox line %d is not a JSON object (%s); skipped"
                              % (self.line_number, e))
                continue
            contact.setdefault("channel", self.channel)
            contact.setdefault("channel_message_id", "line-%d" % self.line_number)
            contact.setdefault("received_at", now_rfc3339())
            message_id = contact["channel_message_id"]
            if message_id not in self.acks.answered:
                with self.cond:
                    self.pending[message_id] = contact

    def submit_pending(self):
        with self.cond:
            ready = [(k, c) for k, c in self.pending.items() if k not in self.in_flight]
        for message_id, contact in ready:
            with self.cond:
                while len(self.in_flight) >= self.max_in_flight and not self.stopping:
                    self.cond.wait()
                if self.stopping:
                    return
                self.in_flight.add(message_id)
            # The request id only pairs the answer with this submit; the
            # channel_message_id is what makes a resubmission a duplicate.
            self.host.send({"type": "submit", "id": message_id, "contact": contact})

    def answered(self, message):
        """Handles a "submitted" message from the host."""
        message_id = message.get("id")
        if message.get("ok"):
            self.acks.record({"channel_message_id": message_id, "outcome": "accepted",
                              "ticket_number": message["ticket_number"],
                              "duplicate": message["duplicate"]})
            self.host.count("contacts_accepted", 1, "Contacts the host accepted")
            done = True
        elif message.get("retry"):
            # The host could not take it now: leave it pending, the next
            # poll submits it again.
            self.host.log("info", "contact %s refused for now: %s; will retry"
                          % (message_id, message["error"].get("error")))
            done = False
        else:
            # Invalid: it sits in rexian's quarantine with the reason. Record
            # that, so it is not submitted again unchanged.
            self.acks.record({"channel_message_id": message_id, "outcome": "rejected",
                              "error": message["error"]})
            self.host.log("warn", "contact %s rejected: %s"
                          % (message_id, message["error"].get("error")))
            done = True
        with self.cond:
            self.in_flight.discard(message_id)
            if done:
                self.pending.pop(message_id, None)
            self.cond.notify_all()

    def stop(self):
        with self.cond:
            self.stopping = True
            self.cond.notify_all()


def now_rfc3339():
    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


def main():
    host = Host()
    # The first line is always hello.
    hello = json.loads(sys.stdin.readline() or "{}")
    if hello.get("type") != "hello" or hello.get("abi") != 1:
        sys.stderr.write("expected hello with abi 1, got %r\n" % hello)
        return 2
    config = hello.get("config", {})
    if "inbox" not in config:
        # Anything on stderr lands in the server log; the exit status shows
        # in /readyz.
        sys.stderr.write("config: inbox is required\n")
        return 2
    acks = AckLog(config.get("acks", config["inbox"] + ".acks"))
    outbox = Outbox(config["outbox"]) if "outbox" in config else None

    host.send({"type": "ready", "deliver": outbox is not None, "version": VERSION})
    host.log("info", "watching %s (%d contacts answered before)"
             % (config["inbox"], len(acks.answered)))
    watcher = InboxWatcher(host, hello["channel"], config, acks)
    watcher.start()

    # The main loop: the host's messages, until stop or end of input.
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        kind = message.get("type")
        if kind == "submitted":
            watcher.answered(message)
        elif kind == "deliver":
            if outbox is None:
                host.send({"type": "delivered", "id": message["id"], "ok": False,
                           "retry": False, "error": "this instance has no outbox"})
                continue
            try:
                outbox.deliver(message["reply"])
                host.send({"type": "delivered", "id": message["id"], "ok": True})
            except OSError as e:
                host.send({"type": "delivered", "id": message["id"], "ok": False,
                           "retry": True, "error": "cannot write the outbox: %s" % e})
        elif kind == "result":
            pass  # this plugin asks no queries; see the protocol page for them
        elif kind == "stop":
            break
        # Unknown types are ignored: a newer host may send more.

    watcher.stop()
    watcher.join(timeout=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
