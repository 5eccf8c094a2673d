// What the exec plugin tests share: a real intake over a temporary store,
// a log recorder, and the way to run the scripts next to this file.
#pragma once

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "intake/intake.h"
#include "intake/quarantine.h"
#include "plugin_host/exec_plugin.h"
#include "projections/ticket_view.h"
#include "rexian/config.h"
#include "rexian/event_log.h"
#include "rexian/event_store.h"
#include "rexian/privacy.h"
#include "rexian/projection.h"
#include "rexian/schema_registry.h"
#include "service/ticket_service.h"
#include "support/temp_dir.h"

namespace rexian::testing {

// The intake `rexian serve` runs, over a store in a temporary directory.
class IntakeRig {
 public:
  IntakeRig() {
    auto config = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
    INFO(config.status().ToString());
    REQUIRE(config.ok());
    config_ = std::move(config).value();
    LmdbStoreOptions options;
    options.path = dir_.sub("log");
    store_ = std::move(OpenLmdbEventStore(options)).value();
    schemas_ = std::move(SchemaRegistry::Load(std::string(REXIAN_SOURCE_DIR) + "/schemas")).value();
    keys_ = std::move(KeyStore::Open(dir_.sub("keys"))).value();
    log_ = std::make_unique<EventLog>(store_.get(), schemas_.get(), keys_.get());
    view_ = std::move(TicketView::Open(dir_.sub("views"), std::chrono::hours(8))).value();
    runner_ = std::make_unique<ProjectionRunner>(store_.get(), view_.get());
    REQUIRE(runner_->Start().ok());
    service_ = std::make_unique<TicketService>(log_.get(), &config_);
    auto clock = [] {
      return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    };
    quarantine_ = std::make_unique<Quarantine>(log_.get(), clock, std::chrono::hours(8));
    intake_ =
        std::make_unique<Intake>(service_.get(), view_.get(), quarantine_.get(),
                                 IntakeOptions{clock, "exec-plugin-test-pseudonym-secret", true});
  }
  ~IntakeRig() {
    runner_->Stop();
    store_->Close();  // the queued appends finish (and call back) first
  }

  Intake* intake() { return intake_.get(); }
  EventStore* store() { return store_.get(); }
  EventLog* event_log() { return log_.get(); }
  TicketService* tickets() { return service_.get(); }
  TicketView* view() { return view_.get(); }
  const Config& config() const { return config_; }

  // How many events of `type` the log holds.
  std::size_t CountEvents(const std::string& type) {
    std::size_t count = 0;
    REQUIRE(store_
                ->ReadAll(1, SIZE_MAX,
                          [&](const RecordedEvent& e) {
                            if (e.type == type) ++count;
                            return true;
                          })
                .ok());
    return count;
  }

 private:
  TempDir dir_;
  Config config_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<SchemaRegistry> schemas_;
  std::unique_ptr<KeyStore> keys_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<TicketView> view_;
  std::unique_ptr<ProjectionRunner> runner_;
  std::unique_ptr<TicketService> service_;
  std::unique_ptr<Quarantine> quarantine_;
  std::unique_ptr<Intake> intake_;
};

// Collects what plugins log, thread-safely.
class LogRecorder {
 public:
  void Add(int level, const std::string& message) {
    std::lock_guard lock(mu_);
    lines_.push_back(std::to_string(level) + " " + message);
  }
  // The first line containing `text`, or "".
  std::string Find(const std::string& text) const {
    std::lock_guard lock(mu_);
    for (const std::string& line : lines_) {
      if (line.find(text) != std::string::npos) return line;
    }
    return "";
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

// Polls `done` every 10 ms until it holds or `timeout` passes.
inline bool WaitUntil(const std::function<bool()>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

inline std::string ExecScript(const std::string& name) {
  return std::string(REXIAN_SOURCE_DIR) + "/tests/plugin_host/exec/" + name;
}

inline std::string ExamplePlugin() {
  return std::string(REXIAN_SOURCE_DIR) + "/plugins/example-exec/rexian_example_plugin.py";
}

inline PluginConfig ExecConfig(const std::string& name, std::vector<std::string> command,
                               const std::string& config_json = "{}",
                               std::chrono::milliseconds stop_timeout = std::chrono::seconds(5)) {
  PluginConfig config;
  config.name = name;
  config.channel = name;
  config.kind = PluginKind::kExec;
  config.command = std::move(command);
  config.stop_timeout = stop_timeout;
  config.config_json = config_json;
  return config;
}

// Timings short enough for tests, long enough for a loaded machine.
inline ExecPluginOptions TestOptions() {
  ExecPluginOptions options;
  options.start_timeout = std::chrono::seconds(20);
  options.restart_delay_min = std::chrono::milliseconds(50);
  options.kill_grace = std::chrono::milliseconds(500);
  options.delivery_timeout = std::chrono::seconds(20);
  return options;
}

// Ports onto a real intake; queries answered NotFound (HostQueries has its own tests).
inline ExecPluginPorts PortsFor(Intake* intake, const std::string& name, LogRecorder* log,
                                MetricsRegistry* metrics = nullptr) {
  ExecPluginPorts ports;
  ports.submit = [intake, source = ContactSource{name, name}](std::string json,
                                                              SubmitCallback done) {
    intake->Submit(source, std::move(json), std::move(done));
  };
  ports.query = [](std::string_view query, const boost::json::object&) -> Result<std::string> {
    return Status::NotFound("no query " + std::string(query) + " in this test");
  };
  ports.log = [log](int level, const std::string& message) { log->Add(level, message); };
  ports.metrics = metrics;
  return ports;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The JSON objects of a JSON-lines file (a cut-off last line is skipped).
inline std::vector<boost::json::object> ReadJsonLines(const std::string& path) {
  std::vector<boost::json::object> out;
  std::istringstream in(Slurp(path));
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (!ec && v.is_object()) out.push_back(v.as_object());
  }
  return out;
}

inline std::size_t CountLines(const std::string& path) { return ReadJsonLines(path).size(); }

}  // namespace rexian::testing
