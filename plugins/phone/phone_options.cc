// The option table and the parser of the phone plugin's `config:` block.
#include "phone/phone_options.h"

#include <boost/json.hpp>

#include "kit/text_shapes.h"

namespace rexian::phone {
namespace {

namespace json = boost::json;

// The api_key_sha256 row's reader (OptionParser).
std::optional<std::string> ReadKeyHashes(const json::value& v, const std::string& where,
                                         PhoneOptions* out) {
  if (!v.is_array()) return where + ": expected a list of SHA-256 hex digests";
  std::vector<std::string> list;
  for (const json::value& item : v.as_array()) {
    if (!item.is_string() || !plugin_kit::IsSha256Hex(item.as_string())) {
      return where + "[" + std::to_string(list.size()) +
             "]: expected 64 lower-case hex digits (the SHA-256 of the key)";
    }
    list.emplace_back(item.as_string());
  }
  out->api_key_sha256 = std::move(list);
  return std::nullopt;
}

const std::vector<OptionSpec> kOptions = {
    {"ami_host", OptionType::kString, "127.0.0.1",
     "Host name or IPv4 address of the Asterisk server's Manager Interface.",
     &PhoneOptions::ami_host},
    {"ami_port", OptionType::kInteger, "5038", "TCP port of the Manager Interface (manager.conf).",
     &PhoneOptions::ami_port, 1, 65535},
    {"ami_username", OptionType::kString, "rexian",
     "The manager account (`[rexian]` in manager.conf) with `read = call,agent,user` at least.",
     &PhoneOptions::ami_username},
    {"ami_secret", OptionType::kString, "",
     "The manager account's secret: keep the file that holds it readable by the server's user "
     "only.",
     &PhoneOptions::ami_secret},
    {"reconnect_initial_ms", OptionType::kInteger, "500",
     "First wait before reconnecting after the connection dropped or a login failed; doubled after "
     "each failure (with up to 20% jitter).",
     &PhoneOptions::reconnect_initial_ms, 10, 600000},
    {"reconnect_max_ms", OptionType::kInteger, "30000", "Longest wait between two reconnects.",
     &PhoneOptions::reconnect_max_ms, 10, 3600000},
    {"connect_timeout_ms", OptionType::kInteger, "5000",
     "How long connecting and logging in may take before the attempt counts as failed.",
     &PhoneOptions::connect_timeout_ms, 100, 120000},
    {"lost_after_seconds", OptionType::kInteger, "300",
     "While the connection stays down longer than this, the calls in progress are closed as "
     "`lost` (call.ended) rather than kept open indefinitely.",
     &PhoneOptions::lost_after_seconds, 1, 86400},
    {"contexts", OptionType::kString, "",
     "Comma-separated dialplan contexts whose new channels are citizens' calls (e.g. "
     "`from-trunk`). Empty: every channel that starts a call (Uniqueid = Linkedid), agents' own "
     "outgoing calls included.",
     &PhoneOptions::contexts},
    {"recording_variable", OptionType::kString, "MIXMONITOR_FILENAME",
     "Channel variable whose `VarSet` names the call's recording (MixMonitor sets "
     "MIXMONITOR_FILENAME).",
     &PhoneOptions::recording_variable},
    {"survey_event", OptionType::kString, "SurveyResult",
     "`UserEvent` name the IVR raises with the caller's survey key press (headers `Linkedid` and "
     "`Key`, optionally `Solved: yes|no`).",
     &PhoneOptions::survey_event},
    {"survey_keys", OptionType::kString, "1=satisfied,2=basically_satisfied,3=dissatisfied",
     "What each survey key means: comma-separated `key=rating` with ratings satisfied, "
     "basically_satisfied, dissatisfied. Other keys are recorded without a rating.",
     &PhoneOptions::survey_keys},
    {"survey_hold_hours", OptionType::kInteger, "72",
     "How long a survey is held for its work order: until the agent's summary links the call and "
     "the order is resolved (the domain rates resolutions only). Then it is dropped and counted.",
     &PhoneOptions::survey_hold_hours, 1, 2160},
    {"survey_retry_seconds", OptionType::kInteger, "60",
     "How often held surveys are tried again (their order may have been resolved meanwhile).",
     &PhoneOptions::survey_retry_seconds, 1, 86400},
    {"route_prefix", OptionType::kString, "/phone",
     "Path under which the agent desk posts call summaries: "
     "`POST <prefix>/calls/{call_id}/summary`.",
     &PhoneOptions::route_prefix},
    {"api_key_sha256", OptionType::kList, "[]",
     "SHA-256 (64 lower-case hex digits) of each API key the agent desk may present in "
     "`X-Api-Key` (`printf %s KEY | sha256sum`). Empty: the summary route refuses every request "
     "(403).",
     &ReadKeyHashes},
    {"max_recent_calls", OptionType::kInteger, "10000",
     "Ended calls remembered for late summaries and surveys (oldest forgotten first).",
     &PhoneOptions::max_recent_calls, 10, 10000000},
};

std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> parts;
  while (!s.empty()) {
    const std::size_t comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return parts;
}

// The derived forms and the checks that span options.
std::optional<std::string> Finish(PhoneOptions* o) {
  if (o->ami_host.empty()) return std::string("ami_host: expected a host name");
  if (o->ami_username.empty()) return std::string("ami_username: expected a manager account");
  if (o->reconnect_max_ms < o->reconnect_initial_ms) {
    return std::string("reconnect_max_ms: must not be below reconnect_initial_ms");
  }
  if (o->route_prefix.size() < 2 || o->route_prefix[0] != '/' || o->route_prefix.back() == '/' ||
      o->route_prefix.find_first_of("{} ?#") != std::string::npos) {
    return std::string("route_prefix: expected a path such as /phone (no trailing /, no {})");
  }
  for (std::string_view c : SplitCommas(o->contexts)) o->context_set.emplace(c);
  for (std::string_view pair : SplitCommas(o->survey_keys)) {
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    const std::string_view rating = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (key.size() != 1 || std::string_view("0123456789*#").find(key[0]) == std::string_view::npos ||
        (rating != "satisfied" && rating != "basically_satisfied" && rating != "dissatisfied")) {
      return "survey_keys: expected key=rating pairs such as 1=satisfied (keys 0-9 * #; ratings "
             "satisfied, basically_satisfied, dissatisfied), got \"" +
             std::string(pair) + "\"";
    }
    if (!o->survey_ratings.emplace(key[0], std::string(rating)).second) {
      return "survey_keys: key " + std::string(key) + " is given twice";
    }
  }
  if (o->survey_event.empty() || o->recording_variable.empty()) {
    return std::string(o->survey_event.empty() ? "survey_event" : "recording_variable") +
           ": expected a name";
  }
  return std::nullopt;
}

}  // namespace

const std::vector<OptionSpec>& PhoneOptionTable() { return kOptions; }

std::optional<PhoneOptions> ParsePhoneOptions(std::string_view config_json, std::string* error) {
  auto parsed = plugin_kit::ParseOptionTable(kOptions, config_json, "docs/plugins/phone.md");
  if (!parsed.ok()) {
    *error = parsed.error();
    return std::nullopt;
  }
  PhoneOptions& options = *parsed;
  if (auto failed = Finish(&options)) {
    *error = *failed;
    return std::nullopt;
  }
  return std::move(*parsed);
}

}  // namespace rexian::phone
