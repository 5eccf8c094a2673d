// MetricsWriter: groups samples into families and spells them in the text format.
#include <set>

#include "rexian/metrics.h"
#include "server/prometheus_text.h"

namespace rexian {
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

// Why `labels` cannot be written, or empty if they can.
std::string LabelProblem(const MetricLabels& labels, MetricType type) {
  std::set<std::string_view> seen;
  for (const auto& [name, value] : labels) {
    if (!IsValidLabelName(name)) return "invalid label name \"" + name + "\"";
    if (type == MetricType::kHistogram && name == "le") return "label \"le\" is reserved";
    if (!seen.insert(name).second) return "duplicate label \"" + name + "\"";
  }
  return {};
}

void AppendSample(std::string& out, std::string_view name, std::string_view labels,
                  std::string_view value) {
  out += name;
  out += labels;
  out += ' ';
  out += value;
  out += '\n';
}

}  // namespace

void MetricsWriter::Drop(std::string_view name, std::string_view reason) {
  dropped_ += "# rexian: dropped \"";
  dropped_ += prometheus_text::EscapeLabelValue(name);
  dropped_ += "\": ";
  dropped_ += prometheus_text::EscapeHelp(reason);
  dropped_ += '\n';
}

MetricsWriter::Family* MetricsWriter::FamilyFor(std::string_view name, std::string_view help,
                                                MetricType type, const MetricLabels& labels) {
  if (!IsValidMetricName(name)) {
    Drop(name, "invalid metric name");
    return nullptr;
  }
  if (std::string problem = LabelProblem(labels, type); !problem.empty()) {
    Drop(name, problem);
    return nullptr;
  }
  auto [it, inserted] = family_index_.try_emplace(std::string(name), families_.size());
  if (inserted) {
    families_.push_back(Family{std::string(name), std::string(help), type, {}});
    return &families_.back();
  }
  Family& family = families_[it->second];
  if (family.type != type) {
    Drop(name, std::string("already written as a ") + TypeName(family.type));
    return nullptr;
  }
  return &family;
}

void MetricsWriter::WriteCounter(std::string_view name, std::string_view help, double value,
                                 const MetricLabels& labels) {
  Family* family = FamilyFor(name, help, MetricType::kCounter, labels);
  if (family == nullptr) return;
  AppendSample(family->samples, name, prometheus_text::FormatLabels(labels),
               prometheus_text::FormatNumber(value));
}

void MetricsWriter::WriteGauge(std::string_view name, std::string_view help, double value,
                               const MetricLabels& labels) {
  Family* family = FamilyFor(name, help, MetricType::kGauge, labels);
  if (family == nullptr) return;
  AppendSample(family->samples, name, prometheus_text::FormatLabels(labels),
               prometheus_text::FormatNumber(value));
}

void MetricsWriter::WriteHistogram(std::string_view name, std::string_view help,
                                   const HistogramSnapshot& snapshot, const MetricLabels& labels) {
  if (snapshot.cumulative_counts.size() != snapshot.upper_bounds.size() + 1) {
    Drop(name, "histogram snapshot needs one count per bound plus +Inf");
    return;
  }
  Family* family = FamilyFor(name, help, MetricType::kHistogram, labels);
  if (family == nullptr) return;
  std::string bucket_name = std::string(name) + "_bucket";
  for (std::size_t i = 0; i < snapshot.upper_bounds.size(); ++i) {
    std::string le = prometheus_text::FormatNumber(snapshot.upper_bounds[i]);
    AppendSample(family->samples, bucket_name, prometheus_text::FormatLabels(labels, le),
                 std::to_string(snapshot.cumulative_counts[i]));
  }
  std::string label_text = prometheus_text::FormatLabels(labels);
  AppendSample(family->samples, bucket_name, prometheus_text::FormatLabels(labels, "+Inf"),
               std::to_string(snapshot.cumulative_counts.back()));
  AppendSample(family->samples, std::string(name) + "_sum", label_text,
               prometheus_text::FormatNumber(snapshot.sum));
  AppendSample(family->samples, std::string(name) + "_count", label_text,
               std::to_string(snapshot.count));
}

std::string MetricsWriter::Finish() const {
  std::string out;
  for (const Family& family : families_) {
    out += "# HELP ";
    out += family.name;
    out += ' ';
    out += prometheus_text::EscapeHelp(family.help);
    out += "\n# TYPE ";
    out += family.name;
    out += ' ';
    out += TypeName(family.type);
    out += '\n';
    out += family.samples;
  }
  out += dropped_;
  return out;
}

}  // namespace rexian
