// The option table and the parser of the plugin's `config:` block.
#include "web/web_options.h"

#include <boost/json.hpp>
#include <optional>
#include <set>

#include "kit/json_scalars.h"
#include "kit/text_shapes.h"

namespace rexian::web {
namespace {

namespace json = boost::json;
using plugin_kit::IsSha256Hex;
using plugin_kit::NumberOf;
using plugin_kit::ScalarText;

Expected<std::vector<ApiClient>> ParseApiKeys(const json::value& v) {
  if (!v.is_array()) return Failure{"api_keys: expected a list of {client, key_sha256}"};
  std::vector<ApiClient> out;
  std::set<std::string> clients, hashes;
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const json::value& item = v.as_array()[i];
    const std::string where = "api_keys[" + std::to_string(i) + "]";
    if (!item.is_object()) return Failure{where + ": expected {client, key_sha256}"};
    ApiClient client;
    for (const auto& member : item.as_object()) {
      std::string key(member.key());
      auto text = ScalarText(member.value());
      if (key == "client" && text && plugin_kit::IsLowerName(*text, 64, "_.-")) {
        client.client = *text;
      } else if (key == "key_sha256" && text && IsSha256Hex(*text)) {
        client.key_sha256 = *text;
      } else if ((key == "rate" || key == "burst") && NumberOf(member.value()) &&
                 *NumberOf(member.value()) > 0) {
        (key == "rate" ? client.rate : client.burst) = *NumberOf(member.value());
      } else if (key == "client") {
        return Failure{where + ".client: expected a name matching [a-z0-9][a-z0-9_.-]{0,63}"};
      } else if (key == "key_sha256") {
        return Failure{where + ".key_sha256: expected 64 lower-case hex digits (the SHA-256 of the key)"};
      } else if (key == "rate" || key == "burst") {
        return Failure{where + "." + key + ": expected a positive number"};
      } else {
        return Failure{where + "." + key + ": unknown member (expected client, key_sha256, rate, burst)"};
      }
    }
    if (client.client.empty()) return Failure{where + ".client: required"};
    if (client.key_sha256.empty()) return Failure{where + ".key_sha256: required"};
    if (!clients.insert(client.client).second) {
      return Failure{where + ".client: '" + client.client + "' is listed twice"};
    }
    if (!hashes.insert(client.key_sha256).second) {
      return Failure{where + ".key_sha256: the same key is listed twice"};
    }
    out.push_back(std::move(client));
  }
  return out;
}

// The api_keys row's reader (OptionParser).
std::optional<std::string> ReadApiKeys(const json::value& v, const std::string&, WebOptions* options) {
  auto keys = ParseApiKeys(v);
  if (!keys.ok()) return keys.error();
  options->api_keys = std::move(*keys);
  return std::nullopt;
}

const std::vector<OptionSpec> kOptions = {
    {"form", OptionType::kBool, "true", "Mount the JSON form endpoint for the city's web site.",
     &WebOptions::form_enabled},
    {"form_path", OptionType::kString, "/web/requests", "Path of the JSON form endpoint (POST).",
     &WebOptions::form_path},
    {"form_requires_api_key", OptionType::kBool, "false",
     "Refuse form submissions without a valid `X-Api-Key` header (403). When false, anonymous "
     "submissions are rate-limited per remote address.",
     &WebOptions::form_requires_api_key},
    {"open311", OptionType::kBool, "true", "Mount the Open311 GeoReport v2 endpoints.",
     &WebOptions::open311_enabled},
    {"open311_prefix", OptionType::kString, "/open311/v2",
     "Path under which the Open311 endpoints are mounted (`<prefix>/services.json`, ...).",
     &WebOptions::open311_prefix},
    {"language", OptionType::kString, "zh",
     "Language of service, group and agency names: `zh` (name_zh) or `en` (name_en).",
     &WebOptions::language, 0, 0, "zh|en"},
    {"jurisdiction_id", OptionType::kString, "",
     "Open311 jurisdiction_id of this endpoint (e.g. `xz.gov.cn`). Empty: any or no "
     "jurisdiction_id is accepted; set: another value is answered 404.",
     &WebOptions::jurisdiction_id},
    {"public_url", OptionType::kString, "",
     "Base URL of the Open311 endpoint as clients reach it, for discovery "
     "(`https://12345.xz.gov.cn/open311/v2`). Empty: built from the request's Host header and "
     "open311_prefix.",
     &WebOptions::public_url},
    {"discovery_contact", OptionType::kString, "",
     "Discovery `contact`: how to reach the endpoint's maintainers.", &WebOptions::discovery_contact},
    {"discovery_key_service", OptionType::kString, "",
     "Discovery `key_service`: how a client application obtains an API key.",
     &WebOptions::discovery_key_service},
    {"endpoint_type", OptionType::kString, "production",
     "Discovery endpoint `type`: `production` or `test`.", &WebOptions::endpoint_type, 0, 0,
     "production|test"},
    {"list_all_channels", OptionType::kBool, "false",
     "Open311 `GET requests` and `GET requests/{id}` show tickets of every channel, not only this "
     "instance's. The public view carries no personal data either way.",
     &WebOptions::list_all_channels},
    {"requests_limit", OptionType::kInteger, "1000",
     "Most service requests one Open311 `GET requests` answers (the spec's default is 1000).",
     &WebOptions::requests_limit, 1, 1000},
    {"body_limit_bytes", OptionType::kInteger, "65536",
     "Largest request body accepted (413 above it); keep it below the server's body_limit_bytes.",
     &WebOptions::body_limit_bytes, 1024, 1 << 20},
    {"rate_per_ip", OptionType::kNumber, "2",
     "Requests per second an anonymous client (by remote address) may make, on average.",
     &WebOptions::ip_rate, 0.01, 100000},
    {"burst_per_ip", OptionType::kNumber, "20",
     "Requests an anonymous client may make at once (its token bucket's size).",
     &WebOptions::ip_burst, 1, 1000000},
    {"rate_per_key", OptionType::kNumber, "50",
     "Requests per second a client application with an API key may make (unless its key "
     "entry sets `rate`).",
     &WebOptions::key_rate, 0.01, 100000},
    {"burst_per_key", OptionType::kNumber, "200",
     "Bucket size of a client application with an API key (unless its key entry sets `burst`).",
     &WebOptions::key_burst, 1, 1000000},
    {"max_tracked_clients", OptionType::kInteger, "100000",
     "Most rate-limit buckets kept in memory; the longest idle ones are dropped first.",
     &WebOptions::max_tracked_clients, 100, 10000000},
    {"api_keys", OptionType::kList, "[]",
     "Client applications: a list of `{client, key_sha256, rate?, burst?}`; `key_sha256` is the "
     "SHA-256 of the key in lower-case hex (`printf %s KEY` piped to `sha256sum`). The key "
     "itself is never stored.",
     &ReadApiKeys},
};

// A path option: absolute, no trailing slash, no empty or dot segments, and
// not one of the host's own prefixes.
std::optional<std::string> CheckPath(const char* name, const std::string& path) {
  const std::string prefix = std::string(name) + ": ";
  if (path.size() < 2 || path.front() != '/' || path.back() == '/') {
    return prefix + "expected an absolute path without a trailing '/', e.g. /open311/v2";
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string_view segment(path.data() + start, slash - start);
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find_first_of("{}?#% ") != std::string_view::npos) {
      return prefix + "'" + path + "' has an empty, dot or reserved segment";
    }
    start = slash + 1;
  }
  for (const char* owned : {"/v1", "/metrics", "/healthz", "/readyz"}) {
    std::string_view o = owned;
    if (path == o || path.starts_with(std::string(o) + "/")) {
      return prefix + "'" + path + "' is under " + std::string(o) + ", which rexian itself serves";
    }
  }
  return std::nullopt;
}

}  // namespace

const std::vector<OptionSpec>& WebOptionTable() { return kOptions; }

Expected<WebOptions> ParseWebOptions(std::string_view config_json) {
  auto parsed = plugin_kit::ParseOptionTable(kOptions, config_json, "docs/plugins/web.md");
  if (!parsed.ok()) return parsed;
  WebOptions& options = *parsed;
  if (!options.form_enabled && !options.open311_enabled) {
    return Failure{"form, open311: at least one endpoint must be enabled"};
  }
  if (auto error = CheckPath("form_path", options.form_path)) return Failure{*error};
  if (auto error = CheckPath("open311_prefix", options.open311_prefix)) return Failure{*error};
  if (options.form_enabled && options.open311_enabled &&
      (options.form_path == options.open311_prefix ||
       options.form_path.starts_with(options.open311_prefix + "/"))) {
    return Failure{"form_path: '" + options.form_path + "' lies under open311_prefix"};
  }
  if (options.form_requires_api_key && options.form_enabled && options.api_keys.empty()) {
    return Failure{"form_requires_api_key: true, but api_keys is empty"};
  }
  return parsed;
}

}  // namespace rexian::web
