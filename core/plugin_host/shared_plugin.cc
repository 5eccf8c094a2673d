// SharedPlugin: loading, lifecycle, delivery and the bounded stop of a library plugin.
#include "plugin_host/shared_plugin.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "plugin_host/delivery_worker.h"
#include "plugin_host/host_api.h"
#include "plugin_host/plugin_library.h"
#include "plugin_host/plugin_search_path.h"

namespace rexian {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kErrorCap = 1024;
constexpr std::size_t kMaxQueuedReplies = 10000;

enum class Phase { kCreated, kRunning, kStartFailed, kStopped, kLeaked };

// A plugin's error buffer as text; never trusts it to be terminated.
std::string Reason(char (&error)[kErrorCap]) {
  error[kErrorCap - 1] = '\0';
  return error[0] == '\0' ? "(the plugin gave no reason)" : error;
}

Status Failure(rexian_status code, const std::string& message) {
  return code == REXIAN_INVALID ? Status::InvalidArgument(message) : Status::Unavailable(message);
}

std::string Millis(Clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

}  // namespace

struct SharedPlugin::State {
  PluginConfig config;
  std::unique_ptr<PluginLibrary> library;
  std::shared_ptr<rexian_host> host;
  rexian_plugin* instance = nullptr;
  std::unique_ptr<DeliveryWorker> delivery;

  mutable std::mutex mu;  // serialises Start and Stop; guards the members below
  Phase phase = Phase::kCreated;
  Status health = Status::Unavailable("created, not started");
  Status stop_outcome;

  const rexian_plugin_descriptor& d() const { return library->descriptor(); }
  const std::string& label() const { return host->label; }

