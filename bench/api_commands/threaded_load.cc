// The thread-per-connection generator, on the blocking test HttpClient.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "load_generator.h"
#include "server/http_client.h"

namespace rexian::api_bench {

LoadResult RunThreadedLoad(const LoadPlan& plan) {
  using Clock = std::chrono::steady_clock;
  LoadResult result;
  std::atomic<std::uint64_t> next_cycle{0};
  std::atomic<bool> failed{false};
  std::mutex mu;  // guards result
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < plan.connections; ++c) {
    threads.emplace_back([&] {
      std::array<std::vector<std::uint64_t>, kCommandsPerCycle> latencies;
      std::uint64_t cycles = 0;
      std::string error;
      try {
        testing::HttpClient client("127.0.0.1", plan.port, std::chrono::seconds(60));
        for (;;) {
          const std::uint64_t cycle = next_cycle.fetch_add(1);
          if (cycle >= plan.cycles || failed.load()) break;
          std::string ticket_id;
          for (int step = 0; step < kCommandsPerCycle; ++step) {
            CommandRequest request = BuildCommand(step, cycle, plan.citizens, ticket_id);
            testing::HttpHeaderList headers = {{"Authorization", "Bearer " + request.token},
                                               {"Content-Type", "application/json"}};
            if (request.if_match != 0) {
              headers.emplace_back("If-Match", "\"" + std::to_string(request.if_match) + "\"");
            }
            const auto sent = Clock::now();
            testing::HttpClientResponse response =
                client.Request("POST", request.target, request.body, headers);
            const auto answered = Clock::now();
            error = CheckAnswer(request, response.status, response.body, &ticket_id);
            if (!error.empty()) break;
            latencies[static_cast<std::size_t>(step)].push_back(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(answered - sent).count()));
          }
          if (!error.empty()) break;
          ++cycles;
        }
        if (client.connections_opened() > 1 && error.empty()) {
          error = "a keep-alive connection was reopened " +
                  std::to_string(client.connections_opened() - 1) + " time(s)";
        }
      } catch (const testing::HttpClientError& e) {
        error = std::string("transport: ") + e.what();
      }
      if (!error.empty()) failed.store(true);
      std::lock_guard<std::mutex> lock(mu);
      if (!error.empty() && result.error.empty()) result.error = error;
      result.cycles += cycles;
      for (int k = 0; k < kCommandsPerCycle; ++k) {
        auto& all = result.latencies_ns[static_cast<std::size_t>(k)];
        auto& mine = latencies[static_cast<std::size_t>(k)];
        all.insert(all.end(), mine.begin(), mine.end());
      }
    });
  }
  for (auto& t : threads) t.join();
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& v : result.latencies_ns) result.commands += v.size();
  return result;
}

}  // namespace rexian::api_bench
