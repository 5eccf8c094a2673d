// ServerProcess: a `rexian serve` child on a fresh store, for one benchmark run.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "rexian/status.h"

namespace rexian::bench {

// How to start the server.
struct ServerSetup {
  std::string binary;       // the rexian executable
  std::string source_dir;   // repository root: its config/ and schemas/ are used
  std::string data_dir;     // fresh directory for the config, log, keys, views and server.log
  std::string durability;   // "fsync" or "relaxed"
  unsigned io_threads = 2;
  // YAML appended to the written configuration as it is, e.g. a `plugins:`
  // section; "" for none. It must not repeat a key the file already has
  // (server, store, schemas_dir, calendars).
  std::string extra_config;
};

// Writes <data_dir>/rexian.yaml: the shipped configuration's includes (read
// from <source_dir>/config/rexian.yaml, by absolute path), the server on
// 127.0.0.1:`port`, the store under `data_dir`, and a Monday-to-Friday
// calendar for this year and the next when the shipped files have none (the
// server runs on the real clock), then `extra_config`. Returns its path.
Result<std::string> WriteServerConfig(const ServerSetup& setup, std::uint16_t port);

// A free TCP port on 127.0.0.1 (bound then released; a small race is possible).
Result<std::uint16_t> FreeLoopbackPort();

// A running `rexian serve --config <data_dir>/rexian.yaml`, its output in
// <data_dir>/server.log. The destructor stops it if Stop() was not called.
class ServerProcess {
 public:
  // Writes the config, starts the child and waits (up to 60 s) until GET
  // /readyz answers 200. Fails with the end of server.log if the child exits
  // or never gets ready.
  static Result<std::unique_ptr<ServerProcess>> Start(const ServerSetup& setup);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Sends SIGTERM and waits (up to 60 s, then SIGKILL) for the child. Fails
  // unless it exited with status 0.
  Status Stop();

  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }
  // The last `bytes` of server.log.
  std::string LogTail(std::size_t bytes = 2000) const;

 private:
  ServerProcess(pid_t pid, std::uint16_t port, std::string log_path)
      : pid_(pid), port_(port), log_path_(std::move(log_path)) {}

  pid_t pid_;
  std::uint16_t port_;
  std::string log_path_;
  bool reaped_ = false;
};

}  // namespace rexian::bench
