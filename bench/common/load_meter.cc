// Taking the before and after snapshots of a load.
#include "common/load_meter.h"

namespace rexian::bench {

Result<LoadMeter> LoadMeter::Start(pid_t pid, std::uint16_t port) {
  LoadMeter m;
  m.pid_ = pid;
  m.port_ = port;
  auto metrics = ScrapeMetrics(port);
  if (!metrics.ok()) return metrics.status();
  auto store = ParseStoreCounters(*metrics);
  if (!store.ok()) return store.status();
  m.metrics_before_ = std::move(metrics).value();
  m.store_before_ = *store;
  m.load_before_ = LoadAverages();
  m.threads_before_ = ThreadCpuSeconds(pid);
  auto server_cpu = ProcessCpuSeconds(pid);
  if (!server_cpu.ok()) return server_cpu.status();
  m.server_cpu_before_ = *server_cpu;
  m.self_cpu_before_ = SelfCpuSeconds();
  return m;
}

Result<LoadCosts> LoadMeter::Finish() const {
  LoadCosts c;
  c.generator_cpu_seconds = SelfCpuSeconds() - self_cpu_before_;
  auto server_cpu = ProcessCpuSeconds(pid_);
  c.server_threads = ThreadCpuDeltas(threads_before_, ThreadCpuSeconds(pid_));
  c.load_after = LoadAverages();
  c.load_before = load_before_;
  if (!server_cpu.ok()) {
    return Status::Unavailable("cannot read the server's CPU time from /proc: " +
                               server_cpu.status().message());
  }
  c.server_cpu_seconds = *server_cpu - server_cpu_before_;
  auto memory = ProcessResidentMemory(pid_);
  if (!memory.ok()) return memory.status();
  c.server_memory = *memory;
  auto metrics = ScrapeMetrics(port_);
  if (!metrics.ok()) return metrics.status();
  auto store = ParseStoreCounters(*metrics);
  if (!store.ok()) return store.status();
  c.store = Difference(*store, store_before_);
  c.metrics_before = metrics_before_;
  c.metrics_after = std::move(metrics).value();
  return c;
}

}  // namespace rexian::bench
