// PhonePlugin: AMI events -> call records; summaries -> work orders; surveys -> ratings.
#include "phone/phone_plugin.h"

#include <boost/json.hpp>
#include <cstddef>

#include "phone/call_summary.h"

namespace rexian::phone {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxRetries = 10000;  // records waiting for the host, at most

bool CallIdShape(std::string_view s) {
  if (s.empty() || s.size() > 96) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void Respond(const rexian_host_api* api, rexian_http_exchange* exchange, int status,
             const std::string& body) {
  rexian_http_response response{};
  response.struct_size = sizeof response;
  response.status = status;
  response.body = body.data();
  response.body_len = body.size();
  api->respond(exchange, &response);
}

std::string ErrorBody(const std::string& message) {
  return json::serialize(json::object{{"error", message}});
}

// The "error" code of a rexian_call_result's error document ("" when none).
std::string ErrorCode(const char* error_json) {
  if (error_json == nullptr) return "";
  boost::system::error_code ec;
  json::value v = json::parse(error_json, ec);
  if (ec || !v.is_object()) return "";
  const json::value* code = v.as_object().if_contains("error");
  return code != nullptr && code->is_string() ? std::string(code->as_string()) : "";
}

}  // namespace

// A survey waiting to become its work order's follow-up rating.
struct PhonePlugin::HeldSurvey {
  std::string call_id;
  std::string rating;
  bool solved = true;
  std::string ticket;  // "" until the summary links the call
  EpochSeconds since = 0;
  bool in_flight = false;
};

// What a host callback needs to find its way back.
struct PhonePlugin::Pending {
  PhonePlugin* plugin = nullptr;
  CallRecord record;               // record_event
  std::string survey_id;           // ticket_command follow-up
  rexian_http_exchange* exchange = nullptr;  // summary
  std::string call_id;
  CallSummary summary;
  json::object answer;             // the summary's answer so far
};

std::unique_ptr<PhonePlugin> PhonePlugin::Create(const rexian_host_api* api, rexian_host* host,
                                                 std::string_view config_json, std::string* error) {
  if (api == nullptr ||
      api->struct_size < offsetof(rexian_host_api, ticket_command) + sizeof api->ticket_command) {
    *error = "the host's function table has no record_event / ticket_command (plugin ABI 1.1)";
    return nullptr;
  }
  auto options = ParsePhoneOptions(config_json, error);
  if (!options) return nullptr;
  std::unique_ptr<PhonePlugin> plugin(new PhonePlugin(api, host, std::move(*options)));
  api->config_section(
      host, "server",
      [](void* self, const char* text, std::size_t len) {
        boost::system::error_code ec;
        json::value v = json::parse(std::string_view(text, len), ec);
        if (!ec && v.is_object()) {
          if (const json::value* m = v.as_object().if_contains("utc_offset_minutes");
              m != nullptr && m->is_int64()) {
            static_cast<PhonePlugin*>(self)->utc_offset_minutes_ = static_cast<int>(m->as_int64());
          }
        }
      },
      plugin.get());
  CallTrackerOptions tracking;
  tracking.utc_offset_minutes = plugin->utc_offset_minutes_;
  tracking.contexts = plugin->options_.context_set;
  tracking.survey_event = plugin->options_.survey_event;
  tracking.recording_variable = plugin->options_.recording_variable;
  tracking.max_recent_calls = static_cast<std::size_t>(plugin->options_.max_recent_calls);
  plugin->tracker_ = CallTracker(tracking);
  const std::string route = plugin->options_.route_prefix + "/calls/{call_id}/summary";
  if (api->register_route(host, "POST", route.c_str(), &PhonePlugin::HandleSummary,
                          plugin.get()) != REXIAN_OK) {
    *error = "route_prefix: the host refused the route POST " + route;
    return nullptr;
  }
  return plugin;
}

PhonePlugin::PhonePlugin(const rexian_host_api* api, rexian_host* host, PhoneOptions options)
    : api_(api),
      host_(host),
      options_(std::move(options)),
      channel_(api->channel(host)),
      tracker_(CallTrackerOptions{}) {
  AmiClientOptions o;
  o.host = options_.ami_host;
  o.port = static_cast<std::uint16_t>(options_.ami_port);
  o.username = options_.ami_username;
  o.secret = options_.ami_secret;
  o.reconnect_initial = std::chrono::milliseconds(options_.reconnect_initial_ms);
  o.reconnect_max = std::chrono::milliseconds(options_.reconnect_max_ms);
  o.connect_timeout = std::chrono::milliseconds(options_.connect_timeout_ms);
  AmiClientCallbacks c;
  c.on_event = [this](const AmiMessage& e) { OnEvent(e); };
  c.on_channels = [this](const std::vector<AmiMessage>& channels) { OnChannels(channels); };
  c.on_connection = [this](bool up, const std::string& why) { OnConnection(up, why); };
  c.on_tick = [this] { OnTick(); };
  client_ = std::make_unique<AmiClient>(std::move(o), std::move(c));
}

PhonePlugin::~PhonePlugin() { Stop(); }

void PhonePlugin::Start() {
  api_->gauge_set(host_, "ami_connected", "1 while the AMI connection is logged in", 0);
  client_->Start();
  Log(REXIAN_LOG_INFO, "following Asterisk at " + options_.ami_host + ":" +
                           std::to_string(options_.ami_port) + "; summaries on POST " +
                           options_.route_prefix + "/calls/{call_id}/summary");
}

void PhonePlugin::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  client_->Stop();
}

