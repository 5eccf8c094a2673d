// `rexian simulate` at 1% scale into a real LMDB log, then `rexian report`: the figures match the plan.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "app/app_fixture.h"
#include "domain/ticket_time.h"
#include "projections/statistics_report.h"

namespace rexian {
namespace {

using testing::Subprocess;
using testing::TempDir;
namespace json = boost::json;

int RunLong(const TempDir& logs, std::vector<std::string> args, std::string* out) {
  args.insert(args.begin(), testing::RexianBinary());
  Subprocess p(args, logs.path());
  const int code = p.Wait(std::chrono::seconds(900));
  *out = p.out();
  if (code != 0) UNSCOPED_INFO(p.err());
  return code;
}

std::int64_t Get(const json::object& o, const char* key) { return o.at(key).as_int64(); }

std::int64_t Row(const json::object& part, const char* breakdown, const std::string& code) {
  for (const json::value& v : part.at(breakdown).as_array()) {
    if (v.as_object().at("code").as_string() == code) return Get(v.as_object(), "count");
  }
  return 0;
}

TEST_CASE("simulate at 1% scale: the annual report prints the scaled targets exactly", "[sim]") {
  TempDir dir;
  const std::string config = testing::WriteTestConfig(dir.path(), testing::FreeLoopbackPort(), dir.sub("data"));
  const std::string scenario = std::string(REXIAN_SOURCE_DIR) + "/config/scenarios/xuzhou-2025.yaml";
  std::string out;
  REQUIRE(RunLong(dir, {"simulate", "--config", config, "--scenario", scenario, "--scale", "0.01",
                        "--targets-out", dir.sub("targets.json")}, &out) == 0);
  CHECK(out.find("simulated 68717 requests") != std::string::npos);
  std::ifstream t(dir.sub("targets.json"));
  std::stringstream targets_text;
  targets_text << t.rdbuf();
  const json::object targets = json::parse(targets_text.str()).as_object();
  const json::object& y = targets.at("years").as_array()[1].as_object();
  const json::object& prev = targets.at("years").as_array()[0].as_object();

  REQUIRE(RunLong(dir, {"report", "--config", config, "--year", "2025", "--format", "json"}, &out) == 0);
  const json::object report = json::parse(out).as_object();
  const json::object& whole = report.at("whole_city").as_object();
  const json::object& city = report.at("city_platform").as_object();
  const json::object& f = whole.at("figures").as_object();
  CHECK(Get(f, "received") == Get(y, "received"));
  CHECK(Get(whole.at("yoy").as_object().at("figures").as_object(), "received") == Get(prev, "received"));
  CHECK(Row(whole, "by_level", "city") == Get(y, "city"));
  CHECK(Row(whole, "by_level", "county") == Get(y, "county"));
  CHECK(Get(f, "answered_first_contact") == Get(y, "answered_first_contact"));
  CHECK(Get(f, "dispatched") == Get(y, "dispatched"));
  CHECK(Get(f, "resolved_on_time") == Get(y, "resolved_on_time"));
  CHECK(Get(f, "resolved_late") == Get(y, "resolved_late"));
  CHECK(Get(f, "satisfied") == Get(y, "satisfied"));
  CHECK(Get(f, "basically_satisfied") == Get(y, "basically_satisfied"));
  CHECK(Get(f, "dissatisfied") == Get(y, "dissatisfied"));
  CHECK(Get(f, "open") == 0);
  for (const auto& [code, count] : y.at("types_city").as_object()) {
    CHECK(Row(city, "by_type", std::string(code)) == count.as_int64());
  }
  for (const auto& [code, count] : y.at("domains_city").as_object()) {
    CHECK(Row(city, "by_domain", std::string(code)) == count.as_int64());
  }
  for (const auto& [code, count] : y.at("subcategories_city").as_object()) {
    CHECK(Row(city, "by_subcategory", std::string(code)) == count.as_int64());
  }
  for (const json::value& h : whole.at("holidays").as_array()) {
    const json::object& row = h.as_object();
    const std::string key(row.at("key").as_string());
    if (!y.at("holiday_focus").as_object().contains(key)) continue;
    CHECK(Get(row, "subcategory_received") == Get(y.at("holiday_focus").as_object(), key.c_str()));
  }

  // The published figures, as the city prints them (rates survive scaling).
  REQUIRE(RunLong(dir, {"report", "--config", config, "--year", "2025"}, &out) == 0);
  for (const char* figure : {"+8.93% on 2024", "rate 73.42%", "| 97.26% |", "| 96.46% |", "| 40.42% |",
                             "| 38.74% |", "| 19.72% |", "| 0.53% |", "| 0.59% |", "| 43.38% |", "| 23.10% |",
                             "| 7.46% |", "-10.38%", "-39.08%", "-41.27%", "-44.32%"}) {
    CAPTURE(figure);
    CHECK(out.find(figure) != std::string::npos);
  }
  REQUIRE(RunLong(dir, {"report", "--config", config, "--year", "2025", "--format", "html"}, &out) == 0);
  CHECK(out.find("<svg") != std::string::npos);
  // Nothing to fetch: no scripts, stylesheets or images from elsewhere.
  for (const char* remote : {"<script", "<link", "src=", "url("}) CHECK(out.find(remote) == std::string::npos);

  // Views are disposable: rebuilt from the log, the report is the same.
  REQUIRE(RunLong(dir, {"report", "--config", config, "--year", "2025", "--format", "json"}, &out) == 0);
  const std::string before = out;
  REQUIRE(RunLong(dir, {"rebuild", "--config", config}, &out) == 0);
  REQUIRE(RunLong(dir, {"report", "--config", config, "--year", "2025", "--format", "json"}, &out) == 0);
  CHECK(out == before);
  REQUIRE(RunLong(dir, {"verify", "--config", config}, &out) == 0);

  // Business time runs forward within each ticket, from its receipt (+30 s).
  REQUIRE(RunLong(dir, {"export", "--config", config, "--output", dir.sub("log.jsonl")}, &out) == 0);
  std::ifstream exported(dir.sub("log.jsonl"));
  std::map<std::string, std::string> last_time;  // stream -> occurred_at of its latest event
  std::size_t opened = 0, backwards = 0, late_opening = 0;
  for (std::string line; std::getline(exported, line);) {
    const json::object e = json::parse(line).as_object();  // metadata and payload as text
    const std::string stream(e.at("stream_id").as_string());
    const json::object metadata = json::parse(e.at("metadata").as_string()).as_object();
    const std::string at(metadata.at("occurred_at").as_string());
    if (e.at("type").as_string() == "ticket.opened") {
      ++opened;
      const json::value payload = json::parse(e.at("payload").as_string());
      const std::string received(payload.at("contact").at("received_at").as_string());
      const auto taken = ticket::ParseTime(at), arrived = ticket::ParseTime(received);
      if (!taken || !arrived || *taken - *arrived != std::chrono::seconds(30)) ++late_opening;
    }
    auto [it, fresh] = last_time.emplace(stream, at);
    if (!fresh && at < it->second) ++backwards;  // same offset everywhere: text order is time order
    it->second = at;
  }
  CHECK(opened == 68717);
  CHECK(late_opening == 0);
  CHECK(backwards == 0);
}

}  // namespace
}  // namespace rexian
