// LISTEN loop: one connection, poll() on its socket, reconnect on loss.
#include "store/pg_head_listener.h"

#include <poll.h>

#include <chrono>
#include <cstdlib>

namespace rexian::pg {
namespace {
constexpr int kPollMillis = 200;
constexpr auto kReconnectPause = std::chrono::milliseconds(250);
}  // namespace

HeadListener::HeadListener(std::string dsn, std::function<void(std::uint64_t)> on_head)
    : dsn_(std::move(dsn)), on_head_(std::move(on_head)) {}

HeadListener::~HeadListener() { Stop(); }

void HeadListener::Start() {
  thread_ = std::thread([this] { Run(); });
}

void HeadListener::Stop() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
}

std::unique_ptr<Connection> HeadListener::Connect() {
  auto opened = Connection::Open(dsn_);
  if (!opened.ok()) return nullptr;
  std::unique_ptr<Connection> conn = std::move(opened).value();
  std::string listen = std::string("LISTEN ") + kHeadChannel;
  if (!conn->Run(listen.c_str(), "listen").ok()) return nullptr;
  // Commits made while we were not listening announce themselves here.
  ResultPtr r(PQexecParams(conn->raw(), "SELECT position FROM rexian_head", 0, nullptr, nullptr,
                           nullptr, nullptr, 1));
  if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) return nullptr;
  if (PQntuples(r.get()) == 1) on_head_(static_cast<std::uint64_t>(GetInt64(r.get(), 0, 0)));
  return conn;
}

void HeadListener::Run() {
  std::unique_ptr<Connection> conn;
  while (!stopping_.load()) {
    if (!conn || conn->broken()) {
      conn = Connect();
      if (!conn) {
        std::this_thread::sleep_for(kReconnectPause);
        continue;
      }
    }
    pollfd fd{PQsocket(conn->raw()), POLLIN, 0};
    if (fd.fd < 0) {
      conn.reset();
      continue;
    }
    if (poll(&fd, 1, kPollMillis) <= 0) continue;
    if (PQconsumeInput(conn->raw()) == 0) {
      conn.reset();
      continue;
    }
    std::uint64_t highest = 0;
    while (PGnotify* n = PQnotifies(conn->raw())) {
      std::uint64_t head = std::strtoull(n->extra, nullptr, 10);
      if (head > highest) highest = head;
      PQfreemem(n);
    }
    if (highest > 0) on_head_(highest);
  }
}

}  // namespace rexian::pg
