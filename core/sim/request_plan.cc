// PlanSimulation: targets for each year, then every request drawn to meet them exactly.
#include "sim/request_plan.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <numeric>

#include "projections/statistics_report.h"
#include "sim/sim_random.h"
#include "sim/target_solver.h"

namespace rexian::sim {
namespace {

using std::chrono::sys_days;
namespace json = boost::json;

// The taxonomy flattened: sub-categories by index, with their domain.
struct Flat {
  std::vector<const TaxonomyType*> types;
  std::vector<const SubCategory*> subs;
  std::vector<std::size_t> sub_domain;  // index into taxonomy domains
  std::map<std::string, std::size_t> sub_index;
};

Flat Flatten(const Taxonomy& tax) {
  Flat f;
  for (const TaxonomyType& t : tax.types()) f.types.push_back(&t);
  for (std::size_t d = 0; d < tax.domains().size(); ++d) {
    for (const SubCategory& s : tax.domains()[d].subcategories) {
      f.sub_index[s.code] = f.subs.size();
      f.subs.push_back(&s);
      f.sub_domain.push_back(d);
    }
  }
  return f;
}

// Requests of one level, by type and by sub-category.
struct LevelMix {
  std::vector<std::int64_t> types, subs;
};

double SubWeight(const Scenario& sc, const std::string& code) {
  auto it = sc.shape.subcategory_weights.find(code);
  return it == sc.shape.subcategory_weights.end() ? 1.0 : it->second;
}

// Splits each domain's count over its sub-categories; `fixed` ones first.
void SplitDomains(const Scenario& sc, const Flat& flat,
                  const std::vector<std::int64_t>& domain_counts,
                  const std::map<std::size_t, std::int64_t>& fixed, LevelMix* mix) {
  mix->subs.assign(flat.subs.size(), 0);
  for (std::size_t d = 0; d < domain_counts.size(); ++d) {
    std::int64_t rest = domain_counts[d];
    std::vector<std::size_t> free;
    std::vector<double> weights;
    for (std::size_t i = 0; i < flat.subs.size(); ++i) {
      if (flat.sub_domain[i] != d) continue;
      if (auto it = fixed.find(i); it != fixed.end()) {
        mix->subs[i] = it->second;
        rest -= it->second;
      } else {
        free.push_back(i);
        weights.push_back(SubWeight(sc, flat.subs[i]->code));
      }
    }
    std::vector<std::int64_t> split = SplitByWeights(rest, weights);
    for (std::size_t k = 0; k < free.size(); ++k) mix->subs[free[k]] = split[k];
  }
}

std::vector<double> DomainWeights(const Scenario& sc, const Taxonomy& tax) {
  std::vector<double> w;
  for (const Domain& d : tax.domains()) {
    auto it = sc.shape.domains.find(d.key);
    w.push_back(it == sc.shape.domains.end() ? 0.0 : it->second);
  }
  return w;
}

// The city platform of the scenario's year: published type shares, domains
// sized so the named sub-categories print their published shares.
Result<LevelMix> PublishedCityMix(const Scenario& sc, const Config& config, const Flat& flat,
                                  double scale, std::int64_t city, YearTargets* targets) {
  const Taxonomy& tax = config.taxonomy;
  LevelMix mix;
  std::vector<Part> parts;
  for (const TaxonomyType* t : flat.types) {
    Part p{t->key, std::nullopt, 0, std::nullopt, std::nullopt};
    auto it = sc.targets.types_city.find(t->key);
    if (it != sc.targets.types_city.end()) {
      p.share = it->second.share;
      if (it->second.count) {
        // Counts that print as the published count in 万 with two decimals, scaled.
        const double c = static_cast<double>(*it->second.count);
        p.count_range = std::pair{static_cast<std::int64_t>(std::ceil((c - 50) * scale)),
                                  static_cast<std::int64_t>(std::floor((c + 49) * scale))};
      }
      p.center = it->second.count ? static_cast<double>(*it->second.count) * scale
                                  : static_cast<double>(city) * static_cast<double>(it->second.share.value_or(0)) / 10000.0;
    }
    parts.push_back(p);
  }
  for (const auto& [key, part] : sc.targets.types_city) {
    if (!tax.FindTypeByKey(key)) return Status::InvalidArgument("scenario: targets.types_city." + key + ": no such type in the taxonomy");
  }
  auto types = Apportion(city, parts);
  if (!types.ok()) return Status::InvalidArgument("scenario: targets.types_city: " + types.status().message());
  mix.types = *types;

  // Domains holding named sub-categories: the domain size every named share fits.
  std::vector<std::int64_t> domains(tax.domains().size(), -1);
  std::map<std::size_t, std::int64_t> fixed;
  std::map<std::size_t, std::vector<std::pair<std::size_t, PublishedPart>>> named;
  for (const auto& [code, part] : sc.targets.subcategories_city) {
    auto it = flat.sub_index.find(code);
    if (it == flat.sub_index.end()) return Status::InvalidArgument("scenario: targets.subcategories_city." + code + ": no such sub-category");
    if (!part.count || !part.share) return Status::InvalidArgument("scenario: targets.subcategories_city." + code + ": needs count and share");
    named[flat.sub_domain[it->second]].emplace_back(it->second, part);
  }
  std::int64_t fixed_total = 0;
  for (auto& [d, subs] : named) {
    double center = 0;
    for (auto& [i, part] : subs) center += static_cast<double>(*part.count) * scale * 10000.0 / static_cast<double>(*part.share);
    center /= static_cast<double>(subs.size());
    bool found = false;
    for (std::int64_t delta = 0; delta < 200000 && !found; ++delta) {
      for (std::int64_t size : {std::llround(center) + delta, std::llround(center) - delta}) {
        if (size <= 0 || found) continue;
        std::map<std::size_t, std::int64_t> counts;
        for (auto& [i, part] : subs) {
          auto k = CountForRate(*part.share, size, static_cast<double>(*part.count) * scale);
          if (!k.ok()) break;
          counts[i] = *k;
        }
        if (counts.size() != subs.size()) continue;
        domains[d] = size;
        fixed_total += size;
        fixed.insert(counts.begin(), counts.end());
        found = true;
      }
    }
    if (!found) return Status::InvalidArgument("scenario: no size of domain " + tax.domains()[d].key + " fits its named sub-categories");
  }
  std::vector<double> weights = DomainWeights(sc, tax);
  for (std::size_t d = 0; d < domains.size(); ++d) {
    if (domains[d] >= 0) weights[d] = 0;
  }
  std::vector<std::int64_t> rest = SplitByWeights(city - fixed_total, weights);
  for (std::size_t d = 0; d < domains.size(); ++d) {
    if (domains[d] < 0) domains[d] = rest[d];
  }
  SplitDomains(sc, flat, domains, fixed, &mix);
  for (std::size_t i = 0; i < flat.types.size(); ++i) targets->types_city[flat.types[i]->code] = mix.types[i];
  for (std::size_t d = 0; d < domains.size(); ++d) targets->domains_city[tax.domains()[d].code] = domains[d];
  for (auto& [i, k] : fixed) targets->subcategories_city[flat.subs[i]->code] = k;
  return mix;
}

// A level with no published figures: proportional to `reference` (types),
// domains by the shape's weights.
LevelMix ProportionalMix(std::int64_t total, const LevelMix& reference) {
  LevelMix mix;
  std::vector<double> tw(reference.types.begin(), reference.types.end());
  mix.types = SplitByWeights(total, tw);
  std::vector<double> sw(reference.subs.begin(), reference.subs.end());
  mix.subs = SplitByWeights(total, sw);
  return mix;
}

LevelMix WeightedMix(const Scenario& sc, const Config& config, const Flat& flat, std::int64_t total,
                     const LevelMix& type_reference) {
  LevelMix mix;
  std::vector<double> tw(type_reference.types.begin(), type_reference.types.end());
  mix.types = SplitByWeights(total, tw);
  std::vector<std::int64_t> domains = SplitByWeights(total, DomainWeights(sc, config.taxonomy));
  SplitDomains(sc, flat, domains, {}, &mix);
  return mix;
}

// Local midnight of `day` in Unix seconds.
std::int64_t Midnight(sys_days day, std::chrono::minutes offset) {
  return std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count() - offset.count() * 60;
}

struct Window {
  sys_days first, last;
  std::int64_t focus = 0;  // requests of the focus sub-category it must hold
};

// Moves the focus sub-category in or out of each window by swapping
// sub-categories between two requests of the same platform level, so every
// level's counts stay as planned.
Status FixWindows(std::vector<PlannedRequest>* reqs, std::size_t first, const std::vector<Window>& windows,
                  std::uint16_t focus, const std::vector<std::uint8_t>& level_of_platform,
                  std::chrono::minutes offset, SimRandom* rng) {
  auto in_window = [&](const PlannedRequest& r) -> int {
    for (std::size_t w = 0; w < windows.size(); ++w) {
      if (r.received_at >= Midnight(windows[w].first, offset) &&
          r.received_at < Midnight(windows[w].last + std::chrono::days(1), offset)) {
        return static_cast<int>(w);
      }
    }
    return -1;
  };
  // Outside every window: focus and other requests, by level.
  std::vector<std::size_t> out_focus[2], out_other[2];
  std::vector<std::vector<std::size_t>> in_focus(windows.size()), in_other(windows.size());
  for (std::size_t i = first; i < reqs->size(); ++i) {
    const PlannedRequest& r = (*reqs)[i];
    const int w = in_window(r);
    const int level = level_of_platform[r.platform];
    const bool is_focus = r.subcategory == focus;
    if (w < 0) {
      (is_focus ? out_focus : out_other)[level].push_back(i);
    } else {
      (is_focus ? in_focus : in_other)[w].push_back(i);
    }
  }
  for (int l = 0; l < 2; ++l) {
    rng->Shuffle(&out_focus[l]);
    rng->Shuffle(&out_other[l]);
  }
  for (std::size_t w = 0; w < windows.size(); ++w) {
    rng->Shuffle(&in_focus[w]);
    rng->Shuffle(&in_other[w]);
    auto have = static_cast<std::int64_t>(in_focus[w].size());
    while (have > windows[w].focus) {  // move a focus request out
      std::size_t i = in_focus[w].back();
      in_focus[w].pop_back();
      const int level = level_of_platform[(*reqs)[i].platform];
      if (out_other[level].empty()) return Status::InvalidArgument("holiday window has too many focus requests to move");
      std::size_t j = out_other[level].back();
      out_other[level].pop_back();
      std::swap((*reqs)[i].subcategory, (*reqs)[j].subcategory);
      out_focus[level].push_back(j);
      --have;
    }
    while (have < windows[w].focus) {  // move a focus request in
      bool moved = false;
      while (!in_other[w].empty() && !moved) {
        std::size_t i = in_other[w].back();
        in_other[w].pop_back();
        const int level = level_of_platform[(*reqs)[i].platform];
        if (out_focus[level].empty()) continue;
        std::size_t j = out_focus[level].back();
        out_focus[level].pop_back();
        std::swap((*reqs)[i].subcategory, (*reqs)[j].subcategory);
        moved = true;
      }
      if (!moved) {
        return Status::InvalidArgument("not enough requests of the holiday sub-category to fill the holidays; raise its weight");
      }
      ++have;
    }
  }
  return Status::OK();
}

std::vector<std::size_t> Pick(std::vector<std::size_t> from, std::int64_t n, SimRandom* rng) {
  rng->Shuffle(&from);
  from.resize(static_cast<std::size_t>(std::clamp<std::int64_t>(n, 0, static_cast<std::int64_t>(from.size()))));
  return from;
}

struct YearInput {
  int year = 0;
  std::int64_t received = 0, city = 0;
  std::int64_t first_contact_rate = 0, on_time_rate = 0, satisfaction_rate = 0;
  std::int64_t answered = -1;  // -1: from the rate
  std::vector<Window> windows;
};

class Planner {
 public:
  Planner(const Scenario& sc, const Config& config, double scale)
      : sc_(sc), config_(config), scale_(scale), flat_(Flatten(config.taxonomy)),
        offset_(config.sla.utc_offset.value_or(std::chrono::hours(8))), rng_(sc.seed) {}

