// HttpServer: owns the I/O context and its threads, the listener, and orderly shutdown.
#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "rexian/http.h"
#include "rexian/metrics.h"
#include "server/listener.h"
#include "server/server_state.h"

namespace rexian {

namespace net = boost::asio;

class HttpServer::Impl {
 public:
  explicit Impl(const HttpServerOptions& options)
      : state(std::make_shared<ServerState>(options)),
        io(std::max(1, options.io_threads)),
        work(net::make_work_guard(io)) {}

  ~Impl() { Stop(std::chrono::milliseconds(2000)); }

  void RunThreads(int count) {
    for (int i = 0; i < count; ++i) {
      threads.emplace_back([this] {
        // Handlers never throw on purpose (sessions catch handler exceptions);
        // anything else escaping must not end the thread while others serve.
        for (;;) {
          try {
            io.run();
            return;
          } catch (const std::exception& e) {
            std::fprintf(stderr, "rexian http: I/O thread caught: %s\n", e.what());
          } catch (...) {
            std::fprintf(stderr, "rexian http: I/O thread caught an unknown exception\n");
          }
        }
      });
    }
  }

  void Stop(std::chrono::milliseconds grace) {
    std::lock_guard lock(stop_mutex);
    if (stopped) return;
    stopped = true;
    auto deadline = std::chrono::steady_clock::now() + grace;
    state->stopping.store(true);
    if (listener) listener->Close();
    state->connections.BeginShutdownAll();
    state->connections.WaitUntilEmpty(deadline);

    work.reset();
    io.stop();
    for (std::thread& thread : threads) thread.join();
    threads.clear();
    {
      std::unique_lock lifetime_lock(state->lifetime->mutex);
      state->lifetime->running = false;
    }
    // Sessions still open after the grace are destroyed here, while `io` is
    // alive; those referenced only by queued handlers go with `io` itself.
    state->connections.Clear();
    listener.reset();
  }

  std::shared_ptr<ServerState> state;
  net::io_context io;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::shared_ptr<Listener> listener;
  std::uint16_t port = 0;
  std::vector<std::thread> threads;
  std::mutex stop_mutex;
  bool stopped = false;
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options) {
  boost::system::error_code ec;
  net::ip::address address = net::ip::make_address(options.bind, ec);
  if (ec) {
    return Status::InvalidArgument("http bind address \"" + options.bind +
                                   "\" is not an IP address: " + ec.message());
  }
  auto impl = std::make_unique<Impl>(options);
  auto listener =
      Listener::Open(impl->io, net::ip::tcp::endpoint(address, options.port), impl->state);
  if (!listener.ok()) {
    impl->Stop(std::chrono::milliseconds(0));
    return listener.status();
  }
  impl->listener = *listener;
  impl->port = impl->listener->port();
  impl->listener->Run();
  impl->RunThreads(std::max(1, options.io_threads));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Route(std::string method, std::string pattern, HttpHandler handler) {
  impl_->state->router.Add(std::move(method), pattern, std::move(handler));
}

void HttpServer::RouteWebSocket(std::string path, WebSocketHandler handler) {
  impl_->state->websocket_routes.Add(std::move(path), std::move(handler));
}

std::uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Stop(std::chrono::milliseconds grace) { impl_->Stop(grace); }

void HttpServer::ExportMetrics(MetricsRegistry& registry) const {
  registry.AddCollector([stats = impl_->state->stats](MetricsWriter& writer) {
    static constexpr const char* kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    for (std::size_t i = 0; i < stats->requests_by_class.size(); ++i) {
      writer.WriteCounter("rexian_http_requests_total", "HTTP responses sent, by status class.",
                          static_cast<double>(stats->requests_by_class[i].value()),
                          {{"class", kClasses[i]}});
    }
    writer.WriteHistogram("rexian_http_request_duration_seconds",
                          "Time from a request read to its response ready.",
                          stats->request_duration.Snapshot());
    writer.WriteGauge("rexian_http_connections_open", "HTTP connections open now.",
                      stats->connections_open.value());
    writer.WriteCounter("rexian_http_connections_accepted_total", "HTTP connections accepted.",
                        static_cast<double>(stats->connections_accepted.value()));
    writer.WriteCounter("rexian_http_connections_rejected_total",
                        "HTTP connections closed at once: over max_connections or shutting down.",
                        static_cast<double>(stats->connections_rejected.value()));
  });
}

}  // namespace rexian
