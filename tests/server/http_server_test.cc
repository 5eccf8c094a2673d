// HttpServer against real sockets: routing, errors, limits, keep-alive, pipelining, responders.
#include <atomic>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "server/server_fixture.h"

namespace rexian::testing {
namespace {

using namespace std::chrono_literals;

// Answers with the request as the handler saw it.
void EchoRequest(const HttpRequest& request, HttpResponder respond) {
  boost::json::object params;
  for (const auto& [name, value] : request.path_params) params[name] = value;
  boost::json::object echo{{"method", request.method}, {"target", request.target},
                           {"path", request.path},     {"query", request.query},
                           {"body", request.body},     {"remote", request.remote_address},
                           {"params", params},         {"x_custom", request.header("x-CUSTOM")}};
  for (const char* name : {"status", "q", "flag", "missing"}) {
    auto value = request.query_param(name);
    echo[std::string("query_") + name] = value ? boost::json::value(*value) : nullptr;
  }
  respond(HttpResponse::Json(200, echo));
}

boost::json::object JsonBody(const HttpClientResponse& response) {
  REQUIRE(response.header("Content-Type") == "application/json");
  return boost::json::parse(response.body).as_object();
}

TEST_CASE("routes capture decoded path parameters and query parameters", "[server]") {
  auto server = StartTestServer();
  // Routes registered after Start take effect at once.
  server->Route("GET", "/v1/tickets/{id}", EchoRequest);
  server->Route("GET", "/v1/tickets/{id}/notes/{note}", EchoRequest);
  server->Route("GET", "/v1/tickets/search", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "search"));
  });
  server->Route("POST", "/v1/tickets", EchoRequest);
  HttpClient client("127.0.0.1", server->port());

  auto one = client.Request("GET", "/v1/tickets/a%20b%2Fc?status=open&q=x+y%26z&flag", {},
                            {{"X-Custom", "yes"}});
  REQUIRE(one.status == 200);
  auto echo = JsonBody(one);
  CHECK(echo.at("method") == "GET");
  CHECK(echo.at("target") == "/v1/tickets/a%20b%2Fc?status=open&q=x+y%26z&flag");
  CHECK(echo.at("path") == "/v1/tickets/a b/c");
  CHECK(echo.at("query") == "status=open&q=x+y%26z&flag");
  CHECK(echo.at("params").at("id") == "a b/c");
  CHECK(echo.at("query_status") == "open");
  CHECK(echo.at("query_q") == "x y&z");
  CHECK(echo.at("query_flag") == "");
  CHECK(echo.at("query_missing").is_null());
  CHECK(echo.at("x_custom") == "yes");
  CHECK(std::string(echo.at("remote").as_string()).starts_with("127.0.0.1:"));

  auto two = client.Request("GET", "/v1/tickets/T-1/notes/7");
  REQUIRE(two.status == 200);
  auto params = JsonBody(two).at("params").as_object();
  CHECK(params.size() == 2);
  CHECK(params.at("id") == "T-1");
  CHECK(params.at("note") == "7");

  // A literal segment wins over "{id}" wherever it was registered.
  auto search = client.Request("GET", "/v1/tickets/search");
  CHECK(search.status == 200);
  CHECK(search.body == "search");
  CHECK(search.header("Content-Type") == "text/plain; charset=utf-8");

  auto post = client.Request("POST", "/v1/tickets", R"({"title":"noise"})");
  REQUIRE(post.status == 200);
  CHECK(JsonBody(post).at("body") == R"({"title":"noise"})");
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("unknown paths get 404 and wrong methods 405 with Allow, as problem+json", "[server]") {
  auto server = StartTestServer();
  auto ok = [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  };
  server->Route("GET", "/v1/tickets/{id}", ok);
  server->Route("DELETE", "/v1/tickets/{ticket}", ok);
  HttpClient client("127.0.0.1", server->port());

  for (const char* target : {"/nope", "/v1/tickets", "/v1/tickets/1/extra", "/v1/tickets/"}) {
    auto response = client.Request("GET", target);
    INFO(target);
    CHECK(response.status == 404);
    CHECK(ProblemType(response) == "not_found");
  }

  auto wrong = client.Request("POST", "/v1/tickets/1", "{}");
  CHECK(wrong.status == 405);
  CHECK(ProblemType(wrong) == "method_not_allowed");
  CHECK(wrong.header("Allow") == "DELETE, GET, HEAD");
  auto problem = boost::json::parse(wrong.body).as_object();
  CHECK(problem.at("title") == "Method Not Allowed");
  CHECK(problem.at("detail").as_string().size() > 0);
  // Errors do not end the connection.
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("HEAD on a GET route sends the headers without the body", "[server]") {
  auto server = StartTestServer();
  server->Route("GET", "/doc", [](const HttpRequest& request, HttpResponder respond) {
    respond(HttpResponse::Text(200, "twelve bytes",
                               request.method == "HEAD" ? "text/x-head" : "text/plain"));
  });
  HttpClient client("127.0.0.1", server->port());
  auto head = client.Request("HEAD", "/doc");
  CHECK(head.status == 200);
  CHECK(head.header("Content-Length") == "12");
  CHECK(head.header("Content-Type") == "text/x-head");
  CHECK(head.body.empty());
  // The connection stays in step: the next response is the GET's, body and all.
  auto get = client.Request("GET", "/doc");
  CHECK(get.body == "twelve bytes");
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("a body over the limit gets 413 and the connection closes", "[server]") {
  HttpServerOptions options;
  options.body_limit_bytes = 1024;
  auto server = StartTestServer(options);
  std::atomic<int> calls{0};
  server->Route("POST", "/upload", [&](const HttpRequest& request, HttpResponder respond) {
    ++calls;
    respond(HttpResponse::Text(200, std::to_string(request.body.size())));
  });

  SECTION("Content-Length over the limit") {
    HttpClient client("127.0.0.1", server->port());
    auto response = client.Request("POST", "/upload", std::string(64 * 1024, 'x'));
    CHECK(response.status == 413);
    CHECK(ProblemType(response) == "payload_too_large");
    CHECK(boost::json::parse(response.body).at("limit_bytes") == 1024);
    CHECK(response.header("Connection") == "close");
    CHECK(calls.load() == 0);
  }
  SECTION("chunked body growing over the limit") {
    HttpClient client("127.0.0.1", server->port());
    std::string chunk(600, 'y');
    std::string request = "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) request += "258\r\n" + chunk + "\r\n";
    request += "0\r\n\r\n";
    client.SendRaw(request);
    CHECK(client.ReadResponse().status == 413);
    CHECK(calls.load() == 0);
  }
  SECTION("Expect: 100-continue is refused before the body is sent") {
    HttpClient client("127.0.0.1", server->port());
    client.SendRaw(
        "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n"
        "Expect: 100-continue\r\n\r\n");
    CHECK(client.ReadResponse().status == 413);
  }
  SECTION("Expect: 100-continue within the limit gets 100 Continue, then the answer") {
    HttpClient client("127.0.0.1", server->port());
    client.SendRaw(
        "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n"
        "Expect: 100-continue\r\n\r\n");
    CHECK(client.ReadResponse().status == 100);
    client.SendRaw("0123456789");
    auto response = client.ReadResponse();
    CHECK(response.status == 200);
    CHECK(response.body == "10");
    CHECK(calls.load() == 1);
  }
  // The server still serves new connections.
  HttpClient again("127.0.0.1", server->port());
  CHECK(again.Request("POST", "/upload", "small").body == "5");
}

TEST_CASE("malformed requests get 400 problem+json", "[server]") {
  auto server = StartTestServer();
  server->Route("GET", "/x", EchoRequest);
  SECTION("not HTTP") {
    HttpClient client("127.0.0.1", server->port());
    client.SendRaw("HELLO\r\n\r\n");
    auto response = client.ReadResponse();
    CHECK(response.status == 400);
    CHECK(ProblemType(response) == "bad_request");
  }
  SECTION("a target that is not origin-form") {
    HttpClient client("127.0.0.1", server->port());
    auto response = client.Request("GET", "*");
    CHECK(response.status == 400);
  }
  SECTION("a header over the header limit") {
    HttpClient client("127.0.0.1", server->port());
    auto response = client.Request("GET", "/x", {}, {{"X-Big", std::string(20000, 'h')}});
    CHECK(response.status == 431);
  }
}

TEST_CASE("keep-alive carries many requests on one connection", "[server]") {
  auto server = StartTestServer();
  std::atomic<int> counter{0};
  server->Route("POST", "/count", [&](const HttpRequest& request, HttpResponder respond) {
    respond(HttpResponse::Text(200, request.body + ":" + std::to_string(++counter)));
  });
  HttpClient client("127.0.0.1", server->port());
  for (int i = 1; i <= 20; ++i) {
    auto response = client.Request("POST", "/count", "r" + std::to_string(i));
    REQUIRE(response.status == 200);
    CHECK(response.body == "r" + std::to_string(i) + ":" + std::to_string(i));
    CHECK(response.header("Connection") != "close");
  }
  CHECK(client.connections_opened() == 1);

  // An explicit "Connection: close" ends it, and so does HTTP/1.0 without keep-alive.
  auto last = client.Request("POST", "/count", "bye", {{"Connection", "close"}});
  CHECK(last.status == 200);
  CHECK(last.header("Connection") == "close");
  CHECK_FALSE(client.connected());

  HttpClient old("127.0.0.1", server->port());
  old.SendRaw("POST /count HTTP/1.0\r\nContent-Length: 3\r\n\r\nold");
  auto response = old.ReadResponse();
  CHECK(response.status == 200);
  CHECK(response.body.starts_with("old:"));
  CHECK(old.WaitForClose(3s));
}

TEST_CASE("pipelined requests are answered one at a time, in order", "[server]") {
  auto server = StartTestServer();
  std::atomic<int> in_handler{0};
  std::atomic<int> max_in_handler{0};
  std::vector<std::thread> answerers;
  std::mutex answerers_mutex;
  server->Route("GET", "/item/{n}", [&](const HttpRequest& request, HttpResponder respond) {
    int now = ++in_handler;
    max_in_handler = std::max(max_in_handler.load(), now);
    std::string n = request.path_params.at("n");
    // The first answers late, from another thread: the others must wait for it.
    auto delay = n == "1" ? 150ms : 0ms;
    std::lock_guard lock(answerers_mutex);
    answerers.emplace_back([&, n, delay, respond] {
      std::this_thread::sleep_for(delay);
      --in_handler;
      respond(HttpResponse::Text(200, "item " + n));
    });
  });
  HttpClient client("127.0.0.1", server->port());
  std::string burst;
  for (int i = 1; i <= 5; ++i)
    burst += "GET /item/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n";
  client.SendRaw(burst);
  for (int i = 1; i <= 5; ++i) {
    auto response = client.ReadResponse();
    CHECK(response.status == 200);
    CHECK(response.body == "item " + std::to_string(i));
  }
  CHECK(max_in_handler.load() == 1);
  std::lock_guard lock(answerers_mutex);
  for (auto& thread : answerers) thread.join();
}

TEST_CASE("a responder may answer later from another thread", "[server]") {
  auto server = StartTestServer();
  std::vector<std::thread> workers;
  std::mutex workers_mutex;
  std::atomic<std::thread::id> handler_thread;
  std::atomic<std::thread::id> answer_thread;
  server->Route("POST", "/append", [&](const HttpRequest& request, HttpResponder respond) {
    handler_thread = std::this_thread::get_id();
    std::lock_guard lock(workers_mutex);
    workers.emplace_back([&, body = request.body, respond] {
      std::this_thread::sleep_for(50ms);  // "until the append is durable"
      answer_thread = std::this_thread::get_id();
      respond(HttpResponse::Json(201, {{"stored", body}}));
      // A second answer is ignored.
      respond(HttpResponse::Text(500, "twice"));
    });
  });
  HttpClient client("127.0.0.1", server->port());
  for (int i = 0; i < 3; ++i) {
    auto response = client.Request("POST", "/append", "event-" + std::to_string(i));
    REQUIRE(response.status == 201);
    CHECK(boost::json::parse(response.body).at("stored").as_string() ==
          "event-" + std::to_string(i));
  }
  CHECK(handler_thread.load() != answer_thread.load());
  CHECK(client.connections_opened() == 1);
  std::lock_guard lock(workers_mutex);
  for (auto& thread : workers) thread.join();
}

TEST_CASE("a throwing or silent handler gets 500 and the server keeps serving", "[server]") {
  auto server = StartTestServer();
  server->Route("GET", "/throw", [](const HttpRequest&, HttpResponder) {
    throw std::runtime_error("boom: internal detail");
  });
  server->Route("GET", "/throw-int", [](const HttpRequest&, HttpResponder) { throw 42; });
  server->Route("GET", "/drop", [](const HttpRequest&, HttpResponder) {});
  server->Route("GET", "/answer-then-throw", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(202, "accepted"));
    throw std::runtime_error("late");
  });
  server->Route("GET", "/ok", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  });
  HttpClient client("127.0.0.1", server->port());
  for (const char* target : {"/throw", "/throw-int", "/drop"}) {
    INFO(target);
    auto response = client.Request("GET", target);
    CHECK(response.status == 500);
    CHECK(ProblemType(response) == "internal_error");
    CHECK(response.body.find("internal detail") == std::string::npos);
  }
  CHECK(client.Request("GET", "/answer-then-throw").status == 202);
  CHECK(client.Request("GET", "/ok").body == "ok");
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("an idle connection is closed after the idle timeout", "[server]") {
  HttpServerOptions options;
  options.idle_timeout = 1s;
  auto server = StartTestServer(options);
  server->Route("GET", "/ok", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  });
  HttpClient client("127.0.0.1", server->port());
  REQUIRE(client.Request("GET", "/ok").status == 200);
  CHECK_FALSE(client.WaitForClose(300ms));
  CHECK(client.WaitForClose(3s));
}

