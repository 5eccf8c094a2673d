// MetricsRegistry and MetricsWriter: exact Prometheus text, name rules, collectors, concurrency.
#include "rexian/metrics.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rexian {
namespace {

TEST_CASE("counter, gauge and histogram render as exact Prometheus text", "[server]") {
  MetricsRegistry registry;
  auto appends =
      registry.AddCounter("rexian_appends_total", "Events appended.", {{"store", "lmdb"}});
  auto head = registry.AddGauge("rexian_head_position", "Last durable log position.");
  auto latency = registry.AddHistogram("rexian_append_seconds", "Append latency.", {0.25, 0.5, 1});
  REQUIRE(appends.ok());
  REQUIRE(head.ok());
  REQUIRE(latency.ok());

  (*appends)->Inc();
  (*appends)->Inc(2);
  (*head)->Set(42);
  (*head)->Add(-0.5);
  for (double seconds : {0.125, 0.25, 0.5, 2.0}) (*latency)->Observe(seconds);

  CHECK(registry.Render() ==
        "# HELP rexian_appends_total Events appended.\n"
        "# TYPE rexian_appends_total counter\n"
        "rexian_appends_total{store=\"lmdb\"} 3\n"
        "# HELP rexian_head_position Last durable log position.\n"
        "# TYPE rexian_head_position gauge\n"
        "rexian_head_position 41.5\n"
        "# HELP rexian_append_seconds Append latency.\n"
        "# TYPE rexian_append_seconds histogram\n"
        "rexian_append_seconds_bucket{le=\"0.25\"} 2\n"
        "rexian_append_seconds_bucket{le=\"0.5\"} 3\n"
        "rexian_append_seconds_bucket{le=\"1\"} 3\n"
        "rexian_append_seconds_bucket{le=\"+Inf\"} 4\n"
        "rexian_append_seconds_sum 2.875\n"
        "rexian_append_seconds_count 4\n");
}

TEST_CASE("one family shares a header, and label values and help are escaped", "[server]") {
  MetricsRegistry registry;
  auto get =
      registry.AddCounter("http_total", "Requests\\by \"method\"\nper route.", {{"method", "GET"}});
  auto odd = registry.AddCounter("http_total", "ignored", {{"method", "a\"b\\c\nd"}});
  auto seconds = registry.AddHistogram("wait_seconds", "Waits.", {0.005}, {{"queue", "in"}});
  REQUIRE(get.ok());
  REQUIRE(odd.ok());
  REQUIRE(seconds.ok());
  (*get)->Inc(7);
  (*seconds)->Observe(0.001);
  (*seconds)->Observe(std::numeric_limits<double>::quiet_NaN());  // ignored

  CHECK(registry.Render() ==
        "# HELP http_total Requests\\\\by \"method\"\\nper route.\n"
        "# TYPE http_total counter\n"
        "http_total{method=\"GET\"} 7\n"
        "http_total{method=\"a\\\"b\\\\c\\nd\"} 0\n"
        "# HELP wait_seconds Waits.\n"
        "# TYPE wait_seconds histogram\n"
        "wait_seconds_bucket{queue=\"in\",le=\"0.005\"} 1\n"
        "wait_seconds_bucket{queue=\"in\",le=\"+Inf\"} 1\n"
        "wait_seconds_sum{queue=\"in\"} 0.001\n"
        "wait_seconds_count{queue=\"in\"} 1\n");
}

TEST_CASE("metric and label names are validated", "[server]") {
  MetricsRegistry registry;
  for (const char* bad : {"", "1st", "with-dash", "with space", "ünicode", "a.b"}) {
    INFO(bad);
    auto counter = registry.AddCounter(bad, "bad");
    REQUIRE_FALSE(counter.ok());
    CHECK(counter.status().IsInvalidArgument());
  }
  for (const char* good : {"a", "_a", "rexian:ratio", "x_1:y_2"}) {
    INFO(good);
    CHECK(registry.AddGauge(good, "good").ok());
  }
  CHECK_FALSE(registry.AddCounter("c", "", {{"__reserved", "x"}}).ok());
  CHECK_FALSE(registry.AddCounter("c", "", {{"0abc", "x"}}).ok());
  CHECK_FALSE(registry.AddCounter("c", "", {{"a-b", "x"}}).ok());
  CHECK_FALSE(registry.AddCounter("c", "", {{"a", "1"}, {"a", "2"}}).ok());
  CHECK_FALSE(registry.AddHistogram("h", "", {1}, {{"le", "x"}}).ok());
  CHECK(registry.AddCounter("c", "", {{"le", "fine on a counter"}}).ok());

  CHECK_FALSE(registry.AddHistogram("h", "", {1, 1}).ok());
  CHECK_FALSE(registry.AddHistogram("h", "", {2, 1}).ok());
  CHECK_FALSE(registry.AddHistogram("h", "", {1, std::numeric_limits<double>::infinity()}).ok());

  CHECK(IsValidMetricName("a:b_c9"));
  CHECK_FALSE(IsValidMetricName("9a"));
  CHECK(IsValidLabelName("_x"));
  CHECK_FALSE(IsValidLabelName("__x"));
  CHECK_FALSE(IsValidLabelName("a:b"));
}

TEST_CASE("registration is idempotent and a name keeps its type", "[server]") {
  MetricsRegistry registry;
  auto first = registry.AddCounter("jobs_total", "Jobs.", {{"a", "1"}, {"b", "2"}});
  auto again = registry.AddCounter("jobs_total", "Jobs.", {{"b", "2"}, {"a", "1"}});
  REQUIRE(first.ok());
  REQUIRE(again.ok());
  CHECK(*first == *again);
  auto other = registry.AddCounter("jobs_total", "Jobs.", {{"a", "2"}});
  REQUIRE(other.ok());
  CHECK(*other != *first);

  auto clash = registry.AddGauge("jobs_total", "Jobs.");
  REQUIRE_FALSE(clash.ok());
  CHECK(clash.status().IsInvalidArgument());

  auto h1 = registry.AddHistogram("lat", "", {1, 2});
  REQUIRE(h1.ok());
  CHECK(registry.AddHistogram("lat", "", {1, 2}).ok());
  CHECK_FALSE(registry.AddHistogram("lat", "", {1, 3}).ok());
}

TEST_CASE("collectors write scrape-time values, grouped with their family", "[server]") {
  MetricsRegistry registry;
  auto registered = registry.AddCounter("store_reads_total", "Reads.", {{"kind", "stream"}});
  REQUIRE(registered.ok());
  (*registered)->Inc(5);
  std::uint64_t head_position = 1234;
  registry.AddCollector([&](MetricsWriter& writer) {
    HistogramSnapshot snapshot;
    snapshot.upper_bounds = {0.001, 0.01};
    snapshot.cumulative_counts = {4, 9, 10};
    snapshot.sum = 0.0625;
    snapshot.count = 10;
    writer.WriteGauge("store_head_position", "Head.", static_cast<double>(head_position));
    writer.WriteCounter("store_reads_total", "Reads.", 2, {{"kind", "log"}});
    writer.WriteHistogram("store_commit_seconds", "Group commit latency.", snapshot);
    writer.WriteGauge("store_size_bytes", "File size.", 1.5e12);
    writer.WriteGauge("bad-name", "x", 1);
    writer.WriteCounter("store_head_position", "wrong type", 1);
  });
  registry.AddCollector([](MetricsWriter&) { throw std::runtime_error("disk\ngone"); });

  CHECK(registry.Render() ==
        "# HELP store_reads_total Reads.\n"
        "# TYPE store_reads_total counter\n"
        "store_reads_total{kind=\"stream\"} 5\n"
        "store_reads_total{kind=\"log\"} 2\n"
        "# HELP store_head_position Head.\n"
        "# TYPE store_head_position gauge\n"
        "store_head_position 1234\n"
        "# HELP store_commit_seconds Group commit latency.\n"
        "# TYPE store_commit_seconds histogram\n"
        "store_commit_seconds_bucket{le=\"0.001\"} 4\n"
        "store_commit_seconds_bucket{le=\"0.01\"} 9\n"
        "store_commit_seconds_bucket{le=\"+Inf\"} 10\n"
        "store_commit_seconds_sum 0.0625\n"
        "store_commit_seconds_count 10\n"
        "# HELP store_size_bytes File size.\n"
        "# TYPE store_size_bytes gauge\n"
        "store_size_bytes 1500000000000\n"
        "# rexian: dropped \"bad-name\": invalid metric name\n"
        "# rexian: dropped \"store_head_position\": already written as a gauge\n"
        "# rexian: a collector failed: disk gone\n");

  head_position = 1300;
  CHECK(registry.Render().find("store_head_position 1300\n") != std::string::npos);
}

TEST_CASE("numbers are spelled the way Prometheus reads them", "[server]") {
  MetricsWriter writer;
  writer.WriteGauge("g", "", 0.1, {{"v", "tenth"}});
  writer.WriteGauge("g", "", -3, {{"v", "neg"}});
  writer.WriteGauge("g", "", 1e-7, {{"v", "tiny"}});
  writer.WriteGauge("g", "", std::numeric_limits<double>::infinity(), {{"v", "inf"}});
  writer.WriteGauge("g", "", -std::numeric_limits<double>::infinity(), {{"v", "ninf"}});
  writer.WriteGauge("g", "", std::numeric_limits<double>::quiet_NaN(), {{"v", "nan"}});
  writer.WriteGauge("g", "", 1e20, {{"v", "huge"}});
  CHECK(writer.Finish() ==
        "# HELP g \n"
        "# TYPE g gauge\n"
        "g{v=\"tenth\"} 0.1\n"
        "g{v=\"neg\"} -3\n"
        "g{v=\"tiny\"} 1e-07\n"
        "g{v=\"inf\"} +Inf\n"
        "g{v=\"ninf\"} -Inf\n"
        "g{v=\"nan\"} NaN\n"
        "g{v=\"huge\"} 1e+20\n");
}

TEST_CASE("metrics are updated from many threads without losing counts", "[server]") {
  MetricsRegistry registry;
  Counter* counter = *registry.AddCounter("ops_total", "Ops.");
  Gauge* gauge = *registry.AddGauge("level", "Level.");
  Histogram* histogram = *registry.AddHistogram("op_seconds", "Op time.", LatencyBucketsSeconds());
  constexpr int kThreads = 8;
  constexpr int kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        counter->Inc();
        gauge->Add(1);
        histogram->Observe(0.002);
        if (i % 1000 == 0) (void)registry.Render();  // scrapes race with updates
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(counter->value() == kThreads * kEach);
  CHECK(gauge->value() == kThreads * kEach);
  HistogramSnapshot snapshot = histogram->Snapshot();
  CHECK(snapshot.count == kThreads * kEach);
  CHECK(snapshot.cumulative_counts.back() == snapshot.count);
  // 0.002 falls in the 0.0025 bucket: every bucket from there on holds all.
  CHECK(snapshot.cumulative_counts[1] == 0);                 // le 0.001
  CHECK(snapshot.cumulative_counts[2] == kThreads * kEach);  // le 0.0025
}

}  // namespace
}  // namespace rexian
