// Metrics: counters, gauges and histograms rendered in the Prometheus text format (0.0.4).
//
// Metric objects are lock-free to update from any thread; the registry renders
// them, plus values computed at scrape time by collectors, for GET /metrics.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// Label name/value pairs of one series, e.g. {{"class", "2xx"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType : std::uint8_t { kCounter, kGauge, kHistogram };

// True if `name` matches [a-zA-Z_:][a-zA-Z0-9_:]*.
bool IsValidMetricName(std::string_view name);
// True if `name` matches [a-zA-Z_][a-zA-Z0-9_]* and does not start with the
// reserved "__".
bool IsValidLabelName(std::string_view name);

// Bucket bounds in seconds for request and append latencies: 0.5 ms .. 10 s.
std::vector<double> LatencyBucketsSeconds();

// A monotonically increasing count. Thread-safe, lock-free.
class Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void Inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe, lock-free.
class Gauge {
 public:
  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// A histogram's state at one moment, in the exposition's cumulative form.
struct HistogramSnapshot {
  std::vector<double> upper_bounds;              // finite, strictly increasing
  std::vector<std::uint64_t> cumulative_counts;  // per bound, then +Inf (== count)
  double sum = 0.0;
  std::uint64_t count = 0;
};

// Counts observations into fixed buckets. Thread-safe, lock-free.
class Histogram {
 public:
  // Non-finite bounds are dropped, the rest sorted and deduplicated; the +Inf
  // bucket always exists. (MetricsRegistry::AddHistogram rejects such input
  // instead of repairing it.)
  explicit Histogram(std::vector<double> upper_bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Counts `value` (seconds, for latencies) in the first bucket whose bound is
  // >= value. NaN is ignored.
  void Observe(double value);

  const std::vector<double>& upper_bounds() const { return upper_bounds_; }
  HistogramSnapshot Snapshot() const;

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> bucket_counts_;  // bounds + 1, not cumulative
  std::atomic<double> sum_{0.0};
};

// Builds one exposition text. Samples of one family are grouped under a single
// HELP/TYPE header even when written apart; families appear in the order first
// written. A sample with an invalid metric or label name, a duplicate label,
// the reserved "le" label on a histogram, or a family name already used with
// another type is left out and named in a "# rexian: dropped ..." comment line.
// Not thread-safe: one writer per render.
class MetricsWriter {
 public:
  void WriteCounter(std::string_view name, std::string_view help, double value,
                    const MetricLabels& labels = {});
  void WriteGauge(std::string_view name, std::string_view help, double value,
                  const MetricLabels& labels = {});
  // Writes name_bucket{le=...} for each bound and +Inf, name_sum and name_count.
  void WriteHistogram(std::string_view name, std::string_view help,
                      const HistogramSnapshot& snapshot, const MetricLabels& labels = {});

  // The text: every family, then the dropped-sample comments.
  std::string Finish() const;

 private:
  struct Family {
    std::string name;
    std::string help;
    MetricType type;
    std::string samples;  // complete lines
  };
  // The family to append to, or nullptr after recording why the sample is dropped.
  Family* FamilyFor(std::string_view name, std::string_view help, MetricType type,
                    const MetricLabels& labels);
  void Drop(std::string_view name, std::string_view reason);

  std::vector<Family> families_;
  std::unordered_map<std::string, std::size_t> family_index_;
  std::string dropped_;
};

// Owns registered metrics and collectors and renders them. Thread-safe.
// Returned metric pointers stay valid for the registry's lifetime.
class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Registers a series named `name` with constant labels `labels`. Registering
  // the same name, type and labels (in any order) again returns the existing
  // metric, so components may register idempotently.
  // Errors: InvalidArgument for an invalid name or label name, a duplicate
  // label, a name registered with another type, or (histograms) the "le" label,
  // bounds that are not finite and strictly increasing, or bounds that differ
  // from those of the already registered series.
  Result<Counter*> AddCounter(std::string_view name, std::string_view help,
                              MetricLabels labels = {});
  Result<Gauge*> AddGauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  Result<Histogram*> AddHistogram(std::string_view name, std::string_view help,
                                  std::vector<double> upper_bounds, MetricLabels labels = {});

  // Adds a function run at every Render, after the registered metrics, to
  // write values computed at scrape time. It runs without the registry's lock
  // held, possibly on several threads at once if Render is; it must not throw
  // (an exception is caught and reported as a comment line).
  void AddCollector(std::function<void(MetricsWriter&)> collector);

  // The exposition text (Content-Type: text/plain; version=0.0.4).
  std::string Render() const;

 private:
  struct Series;
  Result<Series*> FindOrAdd(std::string_view name, std::string_view help, MetricType type,
                            MetricLabels labels, const std::vector<double>* upper_bounds);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Series>> series_;  // registration order
  std::vector<std::shared_ptr<const std::function<void(MetricsWriter&)>>> collectors_;
};

// The Content-Type of MetricsRegistry::Render's text.
inline constexpr std::string_view kPrometheusTextContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace rexian
