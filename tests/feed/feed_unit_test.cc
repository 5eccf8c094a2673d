// The feed's pure parts: masking, query parsing, the overdue-spike detector, the config section.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <fstream>

#include "feed/feed_filter.h"
#include "feed/operations_feed.h"
#include "feed/overdue_spike_detector.h"
#include "feed/pii_masking.h"
#include "rexian/config.h"
#include "support/temp_dir.h"

namespace rexian::feed {
namespace {

namespace json = boost::json;

TEST_CASE("phones keep their first 3 and last 4 digits, names their first character", "[feed]") {
  CHECK(MaskPhone("13812341234") == "138****1234");
  CHECK(MaskPhone("+86 138-1234-5678") == "138****5678");
  CHECK(MaskPhone("008613812345678") == "138****5678");
  CHECK(MaskPhone("0516-8380000") == "051****0000");
  CHECK(MaskPhone("12345") == "****");
  CHECK(MaskName("张三丰") == "张*");
  CHECK(MaskName("Li Lei") == "L*");
  CHECK(MaskName("") == "*");
}

TEST_CASE("sealed fields are masked by kind, unsealed ones copied, forgotten ones stay redacted",
          "[feed]") {
  json::value sealed = json::parse(R"({"number":"T-1","citizen":{"name":{"$pii":{}},
      "phone":{"$pii":{}},"email":{"$pii":{}}},"text":{"$pii":{}},
      "attachments":[{"kind":"image","name":{"$pii":{}}}],"location":{"lat":{"$pii":{}}}})");
  json::value revealed = json::parse(R"({"number":"T-1","citizen":{"name":"王小明",
      "phone":"13900001111","email":"a@b.cn"},"text":"call 13900001111",
      "attachments":[{"kind":"image","name":"me.jpg"}],"location":{"lat":34.2}})");
  json::value masked = MaskSealedFields(sealed, revealed);
  CHECK(json::serialize(masked) ==
        R"({"number":"T-1","citizen":{"name":"王*","phone":"139****1111","email":"[masked]"},)"
        R"("text":"[masked]","attachments":[{"kind":"image","name":"[masked]"}],)"
        R"("location":{"lat":"[masked]"}})");
  json::value forgotten = json::parse(R"({"citizen":{"phone":"[redacted]"}})");
  json::value sealed_phone = json::parse(R"({"citizen":{"phone":{"$pii":{}}}})");
  CHECK(json::serialize(MaskSealedFields(sealed_phone, forgotten)) ==
        R"({"citizen":{"phone":"[redacted]"}})");
}

HttpRequest WithQuery(std::string query) {
  HttpRequest request;
  request.query = std::move(query);
  return request;
}

TEST_CASE("the feed query: lists, prefixes, from, flags and errors", "[feed]") {
  auto q = ParseFeedQuery(WithQuery(
      "type=ticket.,contact.quarantined&level=county&platform=320311&department=3203-019"
      "&domain=transport&channel=wechat,web&from=42&stats=0&access_token=x"));
  REQUIRE(q.ok());
  CHECK(q->filter.types == std::vector<std::string>{"ticket.", "contact.quarantined"});
  CHECK(q->filter.channels == std::vector<std::string>{"wechat", "web"});
  CHECK_FALSE(q->from_now);
  CHECK(q->from_position == 42);
  CHECK_FALSE(q->stats);
  CHECK(q->alerts);

  auto now = ParseFeedQuery(WithQuery(""));
  REQUIRE(now.ok());
  CHECK(now->from_now);
  CHECK(now->stats);

  CHECK(ParseFeedQuery(WithQuery("from=-1")).status().IsInvalidArgument());
  CHECK(ParseFeedQuery(WithQuery("from=12x")).status().IsInvalidArgument());
  CHECK(ParseFeedQuery(WithQuery("level=province")).status().IsInvalidArgument());
  CHECK(ParseFeedQuery(WithQuery("stats=maybe")).status().IsInvalidArgument());
  CHECK(ParseFeedQuery(WithQuery("tpye=ticket.")).status().IsInvalidArgument());

  FeedFilter filter = q->filter;
  std::vector<std::string> departments{"3203-019"};
  FilterSubject subject{"ticket.resolved", "wechat", "county", "320311", "transport", &departments};
  CHECK(filter.Matches(subject));
  subject.type = "contact.released";
  CHECK_FALSE(filter.Matches(subject));
  subject.type = "contact.quarantined";
  CHECK(filter.Matches(subject));
  subject.level = "";  // unknown never matches a set filter
  CHECK_FALSE(filter.Matches(subject));
  FeedFilter star;
  star.types = {"ticket.*"};
  CHECK(star.Matches(FilterSubject{"ticket.opened", "", "", "", "", nullptr}));
  CHECK_FALSE(star.Matches(FilterSubject{"alert.raised", "", "", "", "", nullptr}));
}

