// feed_fanout: the operations feed under fan-out. A forked child runs the WebSocket clients
// (so their CPU is measured apart); this process runs the store, the HTTP server, the feed and
// an appender of ticket.opened events at a fixed rate. Phase A: every client healthy. Phase B:
// the same plus one client that stops reading; it must be dropped and the others' p99 unchanged.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "clients.h"
#include "common/flags.h"
#include "config/token_digest.h"
#include "feed/operations_feed.h"
#include "rexian/event_log.h"
#include "rexian/http.h"

namespace rexian::bench {
namespace {

namespace json = boost::json;

constexpr const char* kToken = "bench-operator-token";

struct Settings {
  unsigned clients = 1000;
  unsigned rate = 500;
  double seconds = 20;
  unsigned io_threads = 2;
  unsigned queue_messages = 5000;
  unsigned coalesce_ms = 20;  // the feed's default write_coalesce
  std::string durability = "fsync";
  std::string dir;
};

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double CpuSeconds(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Seconds this process's threads ran and waited runnable for a CPU (the
// first two fields of /proc/self/task/*/schedstat): on a shared machine the
// wait is the CPU the others' work took from this process.
struct SchedTimes {
  double run_s = 0;
  double wait_s = 0;
};

SchedTimes ProcessSchedTimes() {
  SchedTimes total;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::FILE* f = std::fopen((task.path() / "schedstat").c_str(), "r");
    if (f == nullptr) continue;
    unsigned long long run_ns = 0, wait_ns = 0;
    if (std::fscanf(f, "%llu %llu", &run_ns, &wait_ns) == 2) {
      total.run_s += static_cast<double>(run_ns) / 1e9;
      total.wait_s += static_cast<double>(wait_ns) / 1e9;
    }
    std::fclose(f);
  }
  return total;
}

json::object Percentiles(std::vector<std::uint32_t> samples) {
  json::object out{{"samples", samples.size()}};
  if (samples.empty()) return out;
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    return static_cast<double>(samples[std::min(samples.size() - 1,
                                                 static_cast<std::size_t>(q * samples.size()))]) /
           1000.0;
  };
  out["p50_ms"] = at(0.50);
  out["p90_ms"] = at(0.90);
  out["p99_ms"] = at(0.99);
  out["p999_ms"] = at(0.999);
  out["max_ms"] = static_cast<double>(samples.back()) / 1000.0;
  return out;
}

// ---- child: the clients

int RunChild(int port_fd, int ready_fd, int result_fd, const Settings& settings) {
  std::uint16_t port = 0;
  if (read(port_fd, &port, sizeof port) != sizeof port) return 1;
  FanoutClientOptions options;
  options.port = port;
  options.token = kToken;
  options.clients = settings.clients;
  options.end_timeout_seconds = settings.seconds * 2 + 90;
  FanoutResult r = RunFanoutClients(options, [ready_fd] {
    char c = 'r';
    (void)!write(ready_fd, &c, 1);
  });
  SchedTimes sched = ProcessSchedTimes();
  json::object out{{"connected", r.connected},
                   {"closed_early", r.closed_early},
                   {"finished", r.finished},
                   {"events", r.events},
                   {"event_bytes_mean", r.events == 0 ? 0.0 : static_cast<double>(r.event_bytes) / static_cast<double>(r.events)},
                   {"gaps", r.gaps},
                   {"cpu_user_s", r.cpu_user_seconds},
                   {"cpu_system_s", r.cpu_system_seconds},
                   {"wall_s", r.wall_seconds},
                   {"sched_run_s", sched.run_s},
                   {"sched_wait_s", sched.wait_s}};
  for (int p = 0; p < 2; ++p) {
    out[p == 0 ? "phase_a" : "phase_b"] =
        json::object{{"from_append", Percentiles(std::move(r.phase[p].from_append))},
                     {"from_recorded_at", Percentiles(std::move(r.phase[p].from_record))}};
  }
  std::string text = json::serialize(out) + "\n";
  (void)!write(result_fd, text.data(), text.size());
  return 0;
}

// ---- parent: store, server, feed, appender

// A WebSocket client that completes the handshake and then never reads.
int ConnectStalledClient(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
  std::string request = std::string("GET /v1/feed?stats=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n") +
                        "Upgrade: websocket\r\nConnection: Upgrade\r\n" +
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                        "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + kToken + "\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  char buffer[512];
  (void)!read(fd, buffer, sizeof buffer);  // "HTTP/1.1 101 Switching Protocols..."
  return fd;
}

std::string Metadata(unsigned citizen) {
  return R"({"actor":{"user":"bench-agent","role":"agent"},"occurred_at":"2025-05-06T10:00:00+08:00","channel":"phone","citizen":"c-)" +
         std::to_string(citizen) + "\"}";
}

