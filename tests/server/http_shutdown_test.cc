// HttpServer::Stop: in-flight requests finish within the grace, idle connections close, nothing
// hangs.
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "server/server_fixture.h"

namespace rexian::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Holds the responder of the one request the test keeps pending.
class ParkedRequest {
 public:
  HttpHandler Handler() {
    return [this](const HttpRequest&, HttpResponder respond) {
      std::lock_guard lock(mutex_);
      responder_ = std::move(respond);
      arrived_.notify_all();
    };
  }
  bool WaitForArrival(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, timeout, [this] { return responder_.has_value(); });
  }
  void Answer(HttpResponse response) {
    HttpResponder respond;
    {
      std::lock_guard lock(mutex_);
      respond = std::move(*responder_);
      responder_.reset();
    }
    respond(std::move(response));
  }
  void Drop() {
    std::lock_guard lock(mutex_);
    responder_.reset();
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::optional<HttpResponder> responder_;
};

TEST_CASE("Stop lets a pending request finish, closes idle connections, then refuses", "[server]") {
  auto server = StartTestServer();
  ParkedRequest parked;
  server->Route("POST", "/slow", parked.Handler());
  server->Route("GET", "/ok", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  });
  std::uint16_t port = server->port();

  HttpClient idle("127.0.0.1", port);
  REQUIRE(idle.Request("GET", "/ok").status == 200);

  auto pending = std::async(std::launch::async, [port] {
    HttpClient client("127.0.0.1", port);
    return client.Request("POST", "/slow", "work");
  });
  REQUIRE(parked.WaitForArrival(5s));

  auto stop_started = Clock::now();
  auto stopping = std::async(std::launch::async, [&] { server->Stop(10s); });
  // The idle keep-alive connection is closed promptly...
  CHECK(idle.WaitForClose(3s));
  // ...while Stop waits for the pending request.
  CHECK(stopping.wait_for(200ms) == std::future_status::timeout);

  parked.Answer(HttpResponse::Text(200, "done"));
  auto response = pending.get();
  CHECK(response.status == 200);
  CHECK(response.body == "done");
  CHECK(response.header("Connection") == "close");

  REQUIRE(stopping.wait_for(5s) == std::future_status::ready);
  CHECK(Clock::now() - stop_started < 5s);  // well before the 10 s grace

  HttpClient late("127.0.0.1", port, 2s);
  CHECK_THROWS_AS(late.Request("GET", "/ok"), HttpClientError);
  server->Stop();  // idempotent
}

TEST_CASE("Stop gives up on a request unanswered after the grace", "[server]") {
  auto server = StartTestServer();
  ParkedRequest parked;
  server->Route("GET", "/never", parked.Handler());
  std::uint16_t port = server->port();

  auto pending = std::async(std::launch::async, [port] {
    HttpClient client("127.0.0.1", port, 5s);
    return client.Request("GET", "/never");
  });
  REQUIRE(parked.WaitForArrival(5s));

  auto started = Clock::now();
  server->Stop(300ms);
  auto took = Clock::now() - started;
  CHECK(took >= 300ms);
  CHECK(took < 3s);
  CHECK_THROWS_AS(pending.get(), HttpClientError);

  // Answering or dropping after the stop is harmless, even once the server is gone.
  server.reset();
  SECTION("answer") { parked.Answer(HttpResponse::Text(200, "too late")); }
  SECTION("drop") { parked.Drop(); }
}

TEST_CASE("destroying a running server with busy connections stops it cleanly", "[server]") {
  auto server = StartTestServer();
  ParkedRequest parked;
  server->Route("GET", "/never", parked.Handler());
  server->Route("GET", "/ok", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  });
  std::uint16_t port = server->port();
  HttpClient idle("127.0.0.1", port);
  REQUIRE(idle.Request("GET", "/ok").status == 200);
  auto pending = std::async(std::launch::async, [port] {
    HttpClient client("127.0.0.1", port, 5s);
    try {
      return client.Request("GET", "/never").status;
    } catch (const HttpClientError&) {
      return -1;
    }
  });
  REQUIRE(parked.WaitForArrival(5s));
  std::thread answer_late([&] {
    std::this_thread::sleep_for(100ms);
    parked.Answer(HttpResponse::Text(200, "late but within the grace"));
  });
  server.reset();  // ~HttpServer: Stop with the default 2 s grace
  answer_late.join();
  CHECK(pending.get() == 200);
}

}  // namespace
}  // namespace rexian::testing
