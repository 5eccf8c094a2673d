// LivePlugin: sessions, comments to work orders, on-air follow-up.
#include "livestream/live_plugin.h"

#include <algorithm>
#include <boost/json.hpp>

#include "web/submit_call.h"

#include "web/api_keys.h"
#include "web/uuid.h"

namespace rexian::live {
namespace {

namespace json = boost::json;

void CollectJson(void* user_data, const char* text, size_t len) {
  static_cast<std::string*>(user_data)->assign(text, len);
}

DeskAnswer Problem(int status, std::string type, std::string detail) {
  DeskAnswer a;
  a.status = status;
  a.problem_type = std::move(type);
  a.detail = std::move(detail);
  return a;
}

DeskAnswer Ok(int status, const json::object& body) {
  DeskAnswer a;
  a.status = status;
  a.body_json = json::serialize(body);
  return a;
}

// The host's refusal of a call as a desk answer.
DeskAnswer ProblemOfCall(const CallAnswer& answer, const std::string& what) {
  const std::string detail = what + ": " + (answer.error_json.empty() ? "no reason given" : answer.error_json);
  switch (answer.status) {
    case REXIAN_INVALID: return Problem(422, "invalid-command", detail);
    case REXIAN_NOT_FOUND: return Problem(404, "not-found", detail);
    case REXIAN_UNAVAILABLE:
      return answer.error_json.find("\"conflict\"") != std::string::npos
                 ? Problem(409, "conflict", detail)
                 : Problem(503, "unavailable", detail);
    default: return Problem(500, "internal", detail);
  }
}

// The ticket's version after a command (result_json {"id", "number",
// "version", ...}); 0 when the host did not say.
std::int64_t TicketVersionOf(const CallAnswer& answer) {
  boost::system::error_code ec;
  json::value v = json::parse(answer.result_json, ec);
  const json::value* version = !ec && v.is_object() ? v.as_object().if_contains("version") : nullptr;
  return version != nullptr && version->is_int64() ? version->as_int64() : 0;
}

std::size_t ReasonIndex(Verdict verdict) {
  return verdict == Verdict::kSpam ? 0 : verdict == Verdict::kDuplicate ? 1 : 2;
}

}  // namespace

LivePlugin::LivePlugin(const rexian_host_api* api, rexian_host* host, LiveOptions options,
                       std::set<std::string> departments)
    : api_(api),
      host_(host),
      options_(std::move(options)),
      departments_(std::move(departments)),
      gate_(std::make_shared<web::ResponseGate>(api)),
      run_id_(web::NewUuidV4().substr(0, 8)) {}

LivePlugin::~LivePlugin() { Stop(); }

Expected<std::unique_ptr<LivePlugin>> LivePlugin::Create(const rexian_host_api* api, rexian_host* host,
                                                         std::string_view config_json) {
  if (!HostHasCalls(api)) {
    return Failure{"the host offers no record_event/ticket_command (plugin ABI 1.1): the livestream "
                   "plugin needs them to record sessions and answer questions"};
  }
  auto options = ParseLiveOptions(config_json);
  if (!options.ok()) return Failure{options.error()};
  options->channel = api->channel(host);
  std::string organisation;
  if (api->config_section(host, "organisation", &CollectJson, &organisation) != REXIAN_OK) {
    return Failure{"the host has no configuration section 'organisation'"};
  }
  std::set<std::string> departments;
  boost::system::error_code ec;
  json::value org = json::parse(organisation, ec);
  if (ec || !org.is_object()) return Failure{"organisation: the host's section is not a JSON object"};
  if (const json::value* list = org.as_object().if_contains("departments"); list && list->is_array()) {
    for (const json::value& d : list->as_array()) {
      const json::value* code = d.is_object() ? d.as_object().if_contains("code") : nullptr;
      if (code != nullptr && code->is_string()) departments.emplace(code->as_string());
    }
  }
  return std::unique_ptr<LivePlugin>(new LivePlugin(api, host, std::move(*options), std::move(departments)));
}

void LivePlugin::Stop() {
  std::vector<std::unique_ptr<FeedConnector>> connectors;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& [id, session] : sessions_) {
      std::lock_guard session_lock(session->mutex);
      for (auto& c : session->connectors) connectors.push_back(std::move(c));
      session->connectors.clear();
    }
    for (auto& c : retired_) connectors.push_back(std::move(c));
    retired_.clear();
  }
  for (auto& c : connectors) c->RequestStop();
  for (auto& c : connectors) c->Stop();
  int left = gate_->Close(std::chrono::seconds(3));
  if (left > 0) Log(REXIAN_LOG_WARN, std::to_string(left) + " calls were still in flight at stop");
}

