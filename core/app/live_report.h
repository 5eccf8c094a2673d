// `rexian report --live <session>`: what became of one livestream session's
// questions, read from the log (the session stream and each question's
// ticket stream).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "app/cli_args.h"
#include "rexian/event_store.h"
#include "rexian/status.h"

namespace rexian::cli {

// One accepted question and its work order's state.
struct LiveQuestionRow {
  std::string question;       // "q" + 16 hex
  std::string source;         // feed name or "desk"
  std::string ticket_number;
  std::string status;         // the ticket's status name ("received", "answered", "closed", ...)
  bool answered_on_air = false;
  bool dispatched = false;    // dispatched at least once (by the desk or through /v1)
  bool completed = false;     // resolved, followed up, closed or merged
};

// The figures of one session.
struct LiveReport {
  std::string session;
  std::string title;
  bool started = false;  // live.session_started is in the log
  bool ended = false;    // live.session_ended is in the log
  std::int64_t received = 0;  // from live.session_ended; before the end: accepted + rejected
  std::int64_t accepted = 0;
  std::int64_t failed = 0;    // passed the filters, refused by intake (known at the end)
  std::array<std::int64_t, 3> rejected{};  // spam, duplicate, noise
  std::int64_t answered_on_air = 0;
  std::int64_t dispatched = 0;
  std::int64_t completed = 0;
  std::int64_t still_open = 0;  // accepted - completed
  std::vector<LiveQuestionRow> questions;  // in the order they were accepted
};

// Reads the stream live-<session> and the ticket stream of every accepted
// question from `store`. NotFound when the session has no events.
Result<LiveReport> BuildLiveReport(EventStore* store, const std::string& session);

// A Markdown table of the figures, then one row per question.
std::string RenderLiveReportMarkdown(const LiveReport& report);

// {"session", "title", "ended", "received", "accepted", "failed",
//  "rejected": {"spam", "duplicate", "noise"}, "answered_on_air",
//  "dispatched", "completed", "still_open", "questions": [...]}.
std::string RenderLiveReportJson(const LiveReport& report);

// The `report --live` subcommand on already parsed arguments: --live
// SESSION (required), --config FILE, --format md|json (md), --out FILE.
// Opens the log read-only (a running server may keep writing). Returns the
// exit code: 0, 1 when the session is unknown or the log unreadable, 2 on
// bad usage.
int RunLiveReport(const CliArgs& args);

}  // namespace rexian::cli
