// CallTracker: the AMI events of a call, mapped to its records.
#include "phone/call_tracker.h"

#include <boost/json.hpp>
#include <charconv>

namespace rexian::phone {
namespace {

namespace json = boost::json;

// AMI header values the schemas accept as codes: printable ASCII, no spaces.
bool Printable(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

bool CallIdShape(std::string_view s) {
  if (s.empty() || s.size() > 96) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// "PJSIP/1001-00000002" -> "PJSIP/1001": the device behind a channel.
std::string DeviceOf(std::string_view channel) {
  const std::size_t dash = channel.rfind('-');
  const std::size_t slash = channel.find('/');
  if (dash != std::string_view::npos && slash != std::string_view::npos && dash > slash) {
    channel = channel.substr(0, dash);
  }
  return Printable(channel, 80) ? std::string(channel) : std::string();
}

std::optional<std::int64_t> Integer(std::string_view s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

void PutPosition(json::object& o, const char* key, std::string_view text) {
  if (auto v = Integer(text); v && *v >= 1 && *v <= 100000) o[key] = *v;
}

// Whole seconds as integers (47, not 4.7E1), fractions as they are.
json::value Seconds(double seconds) {
  constexpr double kMax = 864000;  // the schemas' bound: ten days
  const double rounded = RoundSeconds(seconds > kMax ? kMax : seconds);
  if (rounded == static_cast<double>(static_cast<std::int64_t>(rounded))) {
    return static_cast<std::int64_t>(rounded);
  }
  return rounded;
}

CallRecord Record(const std::string& call_id, const char* type, std::string event_id,
                  json::object payload) {
  return CallRecord{CallTracker::StreamOf(call_id), type, std::move(event_id),
                    json::serialize(payload)};
}

}  // namespace

bool IsPhoneNumber(std::string_view s) {
  // ^[+]?[0-9][0-9 ()-]{2,30}$ as in the schemas.
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.size() < 3 || s.size() > 31 || s[0] < '0' || s[0] > '9') return false;
  for (char c : s.substr(1)) {
    const bool ok = (c >= '0' && c <= '9') || c == ' ' || c == '(' || c == ')' || c == '-';
    if (!ok) return false;
  }
  return true;
}

CallTracker::CallTracker(CallTrackerOptions options) : options_(std::move(options)) {}

std::string CallTracker::Time(EpochSeconds t) const {
  return FormatRfc3339(t, options_.utc_offset_minutes);
}

CallFacts* CallTracker::Live(std::string_view call_id) {
  auto it = calls_.find(call_id);
  return it == calls_.end() ? nullptr : &it->second;
}

std::optional<CallFacts> CallTracker::Find(const std::string& call_id) const {
  if (auto it = calls_.find(call_id); it != calls_.end()) return it->second;
  if (auto it = recent_.find(call_id); it != recent_.end()) return it->second;
  return std::nullopt;
}

void CallTracker::OnEvent(const AmiMessage& e, EpochSeconds received_at,
                          std::vector<CallRecord>* records, std::vector<SurveyPress>* surveys) {
  const std::string_view name = e.Event();
  if (name.empty()) return;
  const std::optional<EpochSeconds> stamped = ParseEpochSeconds(e.Get("Timestamp"));
  if (stamped) clock_offset_ = received_at - *stamped;
  const EpochSeconds at = stamped.value_or(received_at - clock_offset_);
  const std::string_view linkedid = e.Get("Linkedid");

  if (name == "Newchannel") {
    // A call starts with the channel that is its own Linkedid.
    if (linkedid.empty() || e.Get("Uniqueid") != linkedid || !CallIdShape(linkedid)) return;
    if (Live(linkedid) != nullptr || recent_.count(linkedid) != 0) return;
    if (!options_.contexts.empty() && options_.contexts.count(std::string(e.Get("Context"))) == 0) {
      return;
    }
    CallFacts call;
    call.id = std::string(linkedid);
    if (IsPhoneNumber(e.Get("CallerIDNum"))) call.caller = std::string(e.Get("CallerIDNum"));
    const std::string_view exten = e.Get("Exten");
    if (!exten.empty() && exten.size() <= 32 &&
        exten.find_first_not_of("0123456789*#+") == std::string_view::npos) {
      call.called = std::string(exten);
    }
    if (Printable(e.Get("Channel"), 128)) call.channel = std::string(e.Get("Channel"));
    call.ring_at = at;
    json::object p{{"call_id", call.id}, {"at", Time(at)}};
    if (!call.caller.empty()) p["citizen"] = json::object{{"id", call.caller}};
    if (!call.called.empty()) p["called"] = call.called;
    if (!call.channel.empty()) p["channel"] = call.channel;
    records->push_back(Record(call.id, "call.ringing", call.id + ":ringing", std::move(p)));
    calls_.emplace(call.id, std::move(call));
    return;
  }

  if (name == "UserEvent") {
    if (e.Get("UserEvent") != options_.survey_event) return;
    const std::string_view key = e.Get("Key");
    if (key.size() != 1 || std::string_view("0123456789*#").find(key[0]) == std::string_view::npos) {
      return;
    }
    CallFacts* call = Live(linkedid);
    if (call == nullptr) {
      auto it = recent_.find(linkedid);
      if (it == recent_.end()) return;  // a survey for a call we never saw
      call = &it->second;
    }
    ++call->surveys;
    std::optional<bool> solved;
    const std::string_view s = e.Get("Solved");
    if (s == "yes" || s == "1" || s == "true") solved = true;
    if (s == "no" || s == "0" || s == "false") solved = false;
    surveys->push_back(SurveyPress{call->id, std::string(key), solved, at,
                                   call->id + ":survey:" + std::to_string(call->surveys)});
    return;
  }

  if (name == "BlindTransfer" || name == "AttendedTransfer") {
    if (e.Get("Result") != "Success") return;
    const bool blind = name == "BlindTransfer";
    CallFacts* call = nullptr;
    for (const char* key : {"TransfereeLinkedid", "TransfererLinkedid", "OrigTransfererLinkedid",
                            "SecondTransfererLinkedid"}) {
      if (call == nullptr) call = Live(e.Get(key));
    }
    if (call == nullptr) return;
    ++call->transfers;
    json::object p{{"call_id", call->id}, {"at", Time(at)}, {"kind", blind ? "blind" : "attended"}};
    const std::string agent =
        DeviceOf(e.Get(blind ? "TransfererChannel" : "OrigTransfererChannel"));
    if (!agent.empty()) p["agent"] = agent;
    const std::string_view target =
        blind ? e.Get("Extension")
              : std::string_view(e.Has("TransferTargetChannel") ? e.Get("TransferTargetChannel")
                                                                 : e.Get("SecondTransfererChannel"));
    const std::string target_text = blind ? std::string(target) : DeviceOf(target);
    if (Printable(target_text, 80)) p["target"] = target_text;
    if (blind && Printable(e.Get("Context"), 80)) p["context"] = std::string(e.Get("Context"));
    records->push_back(Record(call->id, "call.transferred",
                              call->id + ":transferred:" + std::to_string(call->transfers),
                              std::move(p)));
    return;
  }

  CallFacts* call = Live(linkedid);
  if (call == nullptr) return;

  if (name == "QueueCallerJoin") {
    if (!Printable(e.Get("Queue"), 80)) return;
    call->queue = std::string(e.Get("Queue"));
    ++call->queued;
    json::object p{{"call_id", call->id}, {"at", Time(at)}, {"queue", call->queue}};
    PutPosition(p, "position", e.Get("Position"));
    records->push_back(Record(call->id, "call.queued",
                              call->id + ":queued:" + std::to_string(call->queued), std::move(p)));
  } else if (name == "AgentConnect" ||
             (name == "DialEnd" && e.Get("DialStatus") == "ANSWER" && call->queue.empty())) {
    std::string agent;
    if (name == "AgentConnect") {
      agent = Printable(e.Get("MemberName"), 80) ? std::string(e.Get("MemberName"))
                                                 : DeviceOf(e.Get("Interface"));
    } else {
      agent = DeviceOf(e.Get("DestChannel"));
    }
    if (agent.empty()) agent = "unknown";
    if (!call->answer_at) call->answer_at = at;
    call->agent = agent;
    ++call->answered;
    json::object p{{"call_id", call->id}, {"at", Time(at)}, {"agent", agent},
                   {"wait_seconds", Seconds(at - call->ring_at)}};
    if (!call->queue.empty()) p["queue"] = call->queue;
    records->push_back(Record(
        call->id, "call.answered",
        call->id + ":answered" + (call->answered > 1 ? ":" + std::to_string(call->answered) : ""),
        std::move(p)));
  } else if (name == "QueueCallerAbandon") {
    call->abandoned = true;
    ++counts_.abandoned;
    const std::string queue =
        Printable(e.Get("Queue"), 80) ? std::string(e.Get("Queue")) : call->queue;
    if (queue.empty()) return;
    // HoldTime is Asterisk's own count of the wait in the queue.
    double wait = at - call->ring_at;
    if (auto hold = Integer(e.Get("HoldTime")); hold && *hold >= 0) wait = static_cast<double>(*hold);
    json::object p{{"call_id", call->id}, {"at", Time(at)}, {"queue", queue},
                   {"wait_seconds", Seconds(wait)}};
    PutPosition(p, "position", e.Get("Position"));
    PutPosition(p, "original_position", e.Get("OriginalPosition"));
    records->push_back(Record(call->id, "call.abandoned", call->id + ":abandoned", std::move(p)));
  } else if (name == "VarSet") {
    if (e.Get("Variable") == options_.recording_variable && !e.Get("Value").empty() &&
        e.Get("Value").size() <= 512) {
      call->recording = std::string(e.Get("Value"));
    }
  } else if (name == "Hangup") {
    if (e.Get("Uniqueid") != linkedid) return;  // another leg; the caller is still there
    const std::string outcome = call->answer_at ? "answered"
                                : call->abandoned ? "abandoned"
                                                  : "unanswered";
    End(*call, at, outcome, &e, "", records);
  }
}

void CallTracker::End(CallFacts& call, EpochSeconds at, const std::string& outcome,
                      const AmiMessage* hangup, const std::string& reason,
                      std::vector<CallRecord>* records) {
  call.end_at = at;
  const json::value total = Seconds(at - call.ring_at);
  const json::value wait = Seconds((call.answer_at ? *call.answer_at : at) - call.ring_at);
  const json::value talk = Seconds(call.answer_at ? at - *call.answer_at : 0.0);
  json::object p{{"call_id", call.id},     {"at", Time(at)},        {"outcome", outcome},
                 {"wait_seconds", wait},   {"talk_seconds", talk},  {"total_seconds", total}};
  if (!call.agent.empty()) p["agent"] = call.agent;
  if (!call.queue.empty()) p["queue"] = call.queue;
  if (hangup != nullptr) {
    if (auto cause = Integer(hangup->Get("Cause")); cause && *cause >= 0 && *cause <= 255) {
      p["hangup_cause"] = *cause;
    }
    const std::string_view text = hangup->Get("Cause-txt");
    if (!text.empty() && text.size() <= 80 &&
        text.find_first_not_of(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ["
                               "\\]^_`abcdefghijklmnopqrstuvwxyz{|}~") == std::string_view::npos) {
      p["hangup_cause_text"] = text;
    }
  }
  if (!call.recording.empty() &&
      call.recording.find_first_not_of(
          " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopq"
          "rstuvwxyz{|}~") == std::string::npos) {
    p["recording"] = call.recording;
  }
  if (!reason.empty()) p["reason"] = reason.substr(0, 200);
  records->push_back(Record(call.id, "call.ended", call.id + ":ended", std::move(p)));

  if (outcome == "lost") {
    ++counts_.lost;
  } else {
    ++counts_.offered;
    if (outcome == "answered") ++counts_.answered;
  }
  const std::string id = call.id;
  recent_[id] = std::move(call);
  calls_.erase(id);
  recent_order_.push_back(id);
  while (recent_order_.size() > options_.max_recent_calls) {
    recent_.erase(recent_order_.front());
    recent_order_.pop_front();
  }
}

void CallTracker::Reconcile(const std::vector<AmiMessage>& channels, EpochSeconds our_now,
                            std::vector<CallRecord>* records) {
  const EpochSeconds now = our_now - clock_offset_;
  std::set<std::string, std::less<>> live;
  for (const AmiMessage& c : channels) live.insert(std::string(c.Get("Linkedid")));
  std::vector<std::string> gone;
  for (const auto& [id, call] : calls_) {
    if (live.count(id) == 0) gone.push_back(id);
  }
  for (const std::string& id : gone) {
    End(calls_.at(id), now, "lost", nullptr,
        "no channel of the call was left when the AMI connection came back: it ended while "
        "the connection was down",
        records);
  }
  for (const AmiMessage& c : channels) {
    const std::string_view linkedid = c.Get("Linkedid");
    if (c.Get("Uniqueid") != linkedid) continue;  // only the caller's channel starts a call
    CallFacts* call = Live(linkedid);
    if (call == nullptr) {
      if (recent_.count(linkedid) != 0) continue;
      // Started while we were away: adopt it as if its Newchannel had come.
      const double age = ParseClockDuration(c.Get("Duration")).value_or(0);
      AmiMessage synthetic = c;
      std::erase_if(synthetic.headers, [](const auto& h) { return h.first == "Timestamp"; });
      synthetic.headers.emplace(synthetic.headers.begin(), "Event", "Newchannel");
      std::vector<SurveyPress> none;
      OnEvent(synthetic, our_now - age, records, &none);
      call = Live(linkedid);
      if (call == nullptr) continue;
    }
    if (!call->answer_at && !c.Get("BridgeId").empty()) {
      // In a bridge, so answered while we were away (a caller waiting in a
      // queue is in none): the agent is whom the caller is connected to.
      call->answer_at = now;
      call->agent = Printable(c.Get("ConnectedLineNum"), 80) ? std::string(c.Get("ConnectedLineNum"))
                                                             : std::string("unknown");
      ++call->answered;
      json::object p{{"call_id", call->id}, {"at", Time(now)}, {"agent", call->agent},
                     {"wait_seconds", Seconds(now - call->ring_at)}};
      if (!call->queue.empty()) p["queue"] = call->queue;
      records->push_back(Record(call->id, "call.answered", call->id + ":answered", std::move(p)));
    }
  }
}

void CallTracker::LoseAll(const std::string& reason, EpochSeconds our_now,
                          std::vector<CallRecord>* records) {
  const EpochSeconds now = our_now - clock_offset_;
  while (!calls_.empty()) End(calls_.begin()->second, now, "lost", nullptr, reason, records);
}

CallRecord SurveyRecord(const SurveyPress& press, const std::string& rating,
                        const std::string& ticket_number, int utc_offset_minutes) {
  json::object p{{"call_id", press.call_id},
                 {"at", FormatRfc3339(press.at, utc_offset_minutes)},
                 {"key", press.key}};
  if (!rating.empty()) p["rating"] = rating;
  if (!ticket_number.empty()) p["ticket_number"] = ticket_number;
  return Record(press.call_id, "call.surveyed", press.event_id, std::move(p));
}

CallRecord LinkedRecord(const std::string& call_id, const std::string& ticket_number, bool created,
                        bool answered_on_first_contact, EpochSeconds at, int utc_offset_minutes) {
  json::object p{{"call_id", call_id},
                 {"at", FormatRfc3339(at, utc_offset_minutes)},
                 {"ticket_number", ticket_number},
                 {"created", created},
                 {"answered_on_first_contact", answered_on_first_contact}};
  return Record(call_id, "call.linked", call_id + ":linked:" + ticket_number, std::move(p));
}

}  // namespace rexian::phone
