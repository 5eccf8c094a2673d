// CallSummary: body parsing and the contact it becomes.
#include "phone/call_summary.h"

#include <openssl/evp.h>

#include <boost/json.hpp>

namespace rexian::phone {
namespace {

namespace json = boost::json;

bool OptionalString(const json::object& o, const char* key, std::size_t max, std::string* out,
                    std::string* error) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return true;
  if (!v->is_string() || v->as_string().empty() || v->as_string().size() > max) {
    *error = std::string("/") + key + ": expected a non-empty string of at most " +
             std::to_string(max) + " bytes";
    return false;
  }
  *out = std::string(v->as_string());
  return true;
}

}  // namespace

std::optional<CallSummary> ParseCallSummary(std::string_view body, std::string* error) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    *error = "body: expected a JSON object";
    return std::nullopt;
  }
  const json::object& o = parsed.as_object();
  CallSummary s;
  json::object passed;
  for (const auto& [key, value] : o) {
    if (key == "text" || key == "answer" || key == "agent" || key == "caller_name" ||
        key == "caller_number" || key == "answered_on_the_spot") {
      continue;
    }
    if (key == "subject" || key == "urgency" || key == "location" || key == "classification") {
      passed[key] = value;
      continue;
    }
    *error = "/" + std::string(key) +
             ": unknown member (text, answered_on_the_spot, answer, agent, caller_name, "
             "caller_number, subject, urgency, location, classification)";
    return std::nullopt;
  }
  if (!OptionalString(o, "text", 40000, &s.text, error) ||
      !OptionalString(o, "answer", 40000, &s.answer, error) ||
      !OptionalString(o, "agent", 80, &s.agent, error) ||
      !OptionalString(o, "caller_name", 400, &s.caller_name, error) ||
      !OptionalString(o, "caller_number", 31, &s.caller_number, error)) {
    return std::nullopt;
  }
  if (s.text.empty()) {
    *error = "/text: expected the agent's summary (missing)";
    return std::nullopt;
  }
  if (!s.caller_number.empty() && !IsPhoneNumber(s.caller_number)) {
    *error = "/caller_number: expected a phone number";
    return std::nullopt;
  }
  if (const json::value* v = o.if_contains("answered_on_the_spot")) {
    if (!v->is_bool()) {
      *error = "/answered_on_the_spot: expected true or false";
      return std::nullopt;
    }
    s.answered_on_the_spot = v->as_bool();
  }
  if (s.answer.empty()) s.answer = s.text;
  s.contact_members = json::serialize(passed);
  return s;
}

std::string SummaryContact(const std::string& channel, const std::string& call_id,
                           const CallSummary& summary, const std::optional<CallFacts>& call,
                           EpochSeconds now, int utc_offset_minutes) {
  json::object contact = json::parse(summary.contact_members).as_object();
  contact["channel"] = channel;
  contact["channel_message_id"] = call_id;
  contact["received_at"] = FormatRfc3339(call ? call->ring_at : now, utc_offset_minutes);
  const std::string number = call && !call->caller.empty() ? call->caller : summary.caller_number;
  json::object citizen;
  if (!number.empty()) {
    citizen["id"] = number;
    citizen["phone"] = number;
  } else {
    citizen["id"] = "anonymous-call:" + call_id;
  }
  if (!summary.caller_name.empty()) citizen["name"] = summary.caller_name;
  contact["citizen"] = std::move(citizen);
  contact["text"] = summary.text;
  json::object extra{{"call_id", call_id}};
  if (!summary.agent.empty()) extra["agent"] = summary.agent;
  if (call) {
    if (!call->agent.empty()) extra["answered_by"] = call->agent;
    if (!call->queue.empty()) extra["queue"] = call->queue;
    if (!call->recording.empty()) extra["recording"] = call->recording;
  }
  contact["extra"] = std::move(extra);
  return json::serialize(contact);
}

std::string SummaryUpdateContact(const std::string& channel, const std::string& call_id,
                                 const CallSummary& summary, const std::optional<CallFacts>& call,
                                 const std::string& ticket_number, EpochSeconds now,
                                 int utc_offset_minutes) {
  json::object contact =
      json::parse(SummaryContact(channel, call_id, summary, call, now, utc_offset_minutes))
          .as_object();
  contact["channel_message_id"] = call_id + ":update:" + Sha256Hex(summary.text).substr(0, 16);
  contact["received_at"] = FormatRfc3339(now, utc_offset_minutes);
  contact["follow_up_of"] = ticket_number;
  return json::serialize(contact);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1) return "";
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace rexian::phone
