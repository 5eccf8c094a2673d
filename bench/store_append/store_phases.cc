// Appending, reading and verifying through the EventStore interface.
#include "store_phases.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <chrono>
#include <latch>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "process_counters.h"

namespace rexian::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::uint64_t NanosSince(Clock::time_point start) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
}

// One appending thread's state. Callbacks (on the store's writer thread)
// write only their own slot of `latency_ns`, so they need no lock.
struct AppenderState {
  std::vector<Clock::time_point> enqueued;
  std::vector<std::uint64_t> latency_ns;
  std::counting_semaphore<> in_flight{0};
  std::atomic<std::uint64_t> ok_events{0};
  std::atomic<std::uint64_t> ok_appends{0};
  std::atomic<std::uint64_t> failures{0};
  std::mutex error_mu;
  std::string first_error;
  double cpu_seconds = 0;  // this appending thread's own CPU time

  void Record(std::size_t slot, const AppendResult& r, std::size_t events) {
    latency_ns[slot] = NanosSince(enqueued[slot]);
    if (r.status.ok()) {
      ok_events.fetch_add(events, std::memory_order_relaxed);
      ok_appends.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    failures.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard<std::mutex> lock(error_mu);
    if (first_error.empty()) first_error = r.status.ToString();
  }
};

// Builds append number `append` of the run: events j*K .. min(j*K+K, N)-1.
void BuildRequest(const BenchOptions& o, const TicketEventCorpus& corpus, std::uint64_t append,
                  AppendRequest* request) {
  std::uint64_t first = append * o.events_per_append;
  std::uint64_t last = std::min<std::uint64_t>(first + o.events_per_append, o.events);
  std::uint64_t ticket = corpus.TicketFor(append);
  request->stream_id = corpus.StreamId(ticket);
  request->expected = ExpectedVersion::Any();
  request->events.resize(last - first);
  for (std::uint64_t i = first; i < last; ++i) {
    corpus.MakeEvent(i, ticket, &request->events[i - first]);
  }
}

void AppendLoop(EventStore* store, const BenchOptions& o, const TicketEventCorpus& corpus,
                unsigned thread, std::uint64_t total_appends, std::latch* go,
                AppenderState* state) {
  const std::size_t window = o.window;
  state->in_flight.release(static_cast<std::ptrdiff_t>(window));
  go->wait();
  std::size_t slot = 0;
  for (std::uint64_t j = thread; j < total_appends; j += o.threads, ++slot) {
    AppendRequest request;
    BuildRequest(o, corpus, j, &request);
    const std::size_t events = request.events.size();
    if (window == 1) {
      state->enqueued[slot] = Clock::now();
      AppendResult r = store->Append(std::move(request));
      state->Record(slot, r, events);
      continue;
    }
    state->in_flight.acquire();
    state->enqueued[slot] = Clock::now();
    // 16 bytes of captures fit std::function's inline buffer: no allocation
    // on the benchmark's side of each append.
    const auto slot32 = static_cast<std::uint32_t>(slot);
    const auto events32 = static_cast<std::uint32_t>(events);
    store->AppendAsync(std::move(request), [state, slot32, events32](AppendResult r) {
      state->Record(slot32, r, events32);
      state->in_flight.release();
    });
  }
  // Counted before draining: waiting for acknowledgements costs no CPU here.
  state->cpu_seconds = ThreadCpuSeconds();
  if (window > 1) {
    for (std::size_t i = 0; i < window; ++i) state->in_flight.acquire();  // drain
  }
}

}  // namespace

AppendPhaseResult RunStoreAppends(EventStore* store, const BenchOptions& o,
                                  const TicketEventCorpus& corpus) {
  const std::uint64_t total_appends = (o.events + o.events_per_append - 1) / o.events_per_append;
  std::vector<std::unique_ptr<AppenderState>> states;
  for (unsigned t = 0; t < o.threads; ++t) {
    auto state = std::make_unique<AppenderState>();
    std::uint64_t mine = total_appends > t ? (total_appends - t + o.threads - 1) / o.threads : 0;
    state->enqueued.resize(mine);
    state->latency_ns.resize(mine);
    states.push_back(std::move(state));
  }

  std::latch go(1);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < o.threads; ++t) {
    threads.emplace_back(AppendLoop, store, std::cref(o), std::cref(corpus), t, total_appends,
                         &go, states[t].get());
  }
  const std::uint64_t batches_before = store->Stats().batches;
  const double cpu_before = ProcessCpuSeconds();
  const std::uint64_t written_before = BytesWritten();
  const Clock::time_point start = Clock::now();
  go.count_down();
  for (std::thread& t : threads) t.join();

  AppendPhaseResult result;
  result.seconds = Since(start);
  result.cpu_seconds = ProcessCpuSeconds() - cpu_before;
  result.bytes_written = BytesWritten() - written_before;
  result.batches = store->Stats().batches - batches_before;
  std::vector<std::uint64_t> latencies;
  latencies.reserve(total_appends);
  for (auto& state : states) {
    result.events += state->ok_events.load();
    result.appends += state->ok_appends.load();
    result.failures += state->failures.load();
    result.appender_cpu_seconds += state->cpu_seconds;
    if (result.first_error.empty()) result.first_error = state->first_error;
    latencies.insert(latencies.end(), state->latency_ns.begin(), state->latency_ns.end());
  }
  result.latency = SummariseLatencies(&latencies);
  return result;
}

ReadPhaseResult RunStoreRead(EventStore* store) {
  ReadPhaseResult result;
  const double cpu_before = ThreadCpuSeconds();
  const Clock::time_point start = Clock::now();
  result.status = store->ReadAll(1, SIZE_MAX, [&result](const RecordedEvent& e) {
    ++result.events;
    result.payload_bytes += e.payload.size();
    return true;
  });
  result.seconds = Since(start);
  result.cpu_seconds = ThreadCpuSeconds() - cpu_before;
  return result;
}

VerifyPhaseResult RunStoreVerify(EventStore* store) {
  VerifyPhaseResult result;
  const double cpu_before = ThreadCpuSeconds();
  const Clock::time_point start = Clock::now();
  result.status = store->Verify({});
  result.seconds = Since(start);
  result.cpu_seconds = ThreadCpuSeconds() - cpu_before;
  return result;
}

}  // namespace rexian::bench