void PhonePlugin::Log(rexian_log_level level, const std::string& message) const {
  api_->log(host_, level, message.c_str());
}

// ------------------------------------------------------------------ AMI thread

void PhonePlugin::OnEvent(const AmiMessage& event) {
  std::vector<CallRecord> records;
  std::vector<SurveyPress> surveys;
  {
    std::lock_guard lock(mu_);
    tracker_.OnEvent(event, NowSeconds(), &records, &surveys);
  }
  Send(std::move(records));
  for (const SurveyPress& press : surveys) OnSurvey(press);
  Publish();
}

void PhonePlugin::OnChannels(const std::vector<AmiMessage>& channels) {
  std::vector<CallRecord> records;
  std::size_t before = 0, after = 0;
  {
    std::lock_guard lock(mu_);
    before = tracker_.in_progress();
    tracker_.Reconcile(channels, NowSeconds(), &records);
    after = tracker_.in_progress();
  }
  Log(REXIAN_LOG_INFO, "reconciled with " + std::to_string(channels.size()) +
                           " channels: " + std::to_string(before) + " calls in progress before, " +
                           std::to_string(after) + " after");
  Send(std::move(records));
  Publish();
}

void PhonePlugin::OnConnection(bool up, const std::string& reason) {
  api_->gauge_set(host_, "ami_connected", "1 while the AMI connection is logged in", up ? 1 : 0);
  {
    std::lock_guard lock(mu_);
    if (up) {
      down_since_.reset();
    } else if (!down_since_) {
      down_since_ = NowSeconds();
    }
  }
  if (up) {
    {
      std::lock_guard lock(mu_);
      last_down_reason_.clear();
    }
    if (client_->logins() > 1) {
      api_->counter_add(host_, "ami_reconnects", "AMI logins after the first", 1);
    }
    Log(REXIAN_LOG_INFO, "AMI " + reason);
  } else {
    // The same failure again and again (Asterisk is down) is logged once,
    // then every 20th time, so a long outage does not flood the log.
    std::lock_guard lock(mu_);
    const bool repeated = reason == last_down_reason_;
    down_repeats_ = repeated ? down_repeats_ + 1 : 0;
    last_down_reason_ = reason;
    if (!repeated || down_repeats_ % 20 == 0) {
      Log(REXIAN_LOG_WARN, "AMI connection down: " + reason +
                               (repeated ? " (" + std::to_string(down_repeats_ + 1) + " times)" : ""));
    }
  }
}

