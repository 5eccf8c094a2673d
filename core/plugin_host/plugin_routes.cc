// Plugin routes: the C request/response translation and the exchange table.
#include "plugin_host/plugin_routes.h"

#include <cctype>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace rexian {

namespace {

// The process-wide table of exchanges awaiting their answer.
struct ExchangeTable {
  struct Entry {
    std::uint64_t owner;
    HttpResponder responder;
  };
  std::mutex mu;
  std::uint64_t last_id = 0;
  std::unordered_map<std::uint64_t, Entry> open;

  static ExchangeTable& Get() {
    static ExchangeTable* table =
        new ExchangeTable();  // never destroyed: plugins may outlive statics
    return *table;
  }
};

rexian_http_exchange* HandleOf(std::uint64_t id) {
  return reinterpret_cast<rexian_http_exchange*>(static_cast<std::uintptr_t>(id));
}

std::uint64_t IdOf(rexian_http_exchange* exchange) {
  return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(exchange));
}

rexian_http_exchange* OpenExchange(std::uint64_t owner, HttpResponder responder) {
  ExchangeTable& table = ExchangeTable::Get();
  std::lock_guard lock(table.mu);
  const std::uint64_t id = ++table.last_id;
  table.open.emplace(id, ExchangeTable::Entry{owner, std::move(responder)});
  return HandleOf(id);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Text(const char* data, std::size_t length) {
  return data == nullptr ? std::string() : std::string(data, length);
}

// The host's HttpResponse for a plugin's answer; a malformed answer becomes a 500.
HttpResponse FromPlugin(const rexian_http_response* r) {
  constexpr std::size_t kV1Size =
      offsetof(rexian_http_response, body_len) + sizeof(rexian_http_response::body_len);
  if (r == nullptr || r->struct_size < kV1Size || r->status < 100 || r->status > 599) {
    return HttpResponse::Problem(500, "plugin_error", "Internal Server Error",
                                 "the plugin answered with a malformed response");
  }
  HttpResponse response;
  response.status = r->status;
  if (r->content_type != nullptr) response.content_type = r->content_type;
  for (std::size_t i = 0; r->headers != nullptr && i < r->header_count; ++i) {
    const rexian_http_header& h = r->headers[i];
    std::string name = Text(h.name, h.name_len);
    // The server writes these itself; a second copy would corrupt the message.
    if (name.empty() || EqualsIgnoreCase(name, "Content-Length") ||
        EqualsIgnoreCase(name, "Content-Type") || EqualsIgnoreCase(name, "Server") ||
        EqualsIgnoreCase(name, "Connection") || EqualsIgnoreCase(name, "Transfer-Encoding")) {
      continue;
    }
    response.headers.emplace_back(std::move(name), Text(h.value, h.value_len));
  }
  response.body = Text(r->body, r->body_len);
  return response;
}

bool IsToken(std::string_view method) {
  if (method.empty() || method.size() > 20) return false;
  for (char c : method) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

bool IsParamName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

Status CheckPluginRoute(std::string_view method, std::string_view pattern) {
  if (!IsToken(method)) {
    return Status::InvalidArgument("method \"" + std::string(method) +
                                   "\" is not an upper-case HTTP method");
  }
  const std::string quoted = "pattern \"" + std::string(pattern) + "\"";
  if (pattern.size() < 2 || pattern[0] != '/') {
    return Status::InvalidArgument(quoted + " must start with '/' and name at least one segment");
  }
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (start <= pattern.size()) {
    const std::size_t slash = std::min(pattern.find('/', start), pattern.size());
    segments.push_back(pattern.substr(start, slash - start));
    start = slash + 1;
  }
  for (std::string_view segment : segments) {
    if (segment.empty()) return Status::InvalidArgument(quoted + " has an empty segment");
    const bool braced = segment.front() == '{' && segment.back() == '}';
    if (braced) {
      if (!IsParamName(segment.substr(1, segment.size() - 2))) {
        return Status::InvalidArgument(quoted + ": \"" + std::string(segment) +
                                       "\" is not a {name} segment");
      }
      continue;
    }
    for (char c : segment) {
      if (c == '{' || c == '}' || c == '?' || c == '#' ||
          std::isspace(static_cast<unsigned char>(c)) ||
          std::iscntrl(static_cast<unsigned char>(c))) {
        return Status::InvalidArgument(quoted + ": segment \"" + std::string(segment) +
                                       "\" holds a character not allowed in a route");
      }
    }
  }
  const std::string_view first = segments.front();
  if (first == "v1" || first == "metrics" || first == "healthz" || first == "readyz") {
    return Status::InvalidArgument(quoted + " is under /" + std::string(first) +
                                   ", which rexian keeps for itself");
  }
  return Status::OK();
}

void AddPluginRoute(HttpServer* server, const std::string& method, const std::string& pattern,
                    rexian_http_handler handler, void* user_data, std::shared_ptr<RouteGate> gate,
                    std::uint64_t owner) {
  server->Route(method, pattern, [=](const HttpRequest& req, HttpResponder respond) {
    std::vector<rexian_http_header> headers;
    headers.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) {
      headers.push_back({name.c_str(), name.size(), value.c_str(), value.size()});
    }
    std::vector<const char*> param_names, param_values;
    for (const auto& [name, value] : req.path_params) {
      param_names.push_back(name.c_str());
      param_values.push_back(value.c_str());
    }
    rexian_http_request c_request{};
    c_request.struct_size = sizeof(rexian_http_request);
    c_request.method = req.method.c_str();
    c_request.path = req.path.c_str();
    c_request.query = req.query.c_str();
    c_request.headers = headers.data();
    c_request.header_count = headers.size();
    c_request.body = req.body.data();
    c_request.body_len = req.body.size();
    c_request.remote_address = req.remote_address.c_str();
    c_request.param_names = param_names.data();
    c_request.param_values = param_values.data();
    c_request.param_count = param_names.size();

    // The responder is parked in the table first: the handler may answer
    // before it returns.
    HttpResponder keep = respond;
    const bool ran = gate->Run([&] {
      rexian_http_exchange* exchange = OpenExchange(owner, std::move(respond));
      handler(user_data, &c_request, exchange);
    });
    if (!ran) {
      keep(HttpResponse::Problem(503, "plugin_stopped", "Service Unavailable",
                                 "the plugin serving " + pattern + " is not running"));
    }
  });
}

void RespondToExchange(rexian_http_exchange* exchange, const rexian_http_response* response) {
  ExchangeTable& table = ExchangeTable::Get();
  HttpResponder responder;
  {
    std::lock_guard lock(table.mu);
    auto it = table.open.find(IdOf(exchange));
    if (it == table.open.end()) return;  // answered already, or never issued
    responder = std::move(it->second.responder);
    table.open.erase(it);
  }
  responder(FromPlugin(response));
}

std::size_t AnswerOutstandingExchanges(std::uint64_t owner, const HttpResponse& response) {
  ExchangeTable& table = ExchangeTable::Get();
  std::vector<HttpResponder> pending;
  {
    std::lock_guard lock(table.mu);
    for (auto it = table.open.begin(); it != table.open.end();) {
      if (it->second.owner == owner) {
        pending.push_back(std::move(it->second.responder));
        it = table.open.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (HttpResponder& responder : pending) responder(response);
  return pending.size();
}

}  // namespace rexian
