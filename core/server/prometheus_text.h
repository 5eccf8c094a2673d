// Prometheus text-format (0.0.4) spelling: numbers, escapes and label sets.
#pragma once

#include <string>
#include <string_view>

#include "rexian/metrics.h"

namespace rexian::prometheus_text {

// "NaN", "+Inf", "-Inf", integers without a fraction ("3"), otherwise the
// shortest text that reads back to the same double ("0.005", "1.5e-07").
std::string FormatNumber(double value);

// A label value inside double quotes: backslash, double quote and line feed escaped.
std::string EscapeLabelValue(std::string_view value);

// HELP text: backslash and line feed escaped.
std::string EscapeHelp(std::string_view help);

// `{a="x",b="y"}` plus an optional last `le` label; empty when there is no label.
// REQUIRES: label names already validated.
std::string FormatLabels(const MetricLabels& labels, std::string_view le = {});

}  // namespace rexian::prometheus_text