  Result<SimulationPlan> Run();

 private:
  Status PlanYear(const YearInput& in, const LevelMix& city_mix, YearTargets* targets);

  const Scenario& sc_;
  const Config& config_;
  double scale_;
  Flat flat_;
  std::chrono::minutes offset_;
  SimRandom rng_;
  SimulationPlan plan_;
  std::uint32_t next_citizen_ = 0;
  std::uint32_t pool_ = 0;
};

Status Planner::PlanYear(const YearInput& in, const LevelMix& city_mix, YearTargets* t) {
  const Organisation& org = config_.organisation;
  t->year = in.year;
  t->received = in.received;
  t->city = in.city;
  t->county = in.received - in.city;
  auto answered = in.answered >= 0 ? Result<std::int64_t>(in.answered)
                                   : CountForRate(in.first_contact_rate, in.received, in.received * in.first_contact_rate / 10000.0);
  if (!answered.ok()) return answered.status();
  if (Percent2(*answered, in.received) != Percent2(in.first_contact_rate, 10000)) {
    return Status::InvalidArgument("answered " + std::to_string(*answered) + " of " + std::to_string(in.received) +
                                   " does not print as the first-contact rate");
  }
  t->answered = *answered;
  t->dispatched = in.received - t->answered;
  auto on_time = CountForRate(in.on_time_rate, t->dispatched, t->dispatched * in.on_time_rate / 10000.0);
  auto good = CountForRate(in.satisfaction_rate, t->dispatched, t->dispatched * in.satisfaction_rate / 10000.0);
  if (!on_time.ok()) return on_time.status();
  if (!good.ok()) return good.status();
  t->on_time = *on_time;
  t->late = t->dispatched - t->on_time;
  t->basically_satisfied = std::llround(static_cast<double>(*good) * sc_.shape.basically_satisfied);
  t->satisfied = *good - t->basically_satisfied;
  t->dissatisfied = t->dispatched - *good;

  // Platforms.
  std::size_t city_index = 0;
  std::vector<std::uint16_t> platform_labels;
  std::vector<std::size_t> counties;
  std::vector<double> county_weights;
  for (std::size_t p = 0; p < org.platforms().size(); ++p) {
    const Platform& pl = org.platforms()[p];
    if (pl.level == PlatformLevel::kCity) {
      city_index = p;
      continue;
    }
    auto it = sc_.shape.counties.find(pl.code);
    counties.push_back(p);
    county_weights.push_back(it == sc_.shape.counties.end() ? 0.0 : it->second);
  }
  platform_labels.assign(static_cast<std::size_t>(in.city), static_cast<std::uint16_t>(city_index));
  std::vector<std::int64_t> per_county = SplitByWeights(t->county, county_weights);
  for (std::size_t c = 0; c < counties.size(); ++c) {
    platform_labels.insert(platform_labels.end(), static_cast<std::size_t>(per_county[c]),
                           static_cast<std::uint16_t>(counties[c]));
  }
  rng_.Shuffle(&platform_labels);

  // Days and times.
  const HolidayCalendar* cal = config_.calendar.Find(in.year);
  std::vector<double> day_weights;
  const sys_days jan1 = sys_days(std::chrono::year(in.year) / 1 / 1);
  const sys_days dec31 = sys_days(std::chrono::year(in.year) / 12 / 31);
  for (sys_days d = jan1; d <= dec31; d += std::chrono::days(1)) {
    std::chrono::year_month_day ymd{d};
    const unsigned month = static_cast<unsigned>(ymd.month()) - 1;
    const unsigned weekday = (std::chrono::weekday(d).c_encoding() + 6) % 7;  // Monday = 0
    double w = sc_.shape.months[month] * sc_.shape.weekdays[weekday];
    if (cal && cal->HolidayOn(ymd)) w *= sc_.shape.holiday_volume;
    day_weights.push_back(w);
  }
  std::vector<std::int64_t> per_day = SplitByWeights(in.received, day_weights);
  std::vector<double> hour_cdf(24);
  std::partial_sum(sc_.shape.hours.begin(), sc_.shape.hours.end(), hour_cdf.begin());
  const std::size_t first = plan_.requests.size();
  std::size_t label = 0;
  for (std::size_t d = 0; d < per_day.size(); ++d) {
    const std::int64_t midnight = Midnight(jan1 + std::chrono::days(d), offset_);
    const std::size_t day_first = plan_.requests.size();
    for (std::int64_t k = 0; k < per_day[d]; ++k) {
      PlannedRequest r;
      const double u = rng_.Unit() * hour_cdf.back();
      const auto hour = static_cast<std::int64_t>(std::upper_bound(hour_cdf.begin(), hour_cdf.end(), u) - hour_cdf.begin());
      r.received_at = midnight + std::min<std::int64_t>(hour, 23) * 3600 + static_cast<std::int64_t>(rng_.Below(3600));
      r.platform = platform_labels[label++];
      r.text_seed = static_cast<std::uint32_t>(rng_.Next());
      plan_.requests.push_back(r);
    }
    std::sort(plan_.requests.begin() + static_cast<std::ptrdiff_t>(day_first), plan_.requests.end(),
              [](const PlannedRequest& a, const PlannedRequest& b) { return a.received_at < b.received_at; });
  }

  // Types and sub-categories per level.
  std::vector<std::uint8_t> level_of_platform(org.platforms().size());
  for (std::size_t p = 0; p < org.platforms().size(); ++p) {
    level_of_platform[p] = org.platforms()[p].level == PlatformLevel::kCity ? 0 : 1;
  }
  LevelMix county_mix = WeightedMix(sc_, config_, flat_, t->county, city_mix);
  for (int level = 0; level < 2; ++level) {
    const LevelMix& mix = level == 0 ? city_mix : county_mix;
    std::vector<std::uint8_t> types;
    std::vector<std::uint16_t> subs;
    for (std::size_t i = 0; i < mix.types.size(); ++i) types.insert(types.end(), static_cast<std::size_t>(mix.types[i]), static_cast<std::uint8_t>(i));
    for (std::size_t i = 0; i < mix.subs.size(); ++i) subs.insert(subs.end(), static_cast<std::size_t>(mix.subs[i]), static_cast<std::uint16_t>(i));
    rng_.Shuffle(&types);
    rng_.Shuffle(&subs);
    std::size_t k = 0;
    for (std::size_t i = first; i < plan_.requests.size(); ++i) {
      PlannedRequest& r = plan_.requests[i];
      if (level_of_platform[r.platform] != level) continue;
      if (k >= types.size() || k >= subs.size()) return Status::Corruption("simulator: level mix does not match the level's requests");
      r.type = types[k];
      r.subcategory = subs[k];
      ++k;
    }
  }
  auto focus = flat_.sub_index.find(sc_.targets.holiday_subcategory);
  if (focus == flat_.sub_index.end()) {
    return Status::InvalidArgument("scenario: targets.holiday_subcategory: no sub-category '" + sc_.targets.holiday_subcategory + "'");
  }
  if (Status s = FixWindows(&plan_.requests, first, in.windows, static_cast<std::uint16_t>(focus->second),
                            level_of_platform, offset_, &rng_); !s.ok()) {
    return s;
  }

  // Outcomes.
  std::vector<std::pair<double, std::size_t>> keys;
  for (std::size_t i = first; i < plan_.requests.size(); ++i) {
    auto it = sc_.shape.answered_propensity.find(flat_.types[plan_.requests[i].type]->key);
    const double w = it == sc_.shape.answered_propensity.end() ? 1.0 : std::max(it->second, 1e-9);
    keys.emplace_back(-std::log(1.0 - rng_.Unit()) / w, i);  // exponential race: weighted sampling
  }
  std::nth_element(keys.begin(), keys.begin() + t->answered, keys.end());
  std::vector<std::size_t> dispatched;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (static_cast<std::int64_t>(k) < t->answered) {
      plan_.requests[keys[k].second].flags |= PlannedRequest::kAnswered;
    } else {
      dispatched.push_back(keys[k].second);
    }
  }
  std::sort(dispatched.begin(), dispatched.end());
  for (std::size_t i : Pick(dispatched, t->on_time, &rng_)) plan_.requests[i].flags |= PlannedRequest::kOnTime;
  std::vector<std::size_t> by_rating = Pick(dispatched, t->dispatched, &rng_);
  std::vector<std::size_t> good_ones;
  for (std::size_t k = 0; k < by_rating.size(); ++k) {
    PlannedRequest& r = plan_.requests[by_rating[k]];
    const auto kk = static_cast<std::int64_t>(k);
    r.rating = kk < t->satisfied ? 1 : kk < t->satisfied + t->basically_satisfied ? 2 : 3;
    if (r.rating != 3) good_ones.push_back(by_rating[k]);
  }
  std::sort(good_ones.begin(), good_ones.end());
  const double d = static_cast<double>(t->dispatched);
  for (std::size_t i : Pick(good_ones, std::llround(d * sc_.shape.reopened), &rng_)) plan_.requests[i].flags |= PlannedRequest::kReopened;
  for (std::size_t i : Pick(dispatched, std::llround(d * sc_.shape.returned), &rng_)) plan_.requests[i].flags |= PlannedRequest::kReturned;
  std::vector<std::size_t> on_time_ones;
  for (std::size_t i : dispatched) {
    if (plan_.requests[i].has(PlannedRequest::kOnTime)) on_time_ones.push_back(i);
  }
  for (std::size_t i : Pick(on_time_ones, std::llround(d * sc_.shape.extended), &rng_)) plan_.requests[i].flags |= PlannedRequest::kExtended;