void LivePlugin::Log(rexian_log_level level, const std::string& message) const {
  api_->log(host_, level, message.c_str());
}

void LivePlugin::Count(const char* name, const char* help, double delta) const {
  api_->counter_add(host_, name, help, delta);
}

FilterRules LivePlugin::Rules() const {
  FilterRules r;
  r.spam_keywords = options_.spam_keywords;
  r.links_are_spam = options_.links_are_spam;
  r.max_repeated_chars = static_cast<int>(options_.max_repeated_chars);
  r.min_chars = static_cast<int>(options_.min_chars);
  r.greetings = options_.greetings;
  r.duplicate_window_ms = options_.duplicate_window_seconds * 1000;
  r.near_duplicate_similarity = options_.near_duplicate_similarity;
  return r;
}

ConnectorSettings LivePlugin::Settings() const {
  ConnectorSettings s;
  s.heartbeat = std::chrono::seconds(options_.heartbeat_seconds);
  s.reconnect_min = std::chrono::milliseconds(options_.reconnect_min_ms);
  s.reconnect_max = std::chrono::milliseconds(options_.reconnect_max_ms);
  s.max_message_bytes = static_cast<std::size_t>(options_.max_message_bytes);
  return s;
}

std::shared_ptr<LiveSession> LivePlugin::Find(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(session_id);
  return it == sessions_.end() ? nullptr : it->second;
}

void LivePlugin::Record(const std::string& session_id, const std::string& type,
                        const std::string& payload, const std::string& event_suffix, CallDone done) {
  RecordEvent(api_, host_, gate_, StreamOf(session_id), type, payload,
              StreamOf(session_id) + ":" + event_suffix, std::move(done));
}

void LivePlugin::StartSession(SessionInfo info, std::function<void(const DeskAnswer&)> done) {
  if (!IsSessionId(info.id)) return done(Problem(400, "invalid-session", "id: expected [0-9A-Za-z_.:-]{1,64}"));
  if (info.title.empty()) return done(Problem(400, "invalid-session", "title: required"));
  for (const std::string& unit : info.units) {
    if (departments_.count(unit) == 0) {
      return done(Problem(422, "unknown-unit", "units: '" + unit + "' is no department of the organisation"));
    }
  }
  std::vector<const FeedConfig*> feeds;
  for (const std::string& name : info.feeds) {
    const FeedConfig* found = nullptr;
    for (const FeedConfig& f : options_.feeds) {
      if (f.name == name) found = &f;
    }
    if (found == nullptr) return done(Problem(422, "unknown-feed", "feeds: '" + name + "' is not configured"));
    feeds.push_back(found);
  }
  if (info.starts_at.empty()) info.starts_at = Rfc3339OfMs(NowMs());
  auto session = std::make_shared<LiveSession>(info, Rules());
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return done(Problem(503, "unavailable", "the plugin is stopping"));
    auto it = sessions_.find(info.id);
    if (it != sessions_.end() && !it->second->ended) {
      return done(Problem(409, "session-on-air", "session '" + info.id + "' is already on air"));
    }
    sessions_[info.id] = session;
  }
  Record(info.id, "live.session_started", SessionStartedPayload(info), "started",
         [this, session, feeds, done](const CallAnswer& answer) {
           const std::string& id = session->info.id;
           if (answer.status != REXIAN_OK) {
             std::lock_guard lock(mutex_);
             if (sessions_[id] == session) sessions_.erase(id);
             return done(ProblemOfCall(answer, "live.session_started"));
           }
           // Plugin before session, as in Stop(): a stopping plugin starts nothing.
           std::lock_guard plugin_lock(mutex_);
           if (stopped_) return done(Problem(503, "unavailable", "the plugin is stopping"));
           std::lock_guard lock(session->mutex);
           for (const FeedConfig* feed : feeds) {
             const std::string source = feed->name;
             ConnectorSinks sinks;
             sinks.comment = [this, id, source](Comment c) {
               c.source = source;
               TakeComment(id, std::move(c), [](const CommentOutcome&) {});
             };
             sinks.log = [this](rexian_log_level level, const std::string& m) { Log(level, m); };
             sinks.count = [this](const char* name, const char* help) { Count(name, help); };
             auto connector = std::make_unique<FeedConnector>(*feed, Settings(), std::move(sinks));
             connector->Start();
             session->connectors.push_back(std::move(connector));
           }
           Log(REXIAN_LOG_INFO, "session " + id + " on air with " + std::to_string(feeds.size()) + " feeds");
           Count("sessions_started", "live sessions started");
           done(Ok(201, json::object{{"id", id}, {"stream", StreamOf(id)}, {"duplicate", answer.duplicate}}));
         });
}