std::string Payload(std::uint64_t sequence, const std::string& marker) {
  char number[24];
  std::snprintf(number, sizeof number, "B-%07llu", static_cast<unsigned long long>(sequence));
  json::object payload{
      {"number", number},
      {"platform", sequence % 3 == 0 ? "320311" : "3203"},
      {"level", sequence % 3 == 0 ? "county" : "city"},
      {"channel", "phone"},
      {"contact", json::object{{"channel_message_id", marker},
                               {"received_at", "2025-05-06T10:00:00+08:00"}}},
      {"text", "泉山区湖东路学校门口早晚高峰违章停车严重，占用消防通道，请交警和城管联合整治。"},
      {"urgency", "normal"},
      {"citizen", json::object{{"name", "王小明"}, {"phone", "13912345678"}}},
      {"classification", json::object{{"type", "complaint"}, {"domain", "transport"}}}};
  return json::serialize(payload);
}

// Appends at `rate` per second for `seconds`, phase-tagged; counts failures.
void AppendPhase(EventLog& log, char phase, unsigned rate, double seconds,
                 std::atomic<std::uint64_t>& sequence, std::atomic<std::uint64_t>& failures) {
  auto interval = std::chrono::nanoseconds(1'000'000'000 / rate);
  auto next = std::chrono::steady_clock::now();
  auto end = next + std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::duration<double>(seconds));
  while (next < end) {
    std::this_thread::sleep_until(next);
    next += interval;
    std::uint64_t n = sequence++;
    std::string marker = std::string("bench-") + phase + "-" + std::to_string(NowMicros());
    AppendRequest request;
    char stream[32];
    std::snprintf(stream, sizeof stream, "ticket-B-%07llu", static_cast<unsigned long long>(n));
    request.stream_id = stream;
    request.expected = ExpectedVersion::NoStream();
    request.events.push_back(NewEvent{"", "ticket.opened", 1,
                                      Metadata(static_cast<unsigned>(n % 200)),
                                      Payload(n, marker)});
    log.AppendAsync(std::move(request), [&failures](AppendResult r) {
      if (!r.status.ok()) failures++;
    });
  }
}

