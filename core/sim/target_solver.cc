// Target solver: rounding intervals, apportionment and year-on-year pairs.
#include "sim/target_solver.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "projections/statistics_report.h"

namespace rexian::sim {
namespace {

// Percent2 as hundredths, the same integer rounding the report uses.
std::int64_t Hundredths(std::int64_t num, std::int64_t den) {
  const bool negative = num < 0;
  const std::int64_t a = negative ? -num : num;
  const std::int64_t v = (a * 20000 + den) / (2 * den);
  return negative ? -v : v;
}

}  // namespace

Result<std::int64_t> ParsePercent2(const std::string& text) {
  std::string s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  const std::size_t dot = s.find('.');
  if (s.empty() || dot == std::string::npos || s.size() - dot != 3 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); })) {
    return Status::InvalidArgument("'" + text + "' is not a percentage with two decimals (e.g. 73.42)");
  }
  std::int64_t v = std::stoll(s.substr(0, dot)) * 100 + std::stoll(s.substr(dot + 1));
  return negative ? -v : v;
}

std::pair<std::int64_t, std::int64_t> CountsWithRate(std::int64_t rate, std::int64_t total) {
  if (total <= 0) return {1, 0};
  // Hundredths(k, total) is non-decreasing in k: bracket around the estimate.
  const auto estimate = static_cast<std::int64_t>(static_cast<double>(rate) * static_cast<double>(total) / 10000.0);
  std::int64_t lo = std::max<std::int64_t>(0, estimate - 2), hi = std::min(total, estimate + 2);
  while (lo > 0 && Hundredths(lo - 1, total) >= rate) --lo;
  while (lo <= hi && Hundredths(lo, total) < rate) ++lo;
  while (hi < total && Hundredths(hi + 1, total) <= rate) ++hi;
  while (hi >= lo && Hundredths(hi, total) > rate) --hi;
  return {lo, hi};
}

Result<std::int64_t> CountForRate(std::int64_t rate, std::int64_t total, double center) {
  auto [lo, hi] = CountsWithRate(rate, total);
  if (lo > hi) {
    return Status::NotFound("no count out of " + std::to_string(total) + " prints as " +
                            Percent2(rate, 10000) + "%");
  }
  return std::clamp(static_cast<std::int64_t>(std::llround(center)), lo, hi);
}

std::vector<std::int64_t> SplitByWeights(std::int64_t total, const std::vector<double>& weights) {
  std::vector<std::int64_t> out(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || sum <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<std::int64_t>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](auto& a, auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; given < total; ++i, ++given) ++out[remainders[i % remainders.size()].second];
  return out;
}

Result<std::vector<std::int64_t>> Apportion(std::int64_t total, const std::vector<Part>& parts) {
  std::vector<std::int64_t> lo(parts.size()), hi(parts.size()), out(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Part& p = parts[i];
    if (p.fixed) {
      lo[i] = hi[i] = *p.fixed;
      if (p.share && Hundredths(*p.fixed, total) != *p.share) {
        return Status::InvalidArgument(p.key + ": " + std::to_string(*p.fixed) + " of " +
                                       std::to_string(total) + " does not print as " +
                                       Percent2(*p.share, 10000) + "%");
      }
    } else if (p.share) {
      std::tie(lo[i], hi[i]) = CountsWithRate(*p.share, total);
      if (lo[i] > hi[i]) {
        return Status::InvalidArgument(p.key + ": no count of " + std::to_string(total) +
                                       " prints as " + Percent2(*p.share, 10000) + "%");
      }
      if (p.count_range && std::max(lo[i], p.count_range->first) <= std::min(hi[i], p.count_range->second)) {
        lo[i] = std::max(lo[i], p.count_range->first);
        hi[i] = std::min(hi[i], p.count_range->second);
      }
    } else {
      lo[i] = 0;
      hi[i] = total;
    }
    out[i] = std::clamp(static_cast<std::int64_t>(std::llround(p.center)), lo[i], hi[i]);
  }
  std::int64_t sum = std::accumulate(out.begin(), out.end(), std::int64_t{0});
  // Move the difference onto parts with room, free parts first (they have
  // no published share to keep), largest center first.
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool fa = !parts[a].share && !parts[a].fixed, fb = !parts[b].share && !parts[b].fixed;
    if (fa != fb) return fa;
    return parts[a].center > parts[b].center;
  });
  for (int pass = 0; pass < 2 && sum != total; ++pass) {
    for (std::size_t i : order) {
      if (sum == total) break;
      if (sum < total) {
        const std::int64_t add = std::min(total - sum, hi[i] - out[i]);
        out[i] += add;
        sum += add;
      } else {
        const std::int64_t take = std::min(sum - total, out[i] - lo[i]);
        out[i] -= take;
        sum -= take;
      }
    }
  }
  if (sum != total) {
    return Status::InvalidArgument("the published shares cannot add up to " + std::to_string(total));
  }
  return out;
}

Result<std::pair<std::int64_t, std::int64_t>> PairForChange(std::int64_t change, double center_before) {
  const auto start = std::max<std::int64_t>(1, std::llround(center_before));
  for (std::int64_t d = 0; d < 1000000; ++d) {
    for (std::int64_t before : {start + d, start - d}) {
      if (before < 1 || (d == 0 && before != start)) continue;
      const double estimate = static_cast<double>(before) * (1.0 + static_cast<double>(change) / 10000.0);
      for (std::int64_t now = std::llround(estimate) - 1; now <= std::llround(estimate) + 1; ++now) {
        if (now >= 0 && Hundredths(now - before, before) == change) return std::pair{before, now};
      }
    }
  }
  return Status::NotFound("no year-on-year pair prints as " + Percent2(change, 10000) + "%");
}

}  // namespace rexian::sim
