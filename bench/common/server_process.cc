// Starting, watching and stopping the `rexian serve` child.
#include "common/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "server/http_client.h"

namespace rexian::bench {
namespace {

using Clock = std::chrono::steady_clock;

// The `include:` list of the shipped entry file, so the benchmark follows the
// configuration as it grows (sla.yaml, routing.yaml, ...).
Result<std::vector<std::string>> ShippedIncludes(const std::string& entry) {
  std::ifstream in(entry);
  if (!in) return Status::NotFound("cannot read " + entry);
  std::vector<std::string> out;
  std::string line;
  bool in_list = false;
  while (std::getline(in, line)) {
    if (line.rfind("include:", 0) == 0) {
      in_list = true;
    } else if (in_list && line.rfind("  - ", 0) == 0) {
      std::string item = line.substr(4);
      while (!item.empty() && (item.back() == ' ' || item.back() == '\r')) item.pop_back();
      out.push_back(item);
    } else if (in_list) {
      break;
    }
  }
  if (out.empty()) return Status::InvalidArgument(entry + ": no include list found");
  return out;
}

// Waits up to `timeout` for the child; true once reaped, with its wait status.
bool WaitFor(pid_t pid, std::chrono::milliseconds timeout, int* status) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    pid_t r = ::waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;  // not our child any more
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string DescribeExit(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

Result<std::string> WriteServerConfig(const ServerSetup& setup, std::uint16_t port) {
  auto includes = ShippedIncludes(setup.source_dir + "/config/rexian.yaml");
  if (!includes.ok()) return includes.status();
  const std::string path = setup.data_dir + "/rexian.yaml";
  std::ofstream f(path);
  f << "# Written by a benchmark (bench/common): the shipped configuration on a fresh store.\n"
    << "include:\n";
  for (const std::string& part : *includes) f << "  - " << setup.source_dir << "/config/" << part << "\n";
  f << "server:\n  bind: 127.0.0.1\n  port: " << port << "\n  io_threads: " << setup.io_threads
    << "\nstore:\n  backend: lmdb\n  path: " << setup.data_dir << "/log\n  keys_path: "
    << setup.data_dir << "/keys\n  views_path: " << setup.data_dir
    << "/views\n  durability: " << setup.durability << "\n"
    << "schemas_dir: " << setup.source_dir << "/schemas\n";
  // The server's clock is the real one: SLA deadlines need a working-day
  // calendar for this year and the next. When the shipped configuration has
  // none, a plain Monday-to-Friday one (no holidays) stands in, so that the
  // benchmark measures commands rather than a configuration gap.
  const auto today = std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  std::string stand_ins;
  for (int year : {static_cast<int>(today.year()), static_cast<int>(today.year()) + 1}) {
    const std::string shipped = "calendars/" + std::to_string(year) + ".yaml";
    if (std::find(includes->begin(), includes->end(), shipped) != includes->end()) continue;
    stand_ins += "  - year: " + std::to_string(year) + "\n    timezone: Asia/Shanghai\n    holidays: []\n";
  }
  if (!stand_ins.empty()) f << "calendars:  # stand-ins for years the shipped configuration lacks\n" << stand_ins;
  f << setup.extra_config;
  f.close();
  if (!f) return Status::IoError("cannot write " + path);
  return path;
}

Result<std::uint16_t> FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IoError(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    std::string error = std::strerror(errno);
    ::close(fd);
    return Status::IoError("bind 127.0.0.1:0: " + error);
  }
  ::close(fd);
  return static_cast<std::uint16_t>(ntohs(address.sin_port));
}

Result<std::unique_ptr<ServerProcess>> ServerProcess::Start(const ServerSetup& setup) {
  auto port = FreeLoopbackPort();
  if (!port.ok()) return port.status();
  auto config = WriteServerConfig(setup, *port);
  if (!config.ok()) return config.status();
  const std::string log_path = setup.data_dir + "/server.log";
  int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) return Status::IoError("cannot create " + log_path);

  std::vector<std::string> args = {setup.binary, "serve", "--config", *config};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    return Status::IoError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    std::fprintf(stderr, "exec %s: %s\n", argv[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(log_fd);
  std::unique_ptr<ServerProcess> server(new ServerProcess(pid, *port, log_path));

  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      server->reaped_ = true;
      return Status::Unavailable("rexian serve " + DescribeExit(status) + " before it was ready:\n" +
                                 server->LogTail());
    }
    try {
      testing::HttpClient client("127.0.0.1", *port, std::chrono::seconds(5));
      if (client.Request("GET", "/readyz").status == 200) return server;
    } catch (const testing::HttpClientError&) {
      // Not listening yet.
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Status::Unavailable("rexian serve was not ready within 60 s:\n" + server->LogTail());
}

ServerProcess::~ServerProcess() {
  if (!reaped_) Stop();
}

Status ServerProcess::Stop() {
  if (reaped_) return Status::OK();
  ::kill(pid_, SIGTERM);
  int status = 0;
  if (!WaitFor(pid_, std::chrono::seconds(60), &status)) {
    ::kill(pid_, SIGKILL);
    WaitFor(pid_, std::chrono::seconds(10), &status);
    reaped_ = true;
    return Status::Unavailable("rexian serve did not stop within 60 s of SIGTERM; killed");
  }
  reaped_ = true;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::Unavailable("rexian serve " + DescribeExit(status) + " on SIGTERM:\n" + LogTail());
  }
  return Status::OK();
}

std::string ServerProcess::LogTail(std::size_t bytes) const {
  std::ifstream in(log_path_);
  std::stringstream all;
  all << in.rdbuf();
  std::string text = all.str();
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

}  // namespace rexian::bench
