// HostFixture: a sandbox intake (real LMDB log), an HTTP server on 127.0.0.1
// and a recorder of plugin log lines, for the plugin host tests.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/app_fixture.h"
#include "plugin_host/intake_sandbox.h"
#include "rexian/config.h"
#include "rexian/http.h"

namespace rexian::testing {

// Log lines plugins wrote, "<plugin> <level>: <message>". Thread-safe.
class LogLines {
 public:
  void Add(const std::string& plugin, int level, const std::string& message) {
    std::lock_guard lock(mu_);
    lines_.push_back(plugin + " " + std::to_string(level) + ": " + message);
  }
  bool Contains(const std::string& text) const {
    std::lock_guard lock(mu_);
    for (const std::string& line : lines_) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }
  std::string All() const {
    std::lock_guard lock(mu_);
    std::string all;
    for (const std::string& line : lines_) all += line + "\n";
    return all;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

class HostFixture {
 public:
  HostFixture() {
    const std::string path = WriteTestConfig(dir_.path(), 8345, dir_.sub("configured"));
    auto config = LoadConfig(path);
    INFO(config.status().ToString());
    REQUIRE(config.ok());
    auto sandbox = IntakeSandbox::Open(std::move(config).value(), dir_.sub("sandbox"));
    INFO(sandbox.status().ToString());
    REQUIRE(sandbox.ok());
    sandbox_ = std::move(sandbox).value();
    auto http = HttpServer::Start(HttpServerOptions{});
    REQUIRE(http.ok());
    http_ = std::move(http).value();
  }

  const TempDir& dir() const { return dir_; }
  IntakeSandbox& sandbox() { return *sandbox_; }
  HttpServer& http() { return *http_; }
  std::uint16_t port() const { return http_->port(); }
  LogLines& logs() { return logs_; }

  PluginEnvironment Environment() {
    return sandbox_->Environment(
        http_.get(), [this](const std::string& plugin, int level, const std::string& message) {
          logs_.Add(plugin, level, message);
        });
  }

  // A shared plugin entry as `plugins:` would configure it.
  static PluginConfig Shared(const std::string& name, const std::string& path,
                             const std::string& config_json = "{}",
                             std::chrono::milliseconds stop_timeout = std::chrono::seconds(5)) {
    PluginConfig config;
    config.name = name;
    config.channel = name;
    config.kind = PluginKind::kShared;
    config.path = path;
    config.config_json = config_json;
    config.stop_timeout = stop_timeout;
    return config;
  }

 private:
  TempDir dir_;
  LogLines logs_;  // before the sandbox: plugins may log while it shuts down
  std::unique_ptr<IntakeSandbox> sandbox_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace rexian::testing