void LivePlugin::FlushRejections(LiveSession* session, std::int64_t threshold) {
  for (std::size_t i = 0; i < kRejectionReasons.size(); ++i) {
    const std::int64_t count = session->unrecorded_rejections[i];
    if (count == 0 || count < threshold) continue;
    session->unrecorded_rejections[i] = 0;
    const std::string suffix = "rejected:" + run_id_ + ":" + std::to_string(++session->rejection_records);
    Record(session->info.id, "live.question_rejected",
           QuestionRejectedPayload(session->info.id, kRejectionReasons[i], count), suffix,
           [this, id = session->info.id](const CallAnswer& answer) {
             if (answer.status != REXIAN_OK) {
               Log(REXIAN_LOG_ERROR, "session " + id + ": rejection counts not recorded: " + answer.error_json);
             }
           });
  }
}

void LivePlugin::EndSession(const std::string& session_id, std::function<void(const DeskAnswer&)> done) {
  std::shared_ptr<LiveSession> session = Find(session_id);
  if (!session) return done(Problem(404, "not-found", "no session '" + session_id + "' in this instance"));
  SessionCounts counts;
  std::vector<std::unique_ptr<FeedConnector>> stopping;
  {
    std::lock_guard lock(session->mutex);
    if (session->ended) return done(Problem(409, "session-ended", "session '" + session_id + "' has ended"));
    session->ended = true;
    for (auto& c : session->connectors) c->RequestStop();
    stopping.swap(session->connectors);
    FlushRejections(session.get(), 1);
    counts = session->counts;
  }
  {
    // Joined in Stop(): joining here could block a host I/O thread.
    std::lock_guard plugin_lock(mutex_);
    for (auto& c : stopping) retired_.push_back(std::move(c));
  }
  Record(session_id, "live.session_ended", SessionEndedPayload(session_id, Rfc3339OfMs(NowMs()), counts),
         "ended", [this, session_id, counts, done](const CallAnswer& answer) {
           if (answer.status != REXIAN_OK) return done(ProblemOfCall(answer, "live.session_ended"));
           json::object rejected;
           for (std::size_t i = 0; i < kRejectionReasons.size(); ++i) rejected[kRejectionReasons[i]] = counts.rejected[i];
           Count("sessions_ended", "live sessions ended");
           done(Ok(200, json::object{{"id", session_id}, {"received", counts.received},
                                     {"accepted", counts.accepted}, {"failed", counts.failed},
                                     {"rejected", std::move(rejected)}}));
         });
}

