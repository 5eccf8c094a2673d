// The livestream session report: the session stream folded with each
// question's ticket.
#include "app/live_report.h"

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <map>

#include "app/commands.h"
#include "app/runtime.h"
#include "domain/ticket_time.h"
#include "rexian/ticket.h"

namespace rexian::cli {
namespace {

namespace json = boost::json;

constexpr std::array<const char*, 3> kReasons = {"spam", "duplicate", "noise"};

std::string Text(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t Integer(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return 0;
}

json::object Parse(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && v.is_object() ? std::move(v.as_object()) : json::object();
}

// Reads a whole stream, in batches.
Status ReadWholeStream(EventStore* store, const std::string& stream, std::vector<RecordedEvent>* out) {
  std::uint64_t next = 1;
  for (;;) {
    const std::size_t before = out->size();
    Status s = store->ReadStream(stream, next, 1024, out);
    if (!s.ok()) return s;
    if (out->size() == before) return Status::OK();
    next = out->back().stream_version + 1;
  }
}

// The ticket's state, folded from its stream with the domain's Evolve.
Result<ticket::TicketState> FoldTicket(EventStore* store, const std::string& number) {
  std::vector<RecordedEvent> events;
  if (Status s = ReadWholeStream(store, "ticket-" + number, &events); !s.ok()) return s;
  ticket::TicketState state;
  for (const RecordedEvent& e : events) {
    const json::object metadata = Parse(e.metadata);
    const auto occurred = ticket::ParseTime(Text(metadata, "occurred_at"));
    ticket::Evolve(state, e.type, Parse(e.payload), occurred.value_or(ticket::Time{}));
  }
  return state;
}

bool Completed(ticket::TicketStatus status) {
  return status == ticket::TicketStatus::kResolved || status == ticket::TicketStatus::kFollowedUp ||
         status == ticket::TicketStatus::kClosed || status == ticket::TicketStatus::kMerged;
}

}  // namespace

Result<LiveReport> BuildLiveReport(EventStore* store, const std::string& session) {
  std::vector<RecordedEvent> events;
  if (Status s = ReadWholeStream(store, "live-" + session, &events); !s.ok()) return s;
  if (events.empty()) return Status::NotFound("no live session '" + session + "' in the log");
  LiveReport report;
  report.session = session;
  std::map<std::string, std::size_t> row_of;  // question -> index in report.questions
  std::int64_t ended_received = -1;
  for (const RecordedEvent& e : events) {
    const json::object p = Parse(e.payload);
    if (e.type == "live.session_started") {
      report.started = true;
      report.title = Text(p, "title");
    } else if (e.type == "live.question_accepted") {
      const std::string q = Text(p, "question");
      if (row_of.count(q) != 0) continue;
      row_of[q] = report.questions.size();
      report.questions.push_back(LiveQuestionRow{q, Text(p, "source"), Text(p, "ticket_number")});
    } else if (e.type == "live.question_rejected") {
      for (std::size_t i = 0; i < kReasons.size(); ++i) {
        if (Text(p, "reason") == kReasons[i]) report.rejected[i] += Integer(p, "count");
      }
    } else if (e.type == "live.question_answered_on_air") {
      auto it = row_of.find(Text(p, "question"));
      if (it != row_of.end()) report.questions[it->second].answered_on_air = true;
    } else if (e.type == "live.session_ended") {
      report.ended = true;
      ended_received = Integer(p, "received");
      report.failed = Integer(p, "failed");
    }
  }
  for (LiveQuestionRow& row : report.questions) {
    auto state = FoldTicket(store, row.ticket_number);
    if (!state.ok()) return state.status();
    row.status = std::string(ticket::StatusName(state->status));
    row.dispatched = state->dispatch_number > 0;
    row.completed = Completed(state->status);
    report.answered_on_air += row.answered_on_air ? 1 : 0;
    report.dispatched += row.dispatched ? 1 : 0;
    report.completed += row.completed ? 1 : 0;
  }
  report.accepted = static_cast<std::int64_t>(report.questions.size());
  report.still_open = report.accepted - report.completed;
  report.received = ended_received >= 0
                        ? ended_received
                        : report.accepted + report.rejected[0] + report.rejected[1] + report.rejected[2];
  return report;
}

std::string RenderLiveReportMarkdown(const LiveReport& r) {
  std::string out = "# Live session " + r.session + (r.title.empty() ? "" : ": " + r.title) + "\n\n";
  out += r.ended ? "Off air.\n\n" : "On air (figures so far; received = accepted + rejected until it ends).\n\n";
  out += "| figure | count |\n|---|---:|\n";
  auto row = [&out](const std::string& name, std::int64_t value) {
    out += "| " + name + " | " + std::to_string(value) + " |\n";
  };
  row("questions received", r.received);
  row("accepted (work orders)", r.accepted);
  row("rejected: spam", r.rejected[0]);
  row("rejected: duplicate", r.rejected[1]);
  row("rejected: noise", r.rejected[2]);
  if (r.failed > 0) row("refused by intake", r.failed);
  row("answered on air", r.answered_on_air);
  row("dispatched", r.dispatched);
  row("completed (resolved/closed)", r.completed);
  row("still open", r.still_open);
  if (!r.questions.empty()) {
    out += "\n| question | source | work order | status | on air | dispatched |\n|---|---|---|---|---|---|\n";
    for (const LiveQuestionRow& q : r.questions) {
      out += "| " + q.question + " | " + q.source + " | " + q.ticket_number + " | " + q.status + " | " +
             (q.answered_on_air ? "yes" : "") + " | " + (q.dispatched ? "yes" : "") + " |\n";
    }
  }
  return out;
}

std::string RenderLiveReportJson(const LiveReport& r) {
  json::object rejected;
  for (std::size_t i = 0; i < kReasons.size(); ++i) rejected[kReasons[i]] = r.rejected[i];
  json::array questions;
  for (const LiveQuestionRow& q : r.questions) {
    questions.push_back(json::object{{"question", q.question}, {"source", q.source},
                                     {"ticket_number", q.ticket_number}, {"status", q.status},
                                     {"answered_on_air", q.answered_on_air}, {"dispatched", q.dispatched},
                                     {"completed", q.completed}});
  }
  json::object o{{"session", r.session}, {"title", r.title}, {"ended", r.ended},
                 {"received", r.received}, {"accepted", r.accepted}, {"failed", r.failed},
                 {"rejected", std::move(rejected)}, {"answered_on_air", r.answered_on_air},
                 {"dispatched", r.dispatched}, {"completed", r.completed},
                 {"still_open", r.still_open}, {"questions", std::move(questions)}};
  return json::serialize(o) + "\n";
}

int RunLiveReport(const CliArgs& args) {
  const std::string session = args.Get("live");
  if (session.empty()) return Fail("report", "--live SESSION: the session id is required", 2);
  const std::string format = args.Get("format", "md");
  if (format != "md" && format != "json") {
    return Fail("report", "--live: --format must be md or json, not '" + format + "'", 2);
  }
  auto rt = OpenRuntime(args.Get("config", kDefaultConfig), RuntimeNeeds{});
  if (!rt.ok()) return Fail("report", rt.status().ToString(), 2);
  auto report = BuildLiveReport((*rt)->store.get(), session);
  if (!report.ok()) return Fail("report", report.status().ToString(), 1);
  const std::string text = format == "json" ? RenderLiveReportJson(*report) : RenderLiveReportMarkdown(*report);
  if (args.Has("out")) {
    std::ofstream out(args.Get("out"), std::ios::binary);
    out << text;
    if (!out.good()) return Fail("report", "cannot write '" + args.Get("out") + "'", 1);
  } else {
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}

}  // namespace rexian::cli
