// Target solver and plan: integer counts that print as published; the same seed, the same plan.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "projections/statistics_report.h"
#include "sim/request_plan.h"
#include "sim/scenario.h"
#include "sim/target_solver.h"

namespace rexian::sim {
namespace {

const Config& Shipped() {
  static const Config config = [] {
    auto c = LoadConfig(std::string(REXIAN_SOURCE_DIR) + "/config/rexian.yaml");
    REQUIRE(c.ok());
    return std::move(c).value();
  }();
  return config;
}

const Scenario& Xuzhou() {
  static const Scenario scenario = [] {
    auto s = LoadScenario(std::string(REXIAN_SOURCE_DIR) + "/config/scenarios/xuzhou-2025.yaml");
    REQUIRE(s.ok());
    return std::move(s).value();
  }();
  return scenario;
}

TEST_CASE("counts for a rate print that rate", "[sim]") {
  auto [lo, hi] = CountsWithRate(7342, 3582700);
  REQUIRE(lo <= hi);
  for (std::int64_t k : {lo, hi}) CHECK(Percent2(k, 3582700) == "73.42");
  CHECK(Percent2(lo - 1, 3582700) != "73.42");
  CHECK(Percent2(hi + 1, 3582700) != "73.42");
  CHECK(CountForRate(7342, 3582700, 2630400).value() == 2630400);
  CHECK_FALSE(CountForRate(5000, 3, 1).ok());  // nothing out of 3 is 50.00%
}

TEST_CASE("apportioning keeps every published share and the total", "[sim]") {
  std::vector<Part> parts = {{"help", 4042, 8616, std::nullopt, std::nullopt},
                             {"consultation", 3874, 8256, std::nullopt, std::nullopt},
                             {"complaint", 1972, 4202, std::nullopt, std::nullopt},
                             {"suggestion", 53, 113, std::nullopt, std::nullopt},
                             {"other", 59, 126, std::nullopt, std::nullopt}};
  auto counts = Apportion(21314, parts);
  REQUIRE(counts.ok());
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    CHECK(Percent2((*counts)[i], 21314) == Percent2(*parts[i].share, 10000));
    sum += (*counts)[i];
  }
  CHECK(sum == 21314);
  // Shares that cannot add up are refused with the reason.
  auto bad = Apportion(100, {{"a", 6000, 60, std::nullopt, std::nullopt}, {"b", 6000, 60, std::nullopt, std::nullopt}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("cannot add up") != std::string::npos);
}

TEST_CASE("a year-on-year pair prints the published change", "[sim]") {
  for (std::int64_t change : {-1038, -3908, -4127, -4432, 893}) {
    auto pair = PairForChange(change, 20);
    REQUIRE(pair.ok());
    CHECK(Change2(pair->second, pair->first) == (change > 0 ? "+" : "") + Percent2(change, 10000));
  }
}

TEST_CASE("the full-scale plan prints every figure of DOMAIN.md", "[sim]") {
  auto plan = PlanSimulation(Xuzhou(), Shipped(), 1.0);
  REQUIRE(plan.ok());
  REQUIRE(plan->years.size() == 2);
  const YearTargets& y = plan->years[1];
  const YearTargets& prev = plan->years[0];
  CHECK(y.year == 2025);
  CHECK(Wan2(y.received) == "358.27");
  CHECK(Change2(y.received, prev.received) == "+8.93");
  CHECK(Wan2(y.city) == "213.14");
  CHECK(Wan2(y.county) == "145.13");
  CHECK(Wan2(y.answered) == "263.04");
  CHECK(Percent2(y.answered, y.received) == "73.42");
  CHECK(Wan2(y.dispatched) == "95.23");
  CHECK(Percent2(y.on_time, y.on_time + y.late) == "97.26");
  CHECK(Percent2(y.satisfied + y.basically_satisfied, y.dispatched) == "96.46");
  CHECK(Wan2(y.types_city.at("01")) == "86.16");
  CHECK(Percent2(y.types_city.at("01"), y.city) == "40.42");
  CHECK(Wan2(y.types_city.at("02")) == "82.56");
  CHECK(Percent2(y.types_city.at("02"), y.city) == "38.74");
  CHECK(Wan2(y.types_city.at("03")) == "42.02");
  CHECK(Percent2(y.types_city.at("03"), y.city) == "19.72");
  CHECK(Percent2(y.types_city.at("04"), y.city) == "0.53");
  CHECK(Percent2(y.types_city.at("05"), y.city) == "0.59");
  CHECK(Wan2(y.subcategories_city.at("0301")) == "14.46");
  CHECK(Percent2(y.subcategories_city.at("0301"), y.domains_city.at("03")) == "43.38");
  CHECK(Wan2(y.subcategories_city.at("0302")) == "7.70");
  CHECK(Percent2(y.subcategories_city.at("0302"), y.domains_city.at("03")) == "23.10");
  CHECK(Wan2(y.subcategories_city.at("0101")) == "4.26");
  CHECK(Percent2(y.subcategories_city.at("0101"), y.domains_city.at("01")) == "7.46");
  const std::int64_t big3 = y.domains_city.at("01") + y.domains_city.at("02") + y.domains_city.at("03");
  CHECK(big3 * 100 > y.city * 60);  // "together exceed 60%"
  CHECK(Change2(y.holiday_focus.at("spring_festival"), prev.holiday_focus.at("spring_festival")) == "-10.38");
  CHECK(Change2(y.holiday_focus.at("labour_day"), prev.holiday_focus.at("labour_day")) == "-39.08");
  CHECK(Change2(y.holiday_focus.at("dragon_boat"), prev.holiday_focus.at("dragon_boat")) == "-41.27");
  CHECK(Change2(y.holiday_focus.at("mid_autumn_national_day"),
                prev.holiday_focus.at("mid_autumn") + prev.holiday_focus.at("national_day")) == "-44.32");
  CHECK(plan->requests.size() == static_cast<std::size_t>(y.received + prev.received));
}

TEST_CASE("the same seed gives the same plan", "[sim]") {
  auto a = PlanSimulation(Xuzhou(), Shipped(), 0.01);
  auto b = PlanSimulation(Xuzhou(), Shipped(), 0.01);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->requests.size() == b->requests.size());
  bool same = true;
  for (std::size_t i = 0; i < a->requests.size(); ++i) {
    const PlannedRequest &x = a->requests[i], &z = b->requests[i];
    same = same && x.received_at == z.received_at && x.platform == z.platform && x.subcategory == z.subcategory &&
           x.type == z.type && x.flags == z.flags && x.rating == z.rating && x.citizen == z.citizen &&
           x.channel == z.channel && x.text_seed == z.text_seed;
  }
  CHECK(same);
  Scenario other = Xuzhou();
  other.seed += 1;
  auto c = PlanSimulation(other, Shipped(), 0.01);
  REQUIRE(c.ok());
  CHECK(c->requests[0].text_seed != a->requests[0].text_seed);
}

TEST_CASE("a scenario error names the file and the key", "[sim]") {
  const std::string dir = std::string(REXIAN_BINARY_DIR) + "/sim-scenario-test";
  std::filesystem::create_directories(dir);
  std::ifstream in(std::string(REXIAN_SOURCE_DIR) + "/config/scenarios/xuzhou-2025.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("share: \"40.42\""), 14, "share: \"40.4\"");
  std::ofstream(dir + "/bad.yaml") << text;
  std::filesystem::copy_file(std::string(REXIAN_SOURCE_DIR) + "/config/scenarios/texts-zh.yaml",
                             dir + "/texts-zh.yaml", std::filesystem::copy_options::overwrite_existing);
  auto s = LoadScenario(dir + "/bad.yaml");
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().find("bad.yaml: targets.types_city.help.share") != std::string::npos);
  CHECK(s.status().message().find("two decimals") != std::string::npos);
}

}  // namespace
}  // namespace rexian::sim