  // Channels and citizens.
  std::vector<double> channel_weights;
  for (const auto& [name, w] : sc_.shape.channels) channel_weights.push_back(w);
  std::vector<std::int64_t> per_channel = SplitByWeights(in.received, channel_weights);
  std::vector<std::uint8_t> channels;
  for (std::size_t c = 0; c < per_channel.size(); ++c) channels.insert(channels.end(), static_cast<std::size_t>(per_channel[c]), static_cast<std::uint8_t>(c));
  rng_.Shuffle(&channels);
  for (std::size_t i = first, k = 0; i < plan_.requests.size(); ++i, ++k) {
    PlannedRequest& r = plan_.requests[i];
    r.channel = channels[k];
    r.citizen = rng_.Unit() < sc_.shape.repeat_callers ? static_cast<std::uint32_t>(rng_.Below(pool_)) : next_citizen_++;
  }
  return Status::OK();
}

Result<SimulationPlan> Planner::Run() {
  plan_.scale = scale_;
  for (const auto& [name, w] : sc_.shape.channels) plan_.channels.push_back(name);
  for (const SubCategory* s : flat_.subs) plan_.subcategories.push_back(s->code);
  const std::int64_t received = std::llround(static_cast<double>(sc_.targets.received) * scale_);
  const std::int64_t city = std::llround(static_cast<double>(sc_.targets.city_platform) * scale_);
  if (received < 100) return Status::InvalidArgument("scale too small: fewer than 100 requests a year");
  // The year before: the total that prints the published growth.
  std::int64_t previous = std::llround(static_cast<double>(received) / (1.0 + static_cast<double>(sc_.targets.growth) / 10000.0));
  bool found = false;
  for (std::int64_t d = 0; d < 100000 && !found; ++d) {
    for (std::int64_t p : {previous + d, previous - d}) {
      if (!found && p > 0 && Percent2(received - p, p) == Percent2(sc_.targets.growth, 10000)) {
        previous = p;
        found = true;
      }
    }
  }
  if (!found) return Status::InvalidArgument("no previous-year total prints the published growth");
  pool_ = static_cast<std::uint32_t>(std::max<std::int64_t>(1, std::llround(static_cast<double>(received) * sc_.shape.repeat_callers / 20.0)));
  next_citizen_ = pool_;

  // Holiday windows of both years.
  const HolidayCalendar* now_cal = config_.calendar.Find(sc_.year);
  const HolidayCalendar* before_cal = config_.calendar.Find(sc_.year - 1);
  if (!now_cal || !before_cal) return Status::InvalidArgument("the configuration has no calendar for " + std::to_string(sc_.year - 1) + " or " + std::to_string(sc_.year));
  std::vector<Window> now_windows, before_windows;
  std::map<std::string, std::int64_t> before_focus, now_focus;
  for (const auto& [key, change] : sc_.targets.holiday_changes) {
    const Holiday* h = nullptr;
    for (const Holiday& x : now_cal->holidays) {
      if (x.key == key) h = &x;
    }
    if (!h) return Status::InvalidArgument("scenario: targets.holiday_changes." + key + ": no such holiday in " + std::to_string(sc_.year));
    std::vector<const Holiday*> before = SameHolidayBefore(*h, before_cal);
    if (before.empty()) return Status::InvalidArgument("scenario: targets.holiday_changes." + key + ": no matching holiday in " + std::to_string(sc_.year - 1));
    auto pair = PairForChange(change.change, change.previous * scale_);
    if (!pair.ok()) return pair.status();
    now_windows.push_back({sys_days(h->first), sys_days(h->last), pair->second});
    now_focus[key] = pair->second;
    std::vector<double> days;
    for (const Holiday* b : before) days.push_back(static_cast<double>((sys_days(b->last) - sys_days(b->first)).count() + 1));
    std::vector<std::int64_t> split = SplitByWeights(pair->first, days);
    for (std::size_t k = 0; k < before.size(); ++k) {
      before_windows.push_back({sys_days(before[k]->first), sys_days(before[k]->last), split[k]});
      before_focus[before[k]->key] = split[k];
    }
  }

  YearTargets now_targets;
  auto city_mix = PublishedCityMix(sc_, config_, flat_, scale_, city, &now_targets);
  if (!city_mix.ok()) return city_mix.status();
  YearTargets before_targets;
  const std::int64_t before_city = std::llround(static_cast<double>(previous) * static_cast<double>(city) / static_cast<double>(received));
  LevelMix before_city_mix = ProportionalMix(before_city, *city_mix);
  YearInput before_in{sc_.year - 1, previous, before_city, sc_.shape.previous_first_contact_rate,
                      sc_.shape.previous_on_time_rate, sc_.shape.previous_satisfaction_rate, -1, before_windows};
  if (Status s = PlanYear(before_in, before_city_mix, &before_targets); !s.ok()) return s;
  before_targets.holiday_focus = before_focus;
  for (std::size_t i = 0; i < flat_.types.size(); ++i) before_targets.types_city[flat_.types[i]->code] = before_city_mix.types[i];
  const std::int64_t answered = std::llround(static_cast<double>(sc_.targets.answered_first_contact) * scale_);
  auto answered_ok = CountForRate(sc_.targets.first_contact_rate, received, static_cast<double>(answered));
  if (!answered_ok.ok()) return answered_ok.status();
  YearInput now_in{sc_.year, received, city, sc_.targets.first_contact_rate, sc_.targets.on_time_rate,
                   sc_.targets.satisfaction_rate, *answered_ok, now_windows};
  if (Status s = PlanYear(now_in, *city_mix, &now_targets); !s.ok()) return s;
  now_targets.holiday_focus = now_focus;
  plan_.years = {before_targets, now_targets};
  return std::move(plan_);
}

json::object YearJson(const YearTargets& t) {
  auto map = [](const std::map<std::string, std::int64_t>& m) {
    json::object o;
    for (auto& [k, v] : m) o[k] = v;
    return o;
  };
  return {{"year", t.year}, {"received", t.received}, {"city", t.city}, {"county", t.county},
          {"answered_first_contact", t.answered}, {"dispatched", t.dispatched},
          {"resolved_on_time", t.on_time}, {"resolved_late", t.late}, {"satisfied", t.satisfied},
          {"basically_satisfied", t.basically_satisfied}, {"dissatisfied", t.dissatisfied},
          {"types_city", map(t.types_city)}, {"domains_city", map(t.domains_city)},
          {"subcategories_city", map(t.subcategories_city)}, {"holiday_focus", map(t.holiday_focus)}};
}

}  // namespace

json::object SimulationPlan::TargetsJson() const {
  json::array ys;
  for (const YearTargets& y : years) ys.push_back(YearJson(y));
  return {{"scale", scale}, {"requests", requests.size()}, {"years", ys}};
}

Result<SimulationPlan> PlanSimulation(const Scenario& scenario, const Config& config, double scale) {
  if (!(scale > 0) || scale > 10) return Status::InvalidArgument("--scale must be in (0, 10]");
  return Planner(scenario, config, scale).Run();
}

}  // namespace rexian::sim