void PhonePlugin::OnTick() {
  const EpochSeconds now = NowSeconds();
  std::vector<CallRecord> records;
  bool surveys_due = false;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    if (down_since_ && now - *down_since_ > static_cast<double>(options_.lost_after_seconds) &&
        tracker_.in_progress() > 0) {
      tracker_.LoseAll("the AMI connection was down for more than " +
                           std::to_string(options_.lost_after_seconds) + " s",
                       now, &records);
    }
    if (!retry_.empty() && now >= next_retry_) {
      records.insert(records.end(), std::make_move_iterator(retry_.begin()),
                     std::make_move_iterator(retry_.end()));
      retry_.clear();
      next_retry_ = now + 1;
    }
    if (now >= next_survey_try_ && !held_.empty()) {
      surveys_due = true;
      next_survey_try_ = now + static_cast<double>(options_.survey_retry_seconds);
    }
  }
  if (!records.empty()) {
    Send(std::move(records));
    Publish();
  }
  if (surveys_due) TryHeldSurveys();
}

// ------------------------------------------------------------------ records

void PhonePlugin::Send(std::vector<CallRecord> records) {
  for (CallRecord& record : records) {
    auto* pending = new Pending{};
    pending->plugin = this;
    pending->record = std::move(record);
    const CallRecord& r = pending->record;
    const rexian_status rc = api_->record_event(
        host_, r.stream.c_str(), r.type.c_str(), r.payload.data(), r.payload.size(),
        r.event_id.c_str(),
        [](void* user_data, const rexian_call_result* result) {
          std::unique_ptr<Pending> p(static_cast<Pending*>(user_data));
          PhonePlugin* self = p->plugin;
          if (result->status == REXIAN_OK) return;
          if (result->status == REXIAN_INVALID || result->status == REXIAN_NOT_FOUND) {
            self->api_->counter_add(self->host_, "records_refused",
                                    "call records the host refused (a bug: see the log)", 1);
            self->Log(REXIAN_LOG_ERROR, p->record.type + " of " + p->record.stream + " refused: " +
                                            (result->error_json ? result->error_json : "?"));
            return;
          }
          std::lock_guard lock(self->mu_);
          if (self->retry_.size() < kMaxRetries) self->retry_.push_back(std::move(p->record));
        },
        pending);
    if (rc != REXIAN_OK) {
      Log(rc == REXIAN_UNAVAILABLE ? REXIAN_LOG_WARN : REXIAN_LOG_ERROR,
          r.type + " of " + r.stream + " not recorded: the host answered " +
              std::to_string(static_cast<int>(rc)));
      delete pending;
    }
  }
}

void PhonePlugin::Publish() {
  CallCounts now;
  std::size_t in_progress = 0;
  CallCounts before;
  {
    std::lock_guard lock(mu_);
    now = tracker_.counts();
    in_progress = tracker_.in_progress();
    before = published_;
    published_ = now;
  }
  auto add = [this](const char* name, const char* help, std::uint64_t delta) {
    if (delta > 0) api_->counter_add(host_, name, help, static_cast<double>(delta));
  };
  add("calls_offered", "calls that ended answered, abandoned or unanswered",
      now.offered - before.offered);
  add("calls_answered", "calls an agent answered", now.answered - before.answered);
  add("calls_abandoned", "calls abandoned while waiting in a queue",
      now.abandoned - before.abandoned);
  add("calls_lost", "calls closed as lost (their end was not seen)", now.lost - before.lost);
  if (now.offered > 0) {
    api_->gauge_set(host_, "connection_rate",
                    "answered / offered calls since start (GB/T 33358: at least 0.95)",
                    static_cast<double>(now.answered) / static_cast<double>(now.offered));
  }
  api_->gauge_set(host_, "calls_in_progress", "calls being followed now",
                  static_cast<double>(in_progress));
  const std::uint64_t garbage = client_->garbage_lines();
  api_->gauge_set(host_, "ami_garbage_lines", "AMI lines skipped as malformed since start",
                  static_cast<double>(garbage));
}