TEST_CASE("connections past max_connections are closed at once", "[server]") {
  HttpServerOptions options;
  options.max_connections = 2;
  auto server = StartTestServer(options);
  server->Route("GET", "/ok", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  });
  HttpClient first("127.0.0.1", server->port());
  HttpClient second("127.0.0.1", server->port());
  REQUIRE(first.Request("GET", "/ok").status == 200);
  REQUIRE(second.Request("GET", "/ok").status == 200);
  HttpClient third("127.0.0.1", server->port());
  third.SendRaw("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n");
  CHECK(third.WaitForClose(3s));
  // Once one leaves, a newcomer gets in.
  first.Close();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    HttpClient fourth("127.0.0.1", server->port(), 2s);
    try {
      served = fourth.Request("GET", "/ok").status == 200;
    } catch (const HttpClientError&) {
      std::this_thread::sleep_for(20ms);  // the server has not seen `first` close yet
    }
  }
  CHECK(served);
}

TEST_CASE("Start reports a bad bind address and a taken port", "[server]") {
  HttpServerOptions bad;
  bad.bind = "not-an-address";
  auto refused = HttpServer::Start(bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().IsInvalidArgument());

  auto server = StartTestServer();
  HttpServerOptions taken;
  taken.port = server->port();
  auto clash = HttpServer::Start(taken);
  REQUIRE_FALSE(clash.ok());
  CHECK(clash.status().IsIoError());
  CHECK(clash.status().message().find(std::to_string(server->port())) != std::string::npos);
}

}  // namespace
}  // namespace rexian::testing
