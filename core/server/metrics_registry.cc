// MetricsRegistry: registration rules and rendering through a MetricsWriter.
#include <algorithm>
#include <cmath>
#include <exception>

#include "rexian/metrics.h"

namespace rexian {

// One registered series: a family name, its constant labels and the metric.
struct MetricsRegistry::Series {
  std::string name;
  std::string help;
  MetricType type;
  MetricLabels labels;
  MetricLabels sorted_labels;  // identity for idempotent registration
  std::unique_ptr<Counter> counter;
  std::unique_ptr<Gauge> gauge;
  std::unique_ptr<Histogram> histogram;
};

namespace {

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

Status CheckLabels(std::string_view metric, const MetricLabels& sorted, MetricType type) {
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const std::string& label = sorted[i].first;
    if (!IsValidLabelName(label)) {
      return Status::InvalidArgument("metric " + std::string(metric) + ": invalid label name \"" +
                                     label + "\"");
    }
    if (type == MetricType::kHistogram && label == "le") {
      return Status::InvalidArgument("metric " + std::string(metric) +
                                     ": label \"le\" is reserved for histogram buckets");
    }
    if (i > 0 && sorted[i - 1].first == label) {
      return Status::InvalidArgument("metric " + std::string(metric) + ": duplicate label \"" +
                                     label + "\"");
    }
  }
  return Status::OK();
}

Status CheckBounds(std::string_view metric, const std::vector<double>& bounds) {
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      return Status::InvalidArgument("histogram " + std::string(metric) +
                                     ": bucket bounds must be finite (+Inf is implicit)");
    }
    if (i > 0 && !(bounds[i - 1] < bounds[i])) {
      return Status::InvalidArgument("histogram " + std::string(metric) +
                                     ": bucket bounds must be strictly increasing");
    }
  }
  return Status::OK();
}

}  // namespace

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

Result<MetricsRegistry::Series*> MetricsRegistry::FindOrAdd(
    std::string_view name, std::string_view help, MetricType type, MetricLabels labels,
    const std::vector<double>* upper_bounds) {
  if (!IsValidMetricName(name)) {
    return Status::InvalidArgument("invalid metric name \"" + std::string(name) +
                                   "\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  MetricLabels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  if (Status s = CheckLabels(name, sorted, type); !s.ok()) return s;
  if (upper_bounds != nullptr) {
    if (Status s = CheckBounds(name, *upper_bounds); !s.ok()) return s;
  }

  std::lock_guard lock(mutex_);
  for (const auto& series : series_) {
    if (series->name != name) continue;
    if (series->type != type) {
      return Status::InvalidArgument("metric " + std::string(name) +
                                     " is already registered as a " + TypeName(series->type));
    }
    if (series->sorted_labels != sorted) continue;
    if (upper_bounds != nullptr && series->histogram->upper_bounds() != *upper_bounds) {
      return Status::InvalidArgument("histogram " + std::string(name) +
                                     " is already registered with other bucket bounds");
    }
    return series.get();
  }
  auto series = std::make_unique<Series>();
  series->name = std::string(name);
  series->help = std::string(help);
  series->type = type;
  series->labels = std::move(labels);
  series->sorted_labels = std::move(sorted);
  switch (type) {
    case MetricType::kCounter:
      series->counter = std::make_unique<Counter>();
      break;
    case MetricType::kGauge:
      series->gauge = std::make_unique<Gauge>();
      break;
    case MetricType::kHistogram:
      series->histogram = std::make_unique<Histogram>(*upper_bounds);
      break;
  }
  series_.push_back(std::move(series));
  return series_.back().get();
}

Result<Counter*> MetricsRegistry::AddCounter(std::string_view name, std::string_view help,
                                             MetricLabels labels) {
  auto series = FindOrAdd(name, help, MetricType::kCounter, std::move(labels), nullptr);
  if (!series.ok()) return series.status();
  return (*series)->counter.get();
}

Result<Gauge*> MetricsRegistry::AddGauge(std::string_view name, std::string_view help,
                                         MetricLabels labels) {
  auto series = FindOrAdd(name, help, MetricType::kGauge, std::move(labels), nullptr);
  if (!series.ok()) return series.status();
  return (*series)->gauge.get();
}

Result<Histogram*> MetricsRegistry::AddHistogram(std::string_view name, std::string_view help,
                                                 std::vector<double> upper_bounds,
                                                 MetricLabels labels) {
  auto series = FindOrAdd(name, help, MetricType::kHistogram, std::move(labels), &upper_bounds);
  if (!series.ok()) return series.status();
  return (*series)->histogram.get();
}

void MetricsRegistry::AddCollector(std::function<void(MetricsWriter&)> collector) {
  auto shared = std::make_shared<const std::function<void(MetricsWriter&)>>(std::move(collector));
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(shared));
}

std::string MetricsRegistry::Render() const {
  MetricsWriter writer;
  std::vector<std::shared_ptr<const std::function<void(MetricsWriter&)>>> collectors;
  {
    std::lock_guard lock(mutex_);
    for (const auto& series : series_) {
      switch (series->type) {
        case MetricType::kCounter:
          writer.WriteCounter(series->name, series->help,
                              static_cast<double>(series->counter->value()), series->labels);
          break;
        case MetricType::kGauge:
          writer.WriteGauge(series->name, series->help, series->gauge->value(), series->labels);
          break;
        case MetricType::kHistogram:
          writer.WriteHistogram(series->name, series->help, series->histogram->Snapshot(),
                                series->labels);
          break;
      }
    }
    collectors = collectors_;
  }
  // Collectors run unlocked so that they may be slow or register metrics themselves.
  std::string failures;
  for (const auto& collector : collectors) {
    try {
      (*collector)(writer);
    } catch (const std::exception& e) {
      std::string what = e.what();
      std::replace(what.begin(), what.end(), '\n', ' ');
      failures += "# rexian: a collector failed: " + what + "\n";
    } catch (...) {
      failures += "# rexian: a collector failed\n";
    }
  }
  return writer.Finish() + failures;
}

}  // namespace rexian
