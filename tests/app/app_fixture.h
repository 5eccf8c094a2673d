// Helpers for end-to-end tests: a temporary configuration and the rexian binary.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>
#include <string>
#include <vector>

#include "server/http_client.h"
#include "support/subprocess.h"
#include "support/temp_dir.h"

namespace rexian::testing {

inline std::string RexianBinary() { return std::string(REXIAN_BINARY_DIR) + "/rexian"; }

// Writes <dir>/rexian.yaml: the shipped Xuzhou files, with the server on
// `port` and the log and keys under `data_dir`. Returns its path.
// `store_section`, when given, replaces the LMDB `store:` section (a whole
// YAML block starting with "store:\n").
inline std::string WriteTestConfig(const std::string& dir, int port, const std::string& data_dir,
                                   const std::string& name = "rexian.yaml",
                                   const std::string& store_section = "") {
  const std::string src = REXIAN_SOURCE_DIR;
  std::string path = dir + "/" + name;
  std::ofstream f(path);
  f << "include:\n";
  for (const char* part : {"organisation.yaml", "taxonomy.yaml", "calendars/2024.yaml",
                           "calendars/2025.yaml", "calendars/2026.yaml", "sla.yaml",
                           "routing.yaml", "users.yaml"}) {
    f << "  - " << src << "/config/" << part << "\n";
  }
  f << "server:\n  bind: 127.0.0.1\n  port: " << port << "\n  io_threads: 2\n";
  if (store_section.empty()) {
    f << "store:\n  backend: lmdb\n  path: " << data_dir << "/log\n  keys_path: " << data_dir
      << "/keys\n  views_path: " << data_dir << "/views\n  durability: fsync\n  initial_map_mb: 64\n";
  } else {
    f << store_section;
  }
  f << "schemas_dir: " << src << "/schemas\n";
  return path;
}

// Runs `rexian <args...>` to completion.
inline int Rexian(const TempDir& logs, std::vector<std::string> args, std::string* out = nullptr,
                  std::string* err = nullptr, const std::string& stdin_file = "") {
  args.insert(args.begin(), RexianBinary());
  return RunToEnd(args, logs.path(), out, err, stdin_file);
}

// Polls /readyz until the server is ready: plugins started, every route
// registered (bounded: 15 s, or until it exits).
inline bool WaitUntilServing(int port, Subprocess* server) {
  for (int i = 0; i < 300 && server->running(); ++i) {
    try {
      HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port), std::chrono::seconds(2));
      if (client.Request("GET", "/readyz").status == 200) return true;
    } catch (const HttpClientError&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace rexian::testing
