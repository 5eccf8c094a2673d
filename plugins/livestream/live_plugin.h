// LivePlugin: one instance of the livestream channel plugin: its sessions,
// the path from a comment to a work order, and the on-air follow-up.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "livestream/host_calls.h"
#include "livestream/live_options.h"
#include "livestream/live_session.h"
#include "rexian/plugin.h"
#include "web/exchange.h"

namespace rexian::live {

// What became of one comment.
struct CommentOutcome {
  std::string outcome;        // "accepted", "spam", "duplicate", "noise", "failed", "ended"
  std::string detail;         // why (filter rule, intake's error)
  std::string question;       // accepted: the question id
  std::string ticket_number;  // accepted: the work order
};

// An HTTP-style outcome of a desk command: status and JSON body.
struct DeskAnswer {
  int status = 200;
  std::string problem_type;   // "" when status < 400
  std::string detail;
  std::string body_json;      // status < 400
};

// Thread-safe: sessions are reached from HTTP handlers, connector threads
// and host callbacks at once.
class LivePlugin {
 public:
  // Reads the options and the organisation's department codes; fails
  // naming the option or the missing host function.
  static Expected<std::unique_ptr<LivePlugin>> Create(const rexian_host_api* api, rexian_host* host,
                                                      std::string_view config_json);
  LivePlugin(const LivePlugin&) = delete;
  LivePlugin& operator=(const LivePlugin&) = delete;
  ~LivePlugin();

  // Stops every connector, lets calls in flight finish (up to 3 s), then
  // answers nothing more.
  void Stop();

  // Starts a session: validates `info` (units against the organisation,
  // feeds against the options), records live.session_started, then starts
  // its connectors. `done` gets 201 with the session, or an error (400,
  // 409 when already on air here, 422, 503). Never blocks.
  void StartSession(SessionInfo info, std::function<void(const DeskAnswer&)> done);

  // Ends a session: stops taking comments, asks its connectors to stop,
  // records the rejections not yet recorded and live.session_ended.
  void EndSession(const std::string& session_id, std::function<void(const DeskAnswer&)> done);

  // Runs one comment through the filters; an accepted one becomes a
  // contact, then live.question_accepted. `done` runs once (any thread).
  void TakeComment(const std::string& session_id, Comment comment,
                   std::function<void(const CommentOutcome&)> done);

  // Answers a question on air: ticket_command "answer" with `answer`, then
  // live.question_answered_on_air (`unit`: the department that answered,
  // optional, one of the session's units).
  void AnswerOnAir(const std::string& session_id, const std::string& question,
                   const std::string& answer, const std::string& unit,
                   std::function<void(const DeskAnswer&)> done);

  // Dispatches a question: ticket_command "classify" with `classify_json`
  // when it is not empty, then "dispatch" with `dispatch_json`, then
  // live.question_dispatched.
  void Dispatch(const std::string& session_id, const std::string& question,
                const std::string& classify_json, const std::string& dispatch_json,
                const std::string& lead_department, std::function<void(const DeskAnswer&)> done);

  // The session's counts and questions as JSON, or 404.
  DeskAnswer Describe(const std::string& session_id);

  const LiveOptions& options() const { return options_; }
  const rexian_host_api* api() const { return api_; }
  rexian_host* host() const { return host_; }
  web::ResponseGate& gate() { return *gate_; }
  void Log(rexian_log_level level, const std::string& message) const;
  void Count(const char* name, const char* help, double delta = 1.0) const;

 private:
  LivePlugin(const rexian_host_api* api, rexian_host* host, LiveOptions options,
             std::set<std::string> departments);

  std::shared_ptr<LiveSession> Find(const std::string& session_id);
  FilterRules Rules() const;
  ConnectorSettings Settings() const;
  // Records one rejection count per reason with unrecorded ones, when at
  // least `threshold` are waiting. REQUIRES: session->mutex held.
  void FlushRejections(LiveSession* session, std::int64_t threshold);
  void Record(const std::string& session_id, const std::string& type, const std::string& payload,
              const std::string& event_suffix, CallDone done);
  void Accept(std::shared_ptr<LiveSession> session, Comment comment,
              std::function<void(const CommentOutcome&)> done);

  const rexian_host_api* api_;
  rexian_host* host_;
  LiveOptions options_;
  std::set<std::string> departments_;
  std::shared_ptr<web::ResponseGate> gate_;
  std::string run_id_;  // distinguishes this run's rejection records from a previous run's

  std::mutex mutex_;
  bool stopped_ = false;
  std::map<std::string, std::shared_ptr<LiveSession>> sessions_;
  std::vector<std::unique_ptr<FeedConnector>> retired_;  // asked to stop, joined in Stop()
};

}  // namespace rexian::live
