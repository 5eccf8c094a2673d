// One registry shared by many threads validates exactly as a single thread does.
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "event_examples.h"
#include "schema_test_support.h"

namespace rexian {
namespace {

using testing::Json;

struct Job {
  std::string type;
  boost::json::value payload;
  Status expected;  // computed on one thread first
};

TEST_CASE("validation from 8 threads matches single-threaded results", "[schema]") {
  const SchemaRegistry& registry = testing::ShippedRegistry();

  std::vector<Job> jobs;
  for (const testing::EventExample& example : testing::ValidEventExamples()) {
    jobs.push_back({example.type, Json(example.payload), Status::OK()});
  }
  // Invalid ones exercise the message path (regex patterns, schema lookups).
  const char* invalid[][2] = {
      {"ticket.opened", R"({"number": "?", "platform": "x", "level": "town", "channel": "Web",
                            "text": "", "urgency": "now", "location": {"lat": 100},
                            "citizen": {"phone": "x"}})"},
      {"ticket.dispatched", R"({"dispatch_number": 0, "lead_department": "x",
                                "deadline": "tomorrow", "sla_policy": "",
                                "assisting_departments": ["a", "a"]})"},
      {"ticket.followed_up", R"({"rating": "meh"})"},
      {"test.recorded", R"({"n": "one", "extra": true})"},
  };
  for (const auto& [type, payload] : invalid) {
    jobs.push_back({type, Json(payload), Status::OK()});
  }
  for (Job& job : jobs) job.expected = registry.ValidateEvent(job.type, 1, job.payload);
  for (std::size_t i = jobs.size() - 4; i < jobs.size(); ++i) {
    REQUIRE(jobs[i].expected.IsInvalidArgument());
  }

  constexpr int kThreads = 8;
  constexpr int kRounds = 200;
  std::atomic<int> mismatches{0};
  std::atomic<int> validations{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Each thread walks the jobs from a different starting point.
        for (std::size_t k = 0; k < jobs.size(); ++k) {
          const Job& job = jobs[(k + static_cast<std::size_t>(t) * 7) % jobs.size()];
          const Status got = registry.ValidateEvent(job.type, 1, job.payload);
          if (got.code() != job.expected.code() || got.message() != job.expected.message()) {
            ++mismatches;
          }
          ++validations;
        }
        const Status metadata = registry.ValidateMetadata(
            Json(R"({"actor": {"user": "u", "role": "agent"}, "occurred_at": "x"})"));
        if (!metadata.IsInvalidArgument()) ++mismatches;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches.load() == 0);
  CHECK(validations.load() == kThreads * kRounds * static_cast<int>(jobs.size()));
}

}  // namespace
}  // namespace rexian
