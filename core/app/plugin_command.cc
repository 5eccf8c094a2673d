// `rexian plugin check`: runs one channel plugin through the standard scenario and reports each
// step.
#include <dlfcn.h>
#include <stdlib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <optional>
#include <random>

#include "app/cli_args.h"
#include "app/commands.h"
#include "domain/ticket_time.h"
#include "intake/intake.h"
#include "plugin_host/host_api.h"
#include "plugin_host/intake_sandbox.h"
#include "plugin_host/plugin_host.h"
#include "plugin_host/plugin_library.h"
#include "plugin_host/plugin_search_path.h"
#include "plugin_host/shared_plugin.h"
#include "projections/ticket_view.h"
#include "rexian/http.h"

namespace rexian::cli {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kUsage =
    "usage: rexian plugin check <plugin.so> [--plugin-config JSON] [--channel NAME]\n"
    "                           [--stop-timeout-ms N] [--config FILE]\n"
    "       rexian plugin check [options] -- <command> [args...]   (an exec plugin)";

// How long the check waits for a submit's outcome and for deliver().
constexpr auto kSubmitWait = std::chrono::seconds(10);
constexpr auto kDeliverWait = std::chrono::seconds(15);

// The PASS / WARN / FAIL lines and their tally. A WARN is printed but does
// not fail the check.
class Report {
 public:
  void Pass(const std::string& step, const std::string& detail) { Line("PASS", step, detail); }
  void Warn(const std::string& step, const std::string& detail) { Line("WARN", step, detail); }
  void Fail(const std::string& step, const std::string& detail) {
    ++failed_;
    Line("FAIL", step, detail);
  }
  void Check(bool ok, const std::string& step, const std::string& detail) {
    ok ? Pass(step, detail) : Fail(step, detail);
  }
  // Prints the summary; the exit code: 0 when nothing failed, else 1.
  int Finish() const {
    std::printf("\n%d passed, %d warned, %d failed: %s\n", passed_, warned_, failed_,
                failed_ == 0 ? "the plugin passes the check" : "the plugin FAILS the check");
    return failed_ == 0 ? 0 : 1;
  }