void LivePlugin::TakeComment(const std::string& session_id, Comment comment,
                             std::function<void(const CommentOutcome&)> done) {
  std::shared_ptr<LiveSession> session = Find(session_id);
  CommentOutcome outcome;
  if (!session) {
    outcome.outcome = "ended";
    outcome.detail = "no such session";
    return done(outcome);
  }
  {
    std::lock_guard lock(session->mutex);
    if (session->ended) {
      outcome.outcome = "ended";
      outcome.detail = "the session has ended";
      return done(outcome);
    }
    ++session->counts.received;
    Count("comments_received", "viewer comments received");
    std::string why;
    const std::int64_t at = comment.ts_ms > 0 ? comment.ts_ms : NowMs();
    const Verdict verdict = session->filter.Judge(comment, at, &why);
    if (verdict != Verdict::kAccept) {
      const std::size_t r = ReasonIndex(verdict);
      ++session->counts.rejected[r];
      ++session->unrecorded_rejections[r];
      Count((std::string("comments_") + kRejectionReasons[r]).c_str(), "viewer comments rejected, by reason");
      FlushRejections(session.get(), options_.rejection_flush_every);
      outcome.outcome = VerdictName(verdict);
      outcome.detail = why;
      return done(outcome);
    }
  }
  Accept(std::move(session), std::move(comment), std::move(done));
}

void LivePlugin::Accept(std::shared_ptr<LiveSession> session, Comment comment,
                        std::function<void(const CommentOutcome&)> done) {
  const std::string message_id = ChannelMessageIdOf(comment);
  const std::string question = QuestionIdOf(message_id);
  const std::string contact = QuestionContact(options_.channel, session->info.id, comment, message_id);
  const std::string source = comment.source;
  web::SubmitContact(host_, gate_, contact,
                     [this, session, question, source, done](const web::SubmitAnswer& submitted) {
    CommentOutcome outcome;
    const std::string& id = session->info.id;
    if (submitted.status != REXIAN_OK) {
      {
        std::lock_guard lock(session->mutex);
        ++session->counts.failed;
      }
      Count("questions_failed", "accepted questions intake refused (quarantined) or could not take");
      Log(REXIAN_LOG_WARN, "session " + id + ": question " + question + " refused by intake: " + submitted.error_json);
      outcome.outcome = "failed";
      outcome.detail = submitted.error_json;
      return done(outcome);
    }
    {
      std::lock_guard lock(session->mutex);
      auto [it, fresh] = session->questions.try_emplace(question);
      if (fresh) {
        ++session->counts.accepted;
        it->second = Question{question, source, submitted.ticket_number, submitted.ticket_id, false, false};
      }
    }
    Count("questions_accepted", "viewer questions that became work orders");
    outcome.outcome = "accepted";
    outcome.question = question;
    outcome.ticket_number = submitted.ticket_number;
    Record(id, "live.question_accepted", QuestionAcceptedPayload(id, question, source, submitted.ticket_number),
           question + ":accepted", [this, id, question, outcome, done](const CallAnswer& answer) {
             if (answer.status != REXIAN_OK) {
               Log(REXIAN_LOG_ERROR, "session " + id + ": live.question_accepted of " + question +
                                         " not recorded: " + answer.error_json);
             }
             done(outcome);
           });
  });
}

void LivePlugin::AnswerOnAir(const std::string& session_id, const std::string& question,
                             const std::string& answer, const std::string& unit,
                             std::function<void(const DeskAnswer&)> done) {
  std::shared_ptr<LiveSession> session = Find(session_id);
  if (!session) return done(Problem(404, "not-found", "no session '" + session_id + "' in this instance"));
  if (answer.empty()) return done(Problem(400, "invalid-body", "answer: required"));
  if (!unit.empty() && std::find(session->info.units.begin(), session->info.units.end(), unit) == session->info.units.end()) {
    return done(Problem(422, "unknown-unit", "unit: '" + unit + "' does not take part in this session"));
  }
  Question q;
  {
    std::lock_guard lock(session->mutex);
    auto it = session->questions.find(question);
    if (it == session->questions.end()) return done(Problem(404, "not-found", "no question '" + question + "' in this session"));
    q = it->second;
  }
  const std::string key = StreamOf(session_id) + ":" + question + ":answered";
  TicketCommand(api_, host_, gate_, q.ticket_id, "answer", json::serialize(json::object{{"answer", answer}}), key,
                [this, session, q, unit, done](const CallAnswer& result) {
    if (result.status != REXIAN_OK) return done(ProblemOfCall(result, "answer"));
    {
      std::lock_guard lock(session->mutex);
      session->questions[q.id].answered_on_air = true;
    }
    const std::string& id = session->info.id;
    const std::int64_t version = TicketVersionOf(result);
    Record(id, "live.question_answered_on_air", AnsweredOnAirPayload(id, q.id, q.ticket_number, unit),
           q.id + ":answered", [this, id, q, version, done](const CallAnswer& recorded) {
             if (recorded.status != REXIAN_OK) return done(ProblemOfCall(recorded, "live.question_answered_on_air"));
             Count("questions_answered_on_air", "questions answered on air");
             done(Ok(200, json::object{{"session", id}, {"question", q.id}, {"ticket_number", q.ticket_number},
                                       {"ticket_version", version}, {"answered_on_air", true}}));
           });
  });
}

