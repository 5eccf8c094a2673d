// SharedPlugin: a channel plugin in a shared library, behind the C ABI of rexian/plugin.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "plugin_host/channel_plugin.h"
#include "rexian/plugin.h"

struct rexian_host;

namespace rexian {

// Lifecycle: Load (dlopen, checks, create) -> Start -> Stop -> destruction
// (destroy, dlclose). Every error message starts with "plugin '<instance>'
// (<file>)" and gives the reason. Thread-safe.
class SharedPlugin final : public ChannelPlugin {
 public:
  // Resolves config.path (see ResolvePluginPath), loads and checks the
  // library (see PluginLibrary::Open) and calls its create() with
  // config.config_json and the host function table. Errors: NotFound (no
  // such file, dlopen failed), InvalidArgument (ABI or descriptor refused,
  // create() answered REXIAN_INVALID), Unavailable (create() answered
  // another failure); a failed create's message quotes the plugin's reason.
  // REQUIRES: config.kind == PluginKind::kShared; env as PluginEnvironment says.
  static Result<std::unique_ptr<SharedPlugin>> Load(const PluginConfig& config,
                                                    const PluginEnvironment& env);

  // Stop(), then destroy() and dlclose() unless the plugin was leaked.
  ~SharedPlugin() override;
  SharedPlugin(const SharedPlugin&) = delete;
  SharedPlugin& operator=(const SharedPlugin&) = delete;

  const PluginConfig& config() const override;

  // Calls start(); starts the delivery thread. Routes may be registered
  // until it returns. On failure the instance is destroyed (the ABI calls
  // destroy() after a failed start()) and health() keeps the reason.
  // InvalidArgument when called twice.
  Status Start() override;

  // Bounded stop, all of it on a thread of its own: closes the routes (503
  // from then on), stops the delivery thread, calls stop(), then waits for
  // the outcome callbacks of the plugin's accepted submits, answers 500 to
  // every exchange never answered, and calls destroy(). When that does not
  // finish within config().stop_timeout, returns DeadlineExceeded saying so
  // and leaves the plugin loaded and
  // undestroyed: its code may still be running, so neither destroy() nor
  // dlclose() is safe; the memory is leaked on purpose so that the server
  // can still exit. Also stops an instance that was created but never
  // started (destroy() without stop()). Idempotent: later calls return the
  // first outcome.
  Status Stop() override;

  // Queues `reply` for the plugin's delivery thread. `done` gets OK,
  // Unavailable (REXIAN_UNAVAILABLE, REXIAN_INTERNAL, not running, queue
  // full) or InvalidArgument (REXIAN_INVALID, REXIAN_NOT_FOUND), each with
  // the plugin's reason; Unsupported at once when the plugin has no deliver.
  void Deliver(Reply reply, DeliverCallback done) override;

  // OK while started; otherwise the reason (not started, start failed,
  // stopped, stop overran).
  Status health() const override;

  // The loaded file (absolute).
  const std::string& file() const;
  // What the library says of itself (version 1 members; name, version and
  // description are valid while the object lives).
  const rexian_plugin_descriptor& descriptor() const;
  // The descriptor's struct_size as the plugin declared it.
  std::uint32_t declared_size() const;
  // False when the plugin has no deliver callback.
  bool can_deliver() const;
  // The routes it registered, as (method, pattern), in order.
  std::vector<std::pair<std::string, std::string>> routes() const;
  // The `host` handle the plugin was given, so that `rexian plugin check`
  // can call the host table exactly as the plugin would.
  rexian_host* host_handle() const;

 private:
  struct State;
  explicit SharedPlugin(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace rexian