// ------------------------------------------------------------------ surveys

void PhonePlugin::OnSurvey(const SurveyPress& press) {
  std::string rating;
  std::string ticket;
  {
    std::lock_guard lock(mu_);
    if (auto it = options_.survey_ratings.find(press.key[0]); it != options_.survey_ratings.end()) {
      rating = it->second;
    }
    if (auto it = links_.find(press.call_id); it != links_.end()) ticket = it->second;
    if (!rating.empty()) {
      HeldSurvey held;
      held.call_id = press.call_id;
      held.rating = rating;
      held.solved = press.solved.value_or(rating != "dissatisfied");
      held.ticket = ticket;
      held.since = NowSeconds();  // our clock: press.at is Asterisk's
      held_.emplace(press.event_id, std::move(held));
      if (!ticket.empty()) next_survey_try_ = 0;
    }
  }
  api_->counter_add(host_, "surveys", "survey key presses received", 1);
  Send({SurveyRecord(press, rating, ticket, utc_offset_minutes_)});
}

void PhonePlugin::TryHeldSurveys() {
  const EpochSeconds now = NowSeconds();
  struct Try {
    std::string id;
    HeldSurvey survey;
  };
  std::vector<Try> tries;
  {
    std::lock_guard lock(mu_);
    for (auto it = held_.begin(); it != held_.end();) {
      if (now - it->second.since > static_cast<double>(options_.survey_hold_hours) * 3600) {
        Log(REXIAN_LOG_INFO, "survey " + it->first + " dropped: its work order was not " +
                                 (it->second.ticket.empty() ? "linked" : "resolved") + " within " +
                                 std::to_string(options_.survey_hold_hours) + " h");
        api_->counter_add(host_, "surveys_expired", "surveys dropped unapplied after survey_hold_hours", 1);
        it = held_.erase(it);
        continue;
      }
      if (!it->second.ticket.empty() && !it->second.in_flight) {
        it->second.in_flight = true;
        tries.push_back(Try{it->first, it->second});
      }
      ++it;
    }
  }
  for (const Try& t : tries) {
    std::string status;
    api_->get_ticket(
        host_, t.survey.ticket.c_str(),
        [](void* out, const char* text, std::size_t len) {
          boost::system::error_code ec;
          json::value v = json::parse(std::string_view(text, len), ec);
          if (!ec && v.is_object()) {
            if (const json::value* s = v.as_object().if_contains("status"); s && s->is_string()) {
              *static_cast<std::string*>(out) = std::string(s->as_string());
            }
          }
        },
        &status);
    if (status != "resolved") {
      std::lock_guard lock(mu_);
      auto it = held_.find(t.id);
      if (it == held_.end()) continue;
      if (status == "followed_up" || status == "closed" || status == "merged") {
        // Rated another way, or closed without a rating to give (answered on first contact).
        Log(REXIAN_LOG_INFO, "survey " + t.id + " not applied: ticket " + t.survey.ticket +
                                 " is " + status + "; the rating stays in call.surveyed");
        api_->counter_add(host_, "surveys_unapplied",
                          "surveys whose work order took no rating (already rated or closed)", 1);
        held_.erase(it);
      } else {
        it->second.in_flight = false;  // not resolved yet: later
      }
      continue;
    }
    const std::string body = json::serialize(
        json::object{{"rating", t.survey.rating}, {"solved", t.survey.solved}});
    auto* pending = new Pending{};
    pending->plugin = this;
    pending->survey_id = t.id;
    const rexian_status rc = api_->ticket_command(
        host_, t.survey.ticket.c_str(), "follow-up", body.data(), body.size(), t.id.c_str(),
        [](void* user_data, const rexian_call_result* result) {
          std::unique_ptr<Pending> p(static_cast<Pending*>(user_data));
          PhonePlugin* self = p->plugin;
          const std::string code = ErrorCode(result->error_json);
          std::lock_guard lock(self->mu_);
          auto it = self->held_.find(p->survey_id);
          if (it == self->held_.end()) return;
          if (result->status == REXIAN_OK) {
            self->api_->counter_add(self->host_, "surveys_applied",
                                    "surveys recorded as their work order's follow-up rating", 1);
            self->held_.erase(it);
          } else if (result->status == REXIAN_UNAVAILABLE || code == "invalid_state") {
            it->second.in_flight = false;  // try again at the next round
          } else {
            self->Log(REXIAN_LOG_WARN, "survey " + p->survey_id + " refused by ticket " +
                                           it->second.ticket + ": " +
                                           (result->error_json ? result->error_json : "?"));
            self->held_.erase(it);
          }
        },
        pending);
    if (rc != REXIAN_OK) {
      delete pending;
      std::lock_guard lock(mu_);
      if (auto it = held_.find(t.id); it != held_.end()) it->second.in_flight = false;
    }
  }
}

