// Helpers shared by the server tests: start a server on an ephemeral port, parse problem+json.
#pragma once

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "rexian/http.h"
#include "server/http_client.h"

namespace rexian::testing {

// A started server on 127.0.0.1 and a free port; REQUIREs success.
inline std::unique_ptr<HttpServer> StartTestServer(HttpServerOptions options = {}) {
  options.bind = "127.0.0.1";
  options.port = 0;
  auto server = HttpServer::Start(options);
  REQUIRE(server.ok());
  REQUIRE((*server)->port() != 0);
  return std::move(*server);
}

// The "type" slug of a problem+json body ("not_found" for ".../problems/not_found").
inline std::string ProblemType(const HttpClientResponse& response) {
  REQUIRE(response.header("Content-Type") == "application/problem+json");
  boost::json::object problem = boost::json::parse(response.body).as_object();
  REQUIRE(problem.at("status").as_int64() == response.status);
  std::string type(problem.at("type").as_string());
  const std::string prefix = "https://rexian.dev/problems/";
  REQUIRE(type.starts_with(prefix));
  return type.substr(prefix.size());
}

}  // namespace rexian::testing