void LivePlugin::Dispatch(const std::string& session_id, const std::string& question,
                          const std::string& classify_json, const std::string& dispatch_json,
                          const std::string& lead_department, std::function<void(const DeskAnswer&)> done) {
  std::shared_ptr<LiveSession> session = Find(session_id);
  if (!session) return done(Problem(404, "not-found", "no session '" + session_id + "' in this instance"));
  Question q;
  {
    std::lock_guard lock(session->mutex);
    auto it = session->questions.find(question);
    if (it == session->questions.end()) return done(Problem(404, "not-found", "no question '" + question + "' in this session"));
    q = it->second;
  }
  const std::string prefix = StreamOf(session_id) + ":" + question;
  auto dispatch = [this, session, q, dispatch_json, lead_department, prefix, done]() {
    TicketCommand(api_, host_, gate_, q.ticket_id, "dispatch", dispatch_json, prefix + ":dispatched",
                  [this, session, q, lead_department, done](const CallAnswer& result) {
      if (result.status != REXIAN_OK) return done(ProblemOfCall(result, "dispatch"));
      {
        std::lock_guard lock(session->mutex);
        session->questions[q.id].dispatched = true;
      }
      const std::string& id = session->info.id;
      const std::int64_t version = TicketVersionOf(result);
      Record(id, "live.question_dispatched", QuestionDispatchedPayload(id, q.id, q.ticket_number, lead_department),
             q.id + ":dispatched", [this, id, q, version, done](const CallAnswer& recorded) {
               if (recorded.status != REXIAN_OK) return done(ProblemOfCall(recorded, "live.question_dispatched"));
               Count("questions_dispatched", "questions dispatched to departments");
               done(Ok(200, json::object{{"session", id}, {"question", q.id}, {"ticket_number", q.ticket_number},
                                         {"ticket_version", version}, {"dispatched", true}}));
             });
    });
  };
  if (classify_json.empty()) return dispatch();
  TicketCommand(api_, host_, gate_, q.ticket_id, "classify", classify_json, prefix + ":classified",
                [dispatch, done](const CallAnswer& result) {
                  if (result.status != REXIAN_OK) return done(ProblemOfCall(result, "classify"));
                  dispatch();
                });
}

DeskAnswer LivePlugin::Describe(const std::string& session_id) {
  std::shared_ptr<LiveSession> session = Find(session_id);
  if (!session) return Problem(404, "not-found", "no session '" + session_id + "' in this instance");
  std::lock_guard lock(session->mutex);
  json::object rejected;
  for (std::size_t i = 0; i < kRejectionReasons.size(); ++i) rejected[kRejectionReasons[i]] = session->counts.rejected[i];
  json::array questions;
  for (const auto& [id, q] : session->questions) {
    questions.push_back(json::object{{"question", id}, {"source", q.source}, {"ticket_number", q.ticket_number},
                                     {"answered_on_air", q.answered_on_air}, {"dispatched", q.dispatched}});
  }
  json::array units;
  for (const std::string& u : session->info.units) units.emplace_back(u);
  return Ok(200, json::object{{"id", session_id}, {"title", session->info.title}, {"units", std::move(units)},
                              {"on_air", !session->ended}, {"received", session->counts.received},
                              {"accepted", session->counts.accepted}, {"failed", session->counts.failed},
                              {"rejected", std::move(rejected)}, {"questions", std::move(questions)}});
}

}  // namespace rexian::live
