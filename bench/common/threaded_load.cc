// The thread-per-connection generator, on the blocking test HttpClient.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "common/load_generator.h"
#include "server/http_client.h"

namespace rexian::bench {

LoadResult RunThreadedLoad(const LoadPlan& plan) {
  using Clock = std::chrono::steady_clock;
  LoadResult result;
  const std::size_t kinds = plan.workload->KindNames().size();
  result.latencies_ns.resize(kinds);
  std::atomic<std::uint64_t> next_job{0};
  std::atomic<bool> failed{false};
  std::mutex mu;  // guards result
  const auto start = Clock::now();
  auto may_start = [&](std::uint64_t index) {
    if (plan.jobs != 0 && index >= plan.jobs) return false;
    return plan.duration.count() == 0 || Clock::now() - start < plan.duration;
  };
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < plan.connections; ++c) {
    threads.emplace_back([&] {
      std::vector<std::vector<std::uint64_t>> latencies(kinds);
      std::map<int, std::uint64_t> refused;
      std::map<int, std::string> refused_example;
      std::uint64_t completed = 0, accepted = 0;
      std::string error;
      try {
        testing::HttpClient client("127.0.0.1", plan.port, std::chrono::seconds(60));
        while (error.empty() && !failed.load()) {
          const std::uint64_t index = next_job.fetch_add(1);
          if (!may_start(index)) break;
          std::unique_ptr<LoadJob> job = plan.workload->MakeJob(index);
          bool job_ok = true;
          while (std::optional<LoadRequest> request = job->Next()) {
            const auto sent = Clock::now();
            client.SendRaw(request->bytes);
            testing::HttpClientResponse response = client.ReadResponse();
            const auto answered = Clock::now();
            AnswerCheck check = job->Check(response.status, response.body);
            if (check.verdict == Verdict::kFatal) {
              error = std::move(check.message);
            } else if (check.verdict == Verdict::kRefused) {
              if (refused[response.status]++ == 0) refused_example[response.status] = check.message;
            } else {
              ++accepted;
              latencies[static_cast<std::size_t>(request->kind)].push_back(static_cast<std::uint64_t>(
                  std::chrono::duration_cast<std::chrono::nanoseconds>(answered - sent).count()));
              continue;
            }
            job_ok = false;
            break;
          }
          if (job_ok) ++completed;
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
      result.jobs_completed += completed;
      result.accepted += accepted;
      for (const auto& [status, n] : refused) {
        if (result.refused_by_status[status] == 0) result.refused_example[status] = refused_example[status];
        result.refused_by_status[status] += n;
      }
      for (std::size_t k = 0; k < kinds; ++k) {
        result.latencies_ns[k].insert(result.latencies_ns[k].end(), latencies[k].begin(),
                                      latencies[k].end());
      }
    });
  }
  for (auto& t : threads) t.join();
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

}  // namespace rexian::bench
