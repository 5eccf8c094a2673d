// Router: pattern parsing and most-specific-match lookup.
#include "server/router.h"

#include <mutex>

#include "server/request_target.h"

namespace rexian {

void Router::Add(std::string method, std::string_view pattern, HttpHandler handler) {
  std::vector<Segment> segments;
  Endpoint endpoint;
  endpoint.handler = std::make_shared<const HttpHandler>(std::move(handler));
  for (std::string& part : SplitPath(pattern)) {
    bool is_param = part.size() > 2 && part.front() == '{' && part.back() == '}';
    if (is_param) {
      endpoint.param_names.push_back(part.substr(1, part.size() - 2));
      segments.push_back(Segment{{}, true});
    } else {
      endpoint.param_names.emplace_back();
      segments.push_back(Segment{std::move(part), false});
    }
  }

  std::unique_lock lock(mutex_);
  for (Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < segments.size() && same; ++i) {
      same = route.segments[i].is_param == segments[i].is_param &&
             route.segments[i].literal == segments[i].literal;
    }
    if (!same) continue;
    route.endpoints[std::move(method)] = std::move(endpoint);
    return;
  }
  Route route;
  route.segments = std::move(segments);
  route.endpoints[std::move(method)] = std::move(endpoint);
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method,
                           const std::vector<std::string>& segments) const {
  std::shared_lock lock(mutex_);
  const Route* best = nullptr;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      const Segment& pattern = route.segments[i];
      matches = pattern.is_param ? !segments[i].empty() : pattern.literal == segments[i];
    }
    if (!matches) continue;
    if (best == nullptr) {
      best = &route;
      continue;
    }
    // The leftmost place where one has a literal and the other a parameter decides.
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (best->segments[i].is_param != route.segments[i].is_param) {
        if (!route.segments[i].is_param) best = &route;
        break;
      }
    }
  }

  Match match;
  if (best == nullptr) return match;
  auto it = best->endpoints.find(std::string(method));
  if (it == best->endpoints.end() && method == "HEAD") it = best->endpoints.find("GET");
  if (it == best->endpoints.end()) {
    match.status = 405;
    for (const auto& [allowed, endpoint] : best->endpoints) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += allowed;
      if (allowed == "GET" && !best->endpoints.contains("HEAD")) match.allow += ", HEAD";
    }
    return match;
  }
  const Endpoint& endpoint = it->second;
  match.status = 200;
  match.handler = endpoint.handler;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (best->segments[i].is_param) match.params[endpoint.param_names[i]] = segments[i];
  }
  return match;
}

}  // namespace rexian