  // Runs deliver() on the delivery thread.
  Status Send(const Reply& reply) {
    rexian_reply c{};
    c.struct_size = sizeof(rexian_reply);
    c.delivery_id = reply.delivery_id.c_str();
    c.attempt = reply.attempt;
    c.kind = reply.kind.c_str();
    c.ticket_number = reply.ticket_number.c_str();
    c.channel_message_id = reply.channel_message_id.c_str();
    c.citizen_json = reply.citizen_json.c_str();
    c.text = reply.text.c_str();
    char error[kErrorCap] = {};
    const rexian_status code = d().deliver(instance, &c, error, kErrorCap);
    const std::string why = label() + ": deliver " + reply.delivery_id + ": ";
    switch (code) {
      case REXIAN_OK:
        host->metrics->CountDelivery("ok");
        return Status::OK();
      case REXIAN_INVALID:
      case REXIAN_NOT_FOUND:
        host->metrics->CountDelivery("undeliverable");
        return Status::InvalidArgument(why + Reason(error));
      case REXIAN_UNAVAILABLE:
        host->metrics->CountDelivery("retry");
        return Status::Unavailable(why + Reason(error));
      default:  // REXIAN_INTERNAL or a code this host does not know: a retry may help
        host->metrics->CountDelivery("retry");
        return Status::Unavailable(why + "internal error (code " +
                                   std::to_string(static_cast<int>(code)) + "): " + Reason(error));
    }
  }
};

SharedPlugin::SharedPlugin(std::shared_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<SharedPlugin>> SharedPlugin::Load(const PluginConfig& config,
                                                         const PluginEnvironment& env) {
  auto file = ResolvePluginPath(config.path);
  if (!file.ok()) {
    return Status(file.status().IsNotFound()
                      ? Status::NotFound(PluginLabel(config.name, config.path) + ": " +
                                         file.status().message())
                      : Status::IoError(PluginLabel(config.name, config.path) + ": " +
                                        file.status().message()));
  }
  auto library = PluginLibrary::Open(config.name, *file);
  if (!library.ok()) return library.status();

  auto state = std::make_shared<State>();
  state->config = config;
  if (state->config.channel.empty()) state->config.channel = config.name;
  state->library = std::move(library).value();
  state->host = std::make_shared<rexian_host>(env, config.name, state->config.channel,
                                              PluginLabel(config.name, *file), config.actor_role);
  const rexian_plugin_descriptor& d = state->d();
  if (d.deliver != nullptr) {
    State* raw = state.get();  // the worker lives inside the state
    state->delivery = std::make_unique<DeliveryWorker>(
        [raw](const Reply& reply) { return raw->Send(reply); }, kMaxQueuedReplies);
  }

  char error[kErrorCap] = {};
  const rexian_status code =
      d.create(HostApiTable(), state->host.get(), state->config.config_json.c_str(),
               state->config.config_json.size(), &state->instance, error, kErrorCap);
  if (code != REXIAN_OK) {
    state->host->gate->Close();
    // A submit made during create() may still be on its way back into the
    // library: unloading under it would crash.
    if (!CloseSubmits(state->host.get(), Clock::now() + config.stop_timeout)) {
      state->library->Leak();
    }
    return Failure(code, state->label() + ": create() failed: " + Reason(error));
  }
  state->host->Log(REXIAN_LOG_INFO, std::string("loaded ") + d.name + " " +
                                        (d.version ? d.version : "?") + " from " + *file +
                                        " (channel " + state->config.channel + ")");
  return std::unique_ptr<SharedPlugin>(new SharedPlugin(std::move(state)));
}

SharedPlugin::~SharedPlugin() {
  Stop();
  // The library (dlclose) goes with the last reference to the state: a
  // stop() that overran holds one, and PluginLibrary never unloads a
  // leaked library anyway.
}

const PluginConfig& SharedPlugin::config() const { return state_->config; }

Status SharedPlugin::Start() {
  State& s = *state_;
  std::lock_guard lock(s.mu);
  if (s.phase != Phase::kCreated) {
    return Status::InvalidArgument(s.label() + ": Start() may be called once, before Stop()");
  }
  char error[kErrorCap] = {};
  const rexian_status code = s.d().start(s.instance, error, kErrorCap);
  s.host->routes_open = false;
  if (code != REXIAN_OK) {
    s.health = Failure(code, s.label() + ": start() failed: " + Reason(error));
    s.host->gate->Close();
    if (CloseSubmits(s.host.get(), Clock::now() + s.config.stop_timeout)) {
      s.d().destroy(s.instance);
      s.instance = nullptr;
      s.phase = Phase::kStartFailed;
    } else {
      s.library->Leak();
      s.phase = Phase::kLeaked;
    }
    AnswerOutstandingExchanges(s.host->id,
                               HttpResponse::Problem(500, "plugin_error", "Internal Server Error",
                                                     "the plugin failed to start"));
    return s.health;
  }
  if (s.delivery) s.delivery->Start();
  s.phase = Phase::kRunning;
  s.health = Status::OK();
  s.host->metrics->SetUp(true);
  return Status::OK();
}

Status SharedPlugin::Stop() {
  std::shared_ptr<State> state = state_;
  State& s = *state;
  std::lock_guard lock(s.mu);
  switch (s.phase) {
    case Phase::kStopped:
    case Phase::kLeaked:
    case Phase::kStartFailed:
      return s.stop_outcome;
    case Phase::kCreated:
    case Phase::kRunning:
      break;
  }
  const bool started = s.phase == Phase::kRunning;
  const Clock::time_point begin = Clock::now();
  const Clock::time_point deadline = begin + s.config.stop_timeout;

  // Everything that waits on the plugin runs on this thread, so that a
  // plugin that never returns costs a thread, not the server's exit.
  struct Done {
    std::mutex mu;
    std::condition_variable cv;
    bool finished = false;
  };
  auto done = std::make_shared<Done>();
  std::thread stopper([state, done, started] {
    state->host->gate->Close();
    if (state->delivery) state->delivery->Stop();
    if (started) state->d().stop(state->instance);
    std::lock_guard finished_lock(done->mu);
    done->finished = true;
    done->cv.notify_all();
  });
  bool in_time = false;
  {
    std::unique_lock wait_lock(done->mu);
    in_time = done->cv.wait_until(wait_lock, deadline, [&] { return done->finished; });
  }
  s.host->metrics->SetUp(false);
  s.health = Status::Unavailable(s.label() + ": stopped");
  std::string overrun;
  if (in_time) {
    stopper.join();
    if (!CloseSubmits(s.host.get(), deadline)) {
      overrun = "stop() returned but submits were still awaiting their outcome after " +
                Millis(s.config.stop_timeout);
    }
  } else {
    // Leaves stop() running; the thread holds the state.
    stopper.detach();
    CloseSubmits(s.host.get(), Clock::now());
    overrun = "stop() did not return within " + Millis(s.config.stop_timeout);
  }
  AnswerOutstandingExchanges(
      s.host->id, HttpResponse::Problem(500, "plugin_error", "Internal Server Error",
                                        "the plugin stopped without answering this request"));
  if (!overrun.empty()) {
    // Deliberately leaked: plugin code may still be running (or be called
    // back), so neither destroy() nor dlclose() is safe. The library stays
    // mapped and the instance allocated until the process exits; that is
    // the price of an exit that does not wait for a stuck plugin.
    s.library->Leak();
    s.phase = Phase::kLeaked;
    s.stop_outcome = Status::DeadlineExceeded(
        s.label() + ": " + overrun +
        "; the plugin was left loaded and not destroyed (its code may still run) so that the "
        "server can exit");
    s.health = s.stop_outcome;
    s.host->Log(REXIAN_LOG_ERROR, s.stop_outcome.message());
    return s.stop_outcome;
  }
  s.d().destroy(s.instance);
  s.instance = nullptr;
  s.phase = Phase::kStopped;
  s.host->Log(REXIAN_LOG_INFO, "stopped in " + Millis(Clock::now() - begin));
  return s.stop_outcome;
}

void SharedPlugin::Deliver(Reply reply, DeliverCallback done) {
  if (!state_->delivery) {
    done(Status::Unsupported(state_->label() + ": the plugin cannot send replies (no deliver)"));
    return;
  }
  state_->delivery->Post(std::move(reply), std::move(done));
}

Status SharedPlugin::health() const {
  std::lock_guard lock(state_->mu);
  return state_->health;
}

const std::string& SharedPlugin::file() const { return state_->library->file(); }

const rexian_plugin_descriptor& SharedPlugin::descriptor() const { return state_->d(); }

std::uint32_t SharedPlugin::declared_size() const { return state_->library->declared_size(); }

bool SharedPlugin::can_deliver() const { return state_->d().deliver != nullptr; }

std::vector<std::pair<std::string, std::string>> SharedPlugin::routes() const {
  std::lock_guard lock(state_->host->mu);
  return state_->host->routes;
}

rexian_host* SharedPlugin::host_handle() const { return state_->host.get(); }

}  // namespace rexian