void PhonePlugin::Linked(const std::string& call_id, const std::string& ticket_number) {
  std::lock_guard lock(mu_);
  links_[call_id] = ticket_number;
  for (auto& [id, held] : held_) {
    if (held.call_id == call_id) {
      held.ticket = ticket_number;
      next_survey_try_ = 0;  // the next tick tries it
    }
  }
}

// ------------------------------------------------------------------ summary route

bool PhonePlugin::Authorized(const rexian_http_request& request) const {
  for (std::size_t i = 0; i < request.header_count; ++i) {
    const rexian_http_header& h = request.headers[i];
    const std::string_view name(h.name, h.name_len);
    if (name.size() != 9) continue;
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower != "x-api-key") continue;
    // Hash first: the comparison then depends on the digest, not on the secret.
    const std::string digest = Sha256Hex(std::string_view(h.value, h.value_len));
    for (const std::string& allowed : options_.api_key_sha256) {
      if (digest == allowed) return true;
    }
    return false;
  }
  return false;
}

void PhonePlugin::HandleSummary(void* self, const rexian_http_request* request,
                                rexian_http_exchange* exchange) {
  static_cast<PhonePlugin*>(self)->Summary(*request, exchange);
}

void PhonePlugin::Summary(const rexian_http_request& request, rexian_http_exchange* exchange) {
  if (!Authorized(request)) {
    api_->counter_add(host_, "summaries_unauthorized", "summary requests without a valid X-Api-Key", 1);
    Respond(api_, exchange, 401, ErrorBody("X-Api-Key: a key listed in api_key_sha256 is required"));
    return;
  }
  std::string call_id;
  for (std::size_t i = 0; i < request.param_count; ++i) {
    if (std::string_view(request.param_names[i]) == "call_id") call_id = request.param_values[i];
  }
  if (!CallIdShape(call_id)) {
    Respond(api_, exchange, 400, ErrorBody("call_id: expected Asterisk's Linkedid"));
    return;
  }
  std::string error;
  auto summary = ParseCallSummary(std::string_view(request.body, request.body_len), &error);
  if (!summary) {
    Respond(api_, exchange, 400, ErrorBody(error));
    return;
  }
  std::optional<CallFacts> call;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      Respond(api_, exchange, 503, ErrorBody("the phone plugin is stopping"));
      return;
    }
    call = tracker_.Find(call_id);
  }
  const std::string contact =
      SummaryContact(channel_, call_id, *summary, call, NowSeconds(), utc_offset_minutes_);
  auto* pending = new Pending{};
  pending->plugin = this;
  pending->exchange = exchange;
  pending->call_id = call_id;
  pending->summary = std::move(*summary);
  const rexian_status rc = api_->submit_contact(
      host_, contact.data(), contact.size(),
      [](void* user_data, const rexian_submit_result* result) {
        std::unique_ptr<Pending> p(static_cast<Pending*>(user_data));
        PhonePlugin* self = p->plugin;
        if (result->status != REXIAN_OK) {
          const int status = result->status == REXIAN_INVALID       ? 422
                             : result->status == REXIAN_UNAVAILABLE ? 503
                                                                    : 500;
          Respond(self->api_, p->exchange, status,
                  result->error_json ? result->error_json : ErrorBody("submit failed"));
          return;
        }
        const std::string number = result->ticket_number;
        const bool created = result->duplicate == 0 && result->attached == 0;
        p->answer = json::object{{"ticket_number", number},
                                 {"ticket_id", result->ticket_id},
                                 {"created", created},
                                 {"duplicate", result->duplicate != 0},
                                 {"attached", result->attached != 0}};
        const bool answer_now = created && p->summary.answered_on_the_spot;
        self->Send({LinkedRecord(p->call_id, number, created, answer_now, NowSeconds(),
                                 self->utc_offset_minutes_)});
        self->Linked(p->call_id, number);
        if (result->duplicate != 0) {
          self->UpdateOrder(std::move(p), number);  // a later summary of the same call
        } else if (answer_now) {
          self->AnswerOrder(std::move(p), number);
        } else {
          Respond(self->api_, p->exchange, created ? 201 : 200, json::serialize(p->answer));
        }
      },
      pending);
  if (rc != REXIAN_OK) {
    delete pending;
    Respond(api_, exchange, 503, ErrorBody("the host is stopping: try again"));
  }
}

