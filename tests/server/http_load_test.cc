// HttpServer under many concurrent keep-alive connections, with its metrics checked afterwards.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "rexian/metrics.h"
#include "server/server_fixture.h"

namespace rexian::testing {
namespace {

using namespace std::chrono_literals;

TEST_CASE("64 concurrent connections x 50 requests are all answered, and counted", "[server]") {
  constexpr int kConnections = 64;
  constexpr int kRequestsEach = 50;
  auto server = StartTestServer();
  MetricsRegistry metrics;
  server->ExportMetrics(metrics);

  // Half the requests are answered inline, half from a worker thread, as a
  // handler waiting on the store's group commit would.
  std::mutex queue_mutex;
  std::condition_variable queue_ready;
  std::vector<std::pair<std::string, HttpResponder>> queue;
  bool done = false;
  std::thread worker([&] {
    std::unique_lock lock(queue_mutex);
    for (;;) {
      queue_ready.wait(lock, [&] { return done || !queue.empty(); });
      if (queue.empty() && done) return;
      auto batch = std::move(queue);
      queue.clear();
      lock.unlock();
      for (auto& [body, respond] : batch) respond(HttpResponse::Text(200, body));
      lock.lock();
    }
  });
  server->Route("POST", "/echo/{mode}", [&](const HttpRequest& request, HttpResponder respond) {
    if (request.path_params.at("mode") == "inline")
      return respond(HttpResponse::Text(200, request.body));
    std::lock_guard lock(queue_mutex);
    queue.emplace_back(request.body, std::move(respond));
    queue_ready.notify_one();
  });

  std::atomic<int> answered{0};
  std::atomic<int> wrong{0};
  std::atomic<int> connections{0};
  std::vector<std::thread> clients;
  auto started = std::chrono::steady_clock::now();
  for (int c = 0; c < kConnections; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client("127.0.0.1", server->port(), 10s);
      for (int i = 0; i < kRequestsEach; ++i) {
        std::string body = std::to_string(c) + "/" + std::to_string(i);
        const char* mode = (c + i) % 2 == 0 ? "/echo/inline" : "/echo/worker";
        try {
          auto response = client.Request("POST", mode, body);
          if (response.status == 200 && response.body == body) {
            ++answered;
          } else {
            ++wrong;
          }
        } catch (const HttpClientError&) {
          ++wrong;
        }
      }
      connections += client.connections_opened();
    });
  }
  for (auto& thread : clients) thread.join();
  auto took = std::chrono::steady_clock::now() - started;
  {
    std::lock_guard lock(queue_mutex);
    done = true;
  }
  queue_ready.notify_one();
  worker.join();

  CHECK(answered.load() == kConnections * kRequestsEach);
  CHECK(wrong.load() == 0);
  CHECK(connections.load() == kConnections);
  CHECK(took < 60s);

  std::string text = metrics.Render();
  INFO(text);
  CHECK(text.find("rexian_http_requests_total{class=\"2xx\"} 3200\n") != std::string::npos);
  CHECK(text.find("rexian_http_requests_total{class=\"5xx\"} 0\n") != std::string::npos);
  CHECK(text.find("rexian_http_request_duration_seconds_count 3200\n") != std::string::npos);
  CHECK(text.find("rexian_http_connections_accepted_total 64\n") != std::string::npos);
}

TEST_CASE("GET /metrics serves the registry, counting requests by status class", "[server]") {
  auto server = StartTestServer();
  MetricsRegistry metrics;
  server->ExportMetrics(metrics);
  server->Route("GET", "/metrics", [&](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, metrics.Render(), std::string(kPrometheusTextContentType)));
  });
  server->Route("GET", "/ok", [](const HttpRequest&, HttpResponder respond) {
    respond(HttpResponse::Text(200, "ok"));
  });
  HttpClient client("127.0.0.1", server->port());
  REQUIRE(client.Request("GET", "/ok").status == 200);
  REQUIRE(client.Request("GET", "/ok").status == 200);
  REQUIRE(client.Request("GET", "/missing").status == 404);
  REQUIRE(client.Request("DELETE", "/ok").status == 405);
  auto scrape = client.Request("GET", "/metrics");
  REQUIRE(scrape.status == 200);
  CHECK(scrape.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = scrape.body;
  INFO(text);
  CHECK(text.find("# TYPE rexian_http_requests_total counter\n"
                  "rexian_http_requests_total{class=\"1xx\"} 0\n"
                  "rexian_http_requests_total{class=\"2xx\"} 2\n"
                  "rexian_http_requests_total{class=\"3xx\"} 0\n"
                  "rexian_http_requests_total{class=\"4xx\"} 2\n"
                  "rexian_http_requests_total{class=\"5xx\"} 0\n") != std::string::npos);
  CHECK(text.find("rexian_http_connections_open 1\n") != std::string::npos);
  CHECK(text.find("# TYPE rexian_http_request_duration_seconds histogram\n") != std::string::npos);
  CHECK(text.find("rexian_http_request_duration_seconds_bucket{le=\"+Inf\"} 4\n") !=
        std::string::npos);
}

}  // namespace
}  // namespace rexian::testing
