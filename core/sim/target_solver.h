// Target solver: integer counts that print as the published figures and add up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::sim {

// Percent with two decimals as text ("40.42", "-10.38") -> hundredths (4042, -1038).
Result<std::int64_t> ParsePercent2(const std::string& text);

// The counts k with Percent2(k, total) == rate (hundredths of a percent),
// as a closed interval; empty (first > last) when none.
std::pair<std::int64_t, std::int64_t> CountsWithRate(std::int64_t rate_hundredths, std::int64_t total);

// The integer nearest to `center` in CountsWithRate(rate, total); NotFound
// when the interval is empty.
Result<std::int64_t> CountForRate(std::int64_t rate_hundredths, std::int64_t total, double center);

// One part of a whole: an optional published share (hundredths of a
// percent) the part must print as, and a preferred size.
struct Part {
  std::string key;
  std::optional<std::int64_t> share;  // published share of the total
  double center = 0;                  // preferred count (scaled published count, or weight x total)
  std::optional<std::int64_t> fixed;  // exact count decided elsewhere
  // Counts that print as a published count (in 万 with two decimals), kept
  // when compatible with the share.
  std::optional<std::pair<std::int64_t, std::int64_t>> count_range;
};

// Counts for `parts` that add up to `total` exactly, each printing its
// published share, each as near its center as that allows (largest
// remainder for the rest). InvalidArgument when no such counts exist.
Result<std::vector<std::int64_t>> Apportion(std::int64_t total, const std::vector<Part>& parts);

// Plain largest-remainder split of `total` by `weights` (deterministic).
std::vector<std::int64_t> SplitByWeights(std::int64_t total, const std::vector<double>& weights);

// A year-on-year pair: `before` near `center_before` and `now` such that
// Change2(now, before) prints `change_hundredths`. NotFound when no pair
// exists within a wide search.
Result<std::pair<std::int64_t, std::int64_t>> PairForChange(std::int64_t change_hundredths,
                                                            double center_before);

}  // namespace rexian::sim