TEST_CASE("an overdue spike is raised once until the count falls back", "[feed]") {
  OverdueSpikeDetector detector(std::chrono::seconds(60), 3);
  const std::int64_t s = 1'000'000;
  CHECK_FALSE(detector.Observe("3203", 1 * s));
  CHECK_FALSE(detector.Observe("3203", 2 * s));
  CHECK_FALSE(detector.Observe("3203", 3 * s));
  CHECK_FALSE(detector.Observe("320311", 3 * s));  // other platforms count apart
  auto spike = detector.Observe("3203", 4 * s);
  REQUIRE(spike);
  CHECK(spike->count == 4);
  CHECK(spike->window_start_us == 1 * s);
  CHECK_FALSE(detector.Observe("3203", 5 * s));  // still the same spike
  detector.Expire(63 * s);                        // only 4 s and 5 s remain: re-armed
  CHECK_FALSE(detector.Observe("3203", 64 * s));      // 5 s and 64 s in the window
  CHECK_FALSE(detector.Observe("3203", 64 * s + 1));  // 3: re-armed, not above
  CHECK(detector.Observe("3203", 64 * s + 2));        // 4: a second spike
  OverdueSpikeDetector off(std::chrono::seconds(60), 0);
  for (int i = 0; i < 100; ++i) CHECK_FALSE(off.Observe("3203", i * s));
}

TEST_CASE("the feed section of the configuration", "[feed]") {
  testing::TempDir dir;
  auto write = [&](const std::string& feed_section) {
    std::string path = dir.sub("rexian.yaml");
    std::ofstream f(path);
    f << "include:\n";
    for (const char* part : {"organisation.yaml", "taxonomy.yaml", "calendars/2024.yaml",
                             "calendars/2025.yaml", "calendars/2026.yaml", "users.yaml"}) {
      f << "  - " << REXIAN_SOURCE_DIR << "/config/" << part << "\n";
    }
    f << feed_section;
    return path;
  };
  auto defaults = LoadConfig(write(""));
  REQUIRE(defaults.ok());
  CHECK(defaults->feed.heartbeat_seconds == 15);
  CHECK(defaults->feed.write_coalesce_ms == 20);
  CHECK(FeedOptionsFrom(defaults->feed).write_coalesce == std::chrono::milliseconds(20));
  CHECK(FeedOptionsFrom(defaults->feed).socket_send_buffer_bytes == 256 * 1024);
  auto set = LoadConfig(write("feed:\n  heartbeat_seconds: 5\n  max_queued_messages: 500\n"
                              "  max_queued_bytes: 1048576\n  alert_window_seconds: 300\n"
                              "  overdue_spike_threshold: 20\n  write_coalesce_ms: 0\n"
                              "  socket_send_buffer_bytes: 0\n"));
  INFO(set.status().ToString());
  REQUIRE(set.ok());
  CHECK(set->feed.heartbeat_seconds == 5);
  CHECK(set->feed.max_queued_messages == 500);
  CHECK(set->feed.max_queued_bytes == 1048576);
  CHECK(set->feed.alert_window_seconds == 300);
  CHECK(set->feed.overdue_spike_threshold == 20);
  CHECK(set->feed.write_coalesce_ms == 0);
  CHECK(FeedOptionsFrom(set->feed).write_coalesce == std::chrono::milliseconds(0));
  CHECK(FeedOptionsFrom(set->feed).socket_send_buffer_bytes == 0);
  auto bad = LoadConfig(
      write("feed:\n  heartbeat_seconds: 0\n  max_queue: 3\n  write_coalesce_ms: 1001\n"
            "  socket_send_buffer_bytes: 100\n"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("feed.heartbeat_seconds") != std::string::npos);
  CHECK(bad.status().message().find("max_queue") != std::string::npos);
  CHECK(bad.status().message().find("feed.write_coalesce_ms") != std::string::npos);
  CHECK(bad.status().message().find("feed.socket_send_buffer_bytes") != std::string::npos);
  CHECK(bad.status().message().find("at least 4096, got 100") != std::string::npos);
}

}  // namespace
}  // namespace rexian::feed