void PhonePlugin::AnswerOrder(std::unique_ptr<Pending> p, const std::string& number) {
  // A first summary answered on the spot closes the loop with the answer.
  const std::string body = json::serialize(json::object{{"answer", p->summary.answer}});
  const std::string key = "answer-" + p->call_id;
  p->answer["action"] = "answer";
  Pending* raw = p.release();
  const rexian_status rc = api_->ticket_command(
      host_, number.c_str(), "answer", body.data(), body.size(), key.c_str(),
      [](void* data, const rexian_call_result* r) {
        std::unique_ptr<Pending> q(static_cast<Pending*>(data));
        q->answer["action_done"] = r->status == REXIAN_OK;
        if (r->status != REXIAN_OK && r->error_json != nullptr) {
          boost::system::error_code ec;
          q->answer["action_error"] = json::parse(r->error_json, ec);
        }
        Respond(q->plugin->api_, q->exchange, 201, json::serialize(q->answer));
      },
      raw);
  if (rc != REXIAN_OK) {
    std::unique_ptr<Pending> q(raw);
    q->answer["action_done"] = false;
    q->answer["action_error"] = "the host is stopping";
    Respond(api_, q->exchange, 503, json::serialize(q->answer));
  }
}

void PhonePlugin::UpdateOrder(std::unique_ptr<Pending> p, const std::string& number) {
  // The call's contact is in already: the new summary is a follow-up
  // contact of the same caller, which intake adds to the order.
  std::optional<CallFacts> call;
  {
    std::lock_guard lock(mu_);
    call = tracker_.Find(p->call_id);
  }
  const std::string contact = SummaryUpdateContact(channel_, p->call_id, p->summary, call, number,
                                                   NowSeconds(), utc_offset_minutes_);
  Pending* raw = p.release();
  const rexian_status rc = api_->submit_contact(
      host_, contact.data(), contact.size(),
      [](void* data, const rexian_submit_result* r) {
        std::unique_ptr<Pending> q(static_cast<Pending*>(data));
        if (r->status != REXIAN_OK) {
          q->answer["update"] = json::object{{"done", false}};
          boost::system::error_code ec;
          if (r->error_json != nullptr) {
            q->answer["update"].as_object()["error"] = json::parse(r->error_json, ec);
          }
        } else {
          q->answer["update"] = json::object{{"done", true},
                                             {"ticket_number", r->ticket_number},
                                             {"attached", r->attached != 0},
                                             {"duplicate", r->duplicate != 0}};
        }
        Respond(q->plugin->api_, q->exchange, r->status == REXIAN_OK ? 200 : 422,
                json::serialize(q->answer));
      },
      raw);
  if (rc != REXIAN_OK) {
    std::unique_ptr<Pending> q(raw);
    Respond(api_, q->exchange, 503, ErrorBody("the host is stopping: try again"));
  }
}

}  // namespace rexian::phone