int RunParent(pid_t child, int port_fd, int ready_fd, int result_fd, const Settings& settings) {
  std::string dir = settings.dir;
  if (dir.empty()) {
    char pattern[] = "/tmp/rexian-feed-fanout-XXXXXX";
    dir = mkdtemp(pattern);
  }
  LmdbStoreOptions store_options;
  store_options.path = dir + "/log";
  store_options.durability =
      settings.durability == "fsync" ? Durability::kFsync : Durability::kRelaxed;
  auto store = OpenLmdbEventStore(store_options);
  auto schemas = SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas");
  auto keys = KeyStore::Open(dir + "/keys");
  if (!store.ok() || !schemas.ok() || !keys.ok()) {
    std::fprintf(stderr, "feed_fanout: cannot open the store, schemas or keys\n");
    kill(child, SIGKILL);
    return 1;
  }
  EventLog log(store->get(), schemas->get(), keys->get());
  UserDirectory users({User{"bench-operator", "operator", Role::kOperator, "3203", "",
                            config_internal::TokenSha256Hex(kToken), false}});

  // Warm-up: the 200 citizens' keys exist before the clock starts.
  std::atomic<std::uint64_t> sequence{0}, failures{0};
  for (unsigned i = 0; i < 200; ++i) {
    std::uint64_t n = sequence++;
    AppendRequest request;
    char stream[32];
    std::snprintf(stream, sizeof stream, "ticket-B-%07llu", static_cast<unsigned long long>(n));
    request.stream_id = stream;
    request.events.push_back(NewEvent{"", "ticket.opened", 1, Metadata(i), Payload(n, "warmup")});
    if (!log.Append(std::move(request)).status.ok()) failures++;
  }

  HttpServerOptions server_options;
  server_options.io_threads = static_cast<int>(settings.io_threads);
  auto server = HttpServer::Start(server_options);
  feed::FeedOptions feed_options;
  feed_options.heartbeat_interval = std::chrono::seconds(15);
  feed_options.max_queued_messages = settings.queue_messages;
  feed_options.write_coalesce = std::chrono::milliseconds(settings.coalesce_ms);
  feed::OperationsFeed feed(&log, &users, feed_options);
  if (!server.ok() || !feed.Start().ok()) {
    std::fprintf(stderr, "feed_fanout: cannot start the server or the feed\n");
    kill(child, SIGKILL);
    return 1;
  }
  feed.AddRoute(server->get());
  std::uint16_t port = (*server)->port();
  (void)!write(port_fd, &port, sizeof port);
  char c = 0;
  if (read(ready_fd, &c, 1) != 1) {
    std::fprintf(stderr, "feed_fanout: the clients did not connect\n");
    return 1;
  }
  std::fprintf(stderr, "feed_fanout: %u clients connected (feed sees %zu); phase A\n",
               settings.clients, feed.stats().clients_connected);

  double cpu_before = CpuSeconds(RUSAGE_SELF);
  SchedTimes sched_before = ProcessSchedTimes();
  auto wall_before = std::chrono::steady_clock::now();
  AppendPhase(log, 'A', settings.rate, settings.seconds, sequence, failures);
  int stalled = ConnectStalledClient(port);
  std::fprintf(stderr, "feed_fanout: phase B with one stalled client\n");
  AppendPhase(log, 'B', settings.rate, settings.seconds, sequence, failures);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  double cpu = CpuSeconds(RUSAGE_SELF) - cpu_before;
  SchedTimes sched_after = ProcessSchedTimes();
  feed::FeedStats stats_after_b = feed.stats();
  // The END marker, then the clients' report.
  AppendPhase(log, 'E', 1000, 0.001, sequence, failures);

  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(result_fd, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  int status = 0;
  waitpid(child, &status, 0);
  if (stalled >= 0) close(stalled);
  feed.Stop();
  (*server)->Stop();
  (*store)->Close();
  if (settings.dir.empty()) std::filesystem::remove_all(dir);

  boost::system::error_code ec;
  json::value clients = json::parse(text, ec);
  if (ec) {
    std::fprintf(stderr, "feed_fanout: no report from the clients\n");
    return 1;
  }
  json::object report{{"clients", settings.clients},
                      {"queue_messages", settings.queue_messages},
                      {"coalesce_ms", settings.coalesce_ms},
                      {"io_threads", settings.io_threads},
                      {"rate_per_s", settings.rate},
                      {"seconds_per_phase", settings.seconds},
                      {"durability", settings.durability},
                      {"append_failures", failures.load()},
                      {"feed_clients_dropped", stats_after_b.clients_dropped},
                      {"feed_messages_sent", stats_after_b.messages_sent},
                      {"server_cpu_s", cpu},
                      {"server_cores_used", cpu / wall},
                      {"server_sched_run_s", sched_after.run_s - sched_before.run_s},
                      {"server_sched_wait_s", sched_after.wait_s - sched_before.wait_s},
                      {"client_process", clients}};
  const json::object& co = clients.as_object();
  double client_cpu = co.at("cpu_user_s").to_number<double>() + co.at("cpu_system_s").to_number<double>();
  report["client_cores_used"] = client_cpu / co.at("wall_s").to_number<double>();
  std::printf("%s\n", json::serialize(report).c_str());
  bool ok = failures == 0 && co.at("gaps").to_number<std::uint64_t>() == 0 &&
            co.at("closed_early").to_number<std::uint64_t>() == 0 &&
            stats_after_b.clients_dropped == 1;
  if (!ok) std::fprintf(stderr, "feed_fanout: FAILED a correctness check (see the report)\n");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace rexian::bench

int main(int argc, char** argv) {
  using namespace rexian::bench;
  Settings settings;
  std::vector<Flag> flags{
      CountFlag("--clients", "N", "WebSocket clients (default 1000)", 1u, 20000u, &settings.clients),
      CountFlag("--rate", "R", "events appended per second (default 500)", 1u, 100000u, &settings.rate),
      SecondsFlag("--seconds", "length of each phase (default 20)", 1, 3600, &settings.seconds),
      CountFlag("--io-threads", "T", "server I/O threads (default 2)", 1u, 64u, &settings.io_threads),
      CountFlag("--queue-messages", "Q",
                "per-client queue limit in messages (default 5000, half of rexian serve's:\n"
                "the stalled client is dropped ~11 s into phase B, after its queue and\n"
                "its ~0.5 MiB of kernel send buffer)", 16u, 10000000u, &settings.queue_messages),
      CountFlag("--coalesce-ms", "MS",
                "how long a client's messages wait to share one write (default 20, the\n"
                "feed's default feed.write_coalesce_ms; 0 = write at once)", 0u, 1000u,
                &settings.coalesce_ms),
      ChoiceFlag("--durability", "store durability (default fsync)", {"fsync", "relaxed"},
                 &settings.durability),
      TextFlag("--dir", "PATH", "work directory (default: a fresh one under /tmp, removed)", &settings.dir)};
  rexian::Status s = ParseFlags(argc, argv, flags);
  if (s.IsNotFound()) {
    std::printf("%s", FlagUsage("feed_fanout", "The operations feed under fan-out (issue 5).", flags).c_str());
    return 0;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 2;
  }
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);

  int port_pipe[2], ready_pipe[2], result_pipe[2];
  if (pipe(port_pipe) != 0 || pipe(ready_pipe) != 0 || pipe(result_pipe) != 0) return 1;
  pid_t child = fork();  // before any thread exists
  if (child < 0) return 1;
  if (child == 0) {
    close(port_pipe[1]);
    close(ready_pipe[0]);
    close(result_pipe[0]);
    int rc = RunChild(port_pipe[0], ready_pipe[1], result_pipe[1], settings);
    close(result_pipe[1]);
    _exit(rc);
  }
  close(port_pipe[0]);
  close(ready_pipe[1]);
  close(result_pipe[1]);
  return RunParent(child, port_pipe[1], ready_pipe[0], result_pipe[0], settings);
}