 private:
  void Line(const char* verdict, const std::string& step, const std::string& detail) {
    if (verdict[0] == 'P') ++passed_;
    if (verdict[0] == 'W') ++warned_;
    std::printf("%s  %-9s %s\n", verdict, step.c_str(), detail.c_str());
    std::fflush(stdout);
  }
  int passed_ = 0, warned_ = 0, failed_ = 0;
};

std::string Millis(Clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

std::string RandomSuffix() {
  std::random_device device;
  char text[17];
  std::snprintf(text, sizeof text, "%08x%08x", device(), device());
  return text;
}

// A scratch directory, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rexian-plugin-check-XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A submit's outcome as the plugin would see it.
struct SubmitSeen {
  rexian_status status = REXIAN_INTERNAL;
  std::string ticket_number, error_json;
  bool duplicate = false;
};

// Submits `contact` through the host function table with the plugin's own
// host handle: exactly the path a shared plugin's submit_contact takes.
std::optional<SubmitSeen> SubmitAsPlugin(rexian_host* host, const std::string& contact) {
  auto promise = std::make_shared<std::promise<SubmitSeen>>();
  auto future = promise->get_future();
  // The callback gets a raw pointer; the promise is kept alive until it ran
  // or the wait gave up (then it is leaked rather than freed under a late call).
  auto* holder = new std::shared_ptr<std::promise<SubmitSeen>>(promise);
  const rexian_status accepted = HostApiTable()->submit_contact(
      host, contact.data(), contact.size(),
      [](void* user_data, const rexian_submit_result* r) {
        auto* p = static_cast<std::shared_ptr<std::promise<SubmitSeen>>*>(user_data);
        SubmitSeen seen;
        seen.status = r->status;
        if (r->ticket_number != nullptr) seen.ticket_number = r->ticket_number;
        if (r->error_json != nullptr) seen.error_json = r->error_json;
        seen.duplicate = r->duplicate != 0;
        (*p)->set_value(std::move(seen));
        delete p;
      },
      holder);
  if (accepted != REXIAN_OK) {
    delete holder;
    SubmitSeen refused;
    refused.status = accepted;
    return refused;
  }
  if (future.wait_for(kSubmitWait) != std::future_status::ready) return std::nullopt;
  return future.get();
}

// Submits `contact` straight to the intake as the plugin's source (exec plugins).
std::optional<SubmitSeen> SubmitAsSource(Intake* intake, const ContactSource& source,
                                         const std::string& contact) {
  auto promise = std::make_shared<std::promise<SubmitSeen>>();
  auto future = promise->get_future();
  intake->Submit(source, contact, [promise](SubmitOutcome outcome) {
    SubmitSeen seen;
    seen.status = outcome.status.ok()                  ? REXIAN_OK
                  : outcome.status.IsInvalidArgument() ? REXIAN_INVALID
                                                       : REXIAN_UNAVAILABLE;
    seen.ticket_number = outcome.ticket_number;
    seen.error_json = outcome.ErrorJson();
    seen.duplicate = outcome.duplicate;
    promise->set_value(std::move(seen));
  });
  if (future.wait_for(kSubmitWait) != std::future_status::ready) return std::nullopt;
  return future.get();
}

// The intake steps: a valid contact, its retry, an invalid one. Returns the
// ticket number of the valid one ("" when it failed).
std::string CheckIntake(Report& report, const IntakeSandbox& sandbox, const PluginConfig& config,
                        SharedPlugin* shared) {
  const std::string how = shared != nullptr ? "through the host table with the plugin's handle"
                                            : "to the intake as the plugin's source";
  auto submit = [&](const std::string& contact) {
    return shared != nullptr
               ? SubmitAsPlugin(shared->host_handle(), contact)
               : SubmitAsSource(sandbox.intake(), {config.name, config.channel}, contact);
  };
  json::object contact{{"channel", config.channel},
                       {"channel_message_id", "plugin-check-" + RandomSuffix()},
                       {"received_at", ticket::FormatTime(std::chrono::floor<std::chrono::seconds>(
                                                              std::chrono::system_clock::now()),
                                                          sandbox.view()->utc_offset())},
                       {"citizen", json::object{{"id", "plugin-check"}}},
                       {"text", "rexian plugin check: 小区门口路灯不亮（测试）"}};
  const std::string valid = json::serialize(contact);

  auto first = submit(valid);
  if (!first || first->status != REXIAN_OK) {
    report.Fail("intake", "a valid contact for channel \"" + config.channel + "\" submitted " +
                              how + " was not accepted: " +
                              (first ? first->error_json : std::string("no outcome in 10 s")));
    return "";
  }
  report.Pass("intake", "a valid contact for channel \"" + config.channel + "\" (submitted " + how +
                            ") opened ticket " + first->ticket_number);
  auto again = submit(valid);
  report.Check(again && again->status == REXIAN_OK && again->duplicate &&
                   again->ticket_number == first->ticket_number,
               "intake", "the same contact again is a duplicate of ticket " + first->ticket_number);

  contact.erase("text");
  contact["channel_message_id"] = "plugin-check-" + RandomSuffix();
  auto invalid = submit(json::serialize(contact));
  const bool names_field = invalid && invalid->error_json.find("/text") != std::string::npos;
  report.Check(invalid && invalid->status == REXIAN_INVALID && names_field, "intake",
               "a contact without text is refused naming /text: " +
                   (invalid ? invalid->error_json : std::string("no outcome in 10 s")));
  return first->ticket_number;
}

void CheckDeliver(Report& report, ChannelPlugin* plugin, const std::string& ticket_number) {
  Reply reply;
  reply.delivery_id = "plugin-check-" + RandomSuffix();
  reply.kind = "acknowledgement";
  reply.ticket_number = ticket_number.empty() ? "0000-check" : ticket_number;
  reply.channel_message_id = "plugin-check";
  reply.citizen_json = R"({"id":"plugin-check"})";
  reply.text = "您的诉求已受理，工单号 " + reply.ticket_number + "（rexian plugin check 测试消息）";
  auto promise = std::make_shared<std::promise<Status>>();
  auto future = promise->get_future();
  const Clock::time_point begin = Clock::now();
  plugin->Deliver(reply, [promise](Status s) { promise->set_value(std::move(s)); });
  if (future.wait_for(kDeliverWait) != std::future_status::ready) {
    report.Fail("deliver", "no outcome within 15 s (deliver should give up within 10 s)");
    return;
  }
  const Status s = future.get();
  const std::string took = " in " + Millis(Clock::now() - begin);
  if (s.ok()) {
    report.Pass("deliver",
                "a test reply (delivery_id " + reply.delivery_id + ") was accepted" + took);
  } else if (s.IsUnsupported()) {
    report.Pass("deliver",
                "the plugin has no deliver callback: it sends no replies (" + s.message() + ")");
  } else if (s.message().find("gave no reason") != std::string::npos) {
    report.Fail("deliver", "refused" + took + " without a reason: " + s.ToString());
  } else {
    report.Warn("deliver", "the test reply to a fictitious citizen was refused" + took +
                               ", with a reason as the contract asks: " + s.ToString());
  }
}

// Loads a shared plugin once to read its descriptor (the "load" step).
// Returns the descriptor's name, or "" after reporting the failure.
std::string CheckLoad(Report& report, const std::string& path) {
  auto file = ResolvePluginPath(path);
  if (!file.ok()) {
    report.Fail("load", file.status().message());
    return "";
  }
  auto library = PluginLibrary::Open("check", *file);
  if (!library.ok()) {
    report.Fail("load", library.status().message());
    return "";
  }
  const rexian_plugin_descriptor& d = (*library)->descriptor();
  const std::uint32_t abi = d.abi_version;
  report.Pass("load", *file + ": \"" + d.name + "\" " + (d.version ? d.version : "?") + ", ABI " +
                          std::to_string(abi >> 16) + "." + std::to_string(abi & 0xffffu) +
                          ", descriptor " + std::to_string((*library)->declared_size()) +
                          " bytes, deliver " + (d.deliver ? "present" : "absent"));
  return d.name;
}

int RunCheck(const Args& raw) {
  Args options = raw;
  std::vector<std::string> command;
  if (auto dash = std::find(options.begin(), options.end(), "--"); dash != options.end()) {
    command.assign(dash + 1, options.end());
    options.erase(dash, options.end());
  }
  auto args =
      CliArgs::Parse(options, {"config", "plugin-config", "channel", "stop-timeout-ms"}, {});
  if (!args.ok()) return Fail("plugin check", args.status().message() + "\n" + kUsage, 2);
  const bool exec = !command.empty();
  if (exec == (args->positional().size() == 1) || args->positional().size() > 1) {
    return Fail("plugin check",
                std::string("name one plugin file, or an exec command after --\n") + kUsage, 2);
  }
  auto stop_ms = args->GetUint("stop-timeout-ms", 5000);
  if (!stop_ms.ok()) return Fail("plugin check", stop_ms.status().message(), 2);
  const std::string plugin_config = args->Get("plugin-config", "{}");
  boost::system::error_code ec;
  if (json::value parsed = json::parse(plugin_config, ec); ec || !parsed.is_object()) {
    return Fail("plugin check", "--plugin-config: expected a JSON object", 2);
  }
  auto config = LoadConfig(args->Get("config", kDefaultConfig));
  if (!config.ok()) return Fail("plugin check", config.status().ToString(), 2);
  config->plugins.clear();

  // The scratch store, first: without it no step can run.
  ScratchDir scratch;
  if (scratch.path().empty()) return Fail("plugin check", "cannot create a scratch directory", 1);
  auto sandbox = IntakeSandbox::Open(*config, scratch.path());
  if (!sandbox.ok()) {
    return Fail("plugin check",
                sandbox.status().ToString() +
                    " (relative paths in the configuration, such as schemas_dir, are relative to "
                    "the working directory)",
                2);
  }

  Report report;
  PluginConfig plugin_config_entry;
  plugin_config_entry.kind = exec ? PluginKind::kExec : PluginKind::kShared;
  plugin_config_entry.command = command;
  plugin_config_entry.config_json = plugin_config;
  plugin_config_entry.stop_timeout = std::chrono::milliseconds(*stop_ms);
  std::string name = args->Get("channel");
  if (!exec) {
    plugin_config_entry.path = args->positional().front();
    std::printf("rexian plugin check: %s\n\n", plugin_config_entry.path.c_str());
    const std::string descriptor_name = CheckLoad(report, plugin_config_entry.path);
    if (descriptor_name.empty()) return report.Finish();
    if (name.empty()) name = descriptor_name;
  } else {
    std::string joined;
    for (const std::string& part : command) joined += (joined.empty() ? "" : " ") + part;
    std::printf("rexian plugin check: exec %s\n\n", joined.c_str());
    if (name.empty()) name = "exec";
  }
  plugin_config_entry.name = name;
  plugin_config_entry.channel = name;

  HttpServerOptions http_options;
  http_options.io_threads = 1;
  auto http = HttpServer::Start(http_options);
  if (!http.ok()) return Fail("plugin check", http.status().ToString(), 1);
  const PluginEnvironment env = (*sandbox)->Environment(
      http->get(), [](const std::string& plugin, int level, const std::string& message) {
        static const char* const kLevels[] = {"debug", "info", "warn", "error"};
        std::fprintf(stderr, "      [%s %s] %s\n", plugin.c_str(),
                     kLevels[level < 0 || level > 3 ? 3 : level], message.c_str());
      });

  auto created = CreateChannelPlugin(plugin_config_entry, env);
  if (!created.ok()) {
    report.Fail("create", created.status().ToString());
    return report.Finish();
  }
  std::unique_ptr<ChannelPlugin> plugin = std::move(created).value();
  auto* shared = dynamic_cast<SharedPlugin*>(plugin.get());
  report.Pass("create", "with config " + plugin_config + " as instance \"" + name +
                            "\" on channel \"" + name + "\"");
  if (Status s = plugin->Start(); !s.ok()) {
    report.Fail("start", s.ToString());
    return report.Finish();
  }
  report.Pass("start", "health: " + plugin->health().ToString());
  if (shared != nullptr) {
    std::string routes;
    for (const auto& [method, pattern] : shared->routes()) {
      routes += (routes.empty() ? "" : ", ") + method + " " + pattern;
    }
    report.Pass("routes", routes.empty() ? "none registered" : "registered: " + routes);
  }
  const std::string ticket = CheckIntake(report, **sandbox, plugin_config_entry, shared);
  CheckDeliver(report, plugin.get(), ticket);

  const Clock::time_point begin = Clock::now();
  const Status stopped = plugin->Stop();
  const std::string took = Millis(Clock::now() - begin);
  report.Check(stopped.ok(), "stop",
               stopped.ok() ? "returned in " + took + " (limit " + std::to_string(*stop_ms) + " ms)"
                            : stopped.ToString());
  if (shared != nullptr) {
    const std::string file = shared->file();
    plugin.reset();
    void* still = dlopen(file.c_str(), RTLD_NOW | RTLD_NOLOAD);
    if (!stopped.ok()) {
      report.Fail("unload", "not attempted: a plugin whose stop overran stays loaded");
    } else if (still == nullptr) {
      report.Pass("unload", "destroyed and unloaded (dlclose released the library)");
    } else {
      dlclose(still);
      report.Warn("unload",
                  "destroyed, but the library is still mapped after dlclose "
                  "(RTLD_NODELETE, or a thread-local or unique symbol pins it)");
    }
  } else {
    plugin.reset();
    report.Pass("unload", "destroyed");
  }
  (*http)->Stop();
  return report.Finish();
}

}  // namespace

int RunPlugin(const Args& args) {
  if (args.empty() || args.front() != "check") {
    return Fail("plugin", std::string("expected a subcommand\n") + kUsage, 2);
  }
  return RunCheck(Args(args.begin() + 1, args.end()));
}

}  // namespace rexian::cli
