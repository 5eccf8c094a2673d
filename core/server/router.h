// Router: maps a method and a request path to a handler, capturing "{name}" segments.
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "rexian/http.h"

namespace rexian {

class Router {
 public:
  // The outcome of a lookup.
  struct Match {
    int status = 404;  // 200 found, 404 no route for the path, 405 wrong method
    std::shared_ptr<const HttpHandler> handler;           // set when status == 200
    std::unordered_map<std::string, std::string> params;  // set when status == 200
    std::string allow;  // set when status == 405: "GET, HEAD, POST"
  };

  // Adds or replaces the handler for `method` on `pattern` (see HttpServer::Route).
  // Thread-safe.
  void Add(std::string method, std::string_view pattern, HttpHandler handler);

  // Finds the route for decoded path `segments`. Among patterns matching the
  // path, the most specific one (a literal segment beats "{name}", leftmost
  // difference first) is the resource; its methods decide 200 or 405. HEAD
  // falls back to GET. Thread-safe.
  Match Find(std::string_view method, const std::vector<std::string>& segments) const;

 private:
  struct Segment {
    std::string literal;  // empty for a "{name}" segment
    bool is_param;
  };
  // One method on one resource. Parameter names belong to the endpoint, so
  // "GET /t/{id}" and "DELETE /t/{ticket}" share a resource but not names.
  struct Endpoint {
    std::shared_ptr<const HttpHandler> handler;
    std::vector<std::string> param_names;  // one per segment, empty for literals
  };
  struct Route {
    std::vector<Segment> segments;
    std::map<std::string, Endpoint> endpoints;  // by method, sorted for Allow
  };

  mutable std::shared_mutex mutex_;
  std::vector<Route> routes_;
};

}  // namespace rexian
