// The operations feed end to end: a real LMDB log, HttpServer and WebSocket clients on 127.0.0.1.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "feed/feed_fixture.h"
#include "rexian/metrics.h"
#include "server/http_client.h"

namespace rexian::testing {
namespace {

// Event positions received until a heartbeat or event reports `last` (bounded by `timeout`).
std::vector<std::uint64_t> EventPositionsUntil(FeedClient& client, std::uint64_t last,
                                               std::chrono::milliseconds timeout,
                                               std::vector<json::object>* events = nullptr) {
  std::vector<std::uint64_t> positions;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = client.Next(std::chrono::milliseconds(200));
    if (!text) {
      if (client.closed()) break;
      continue;
    }
    json::object m = json::parse(*text).as_object();
    std::string_view type = m.at("type").as_string();
    std::uint64_t position = m.contains("position") ? m.at("position").to_number<std::uint64_t>() : 0;
    if (type == "event" || type == "alert") {
      positions.push_back(position);
      if (events) events->push_back(m);
    }
    if ((type == "event" || type == "heartbeat" || type == "alert") && position >= last) break;
  }
  return positions;
}

feed::FeedOptions FastOptions() {
  feed::FeedOptions options;
  options.heartbeat_interval = std::chrono::seconds(1);
  options.tick_interval = std::chrono::milliseconds(100);
  return options;
}

TEST_CASE("the feed refuses missing or bad tokens, other roles and bad queries at the upgrade",
          "[feed]") {
  FeedServer server;
  UpgradeRefusal refusal;
  CHECK(FeedClient::Connect(server.port(), "/v1/feed", {}, &refusal) == nullptr);
  CHECK(refusal.status == 401);
  CHECK(refusal.content_type == "application/problem+json");
  CHECK(refusal.body.find("unauthenticated") != std::string::npos);

  CHECK(FeedClient::Connect(server.port(), "/v1/feed", {{"Authorization", "Bearer wrong"}},
                            &refusal) == nullptr);
  CHECK(refusal.status == 401);
  CHECK(FeedClient::Connect(server.port(), "/v1/feed?access_token=wrong", {}, &refusal) ==
        nullptr);
  CHECK(refusal.status == 401);

  CHECK(FeedClient::Connect(server.port(), "/v1/feed",
                            {{"Authorization", std::string("Bearer ") + kAgentToken}},
                            &refusal) == nullptr);
  CHECK(refusal.status == 403);
  CHECK(refusal.content_type == "application/problem+json");
  CHECK(refusal.body.find("forbidden") != std::string::npos);

  CHECK(FeedClient::Connect(server.port(), "/v1/feed?from=yesterday",
                            {{"Authorization", std::string("Bearer ") + kOperatorToken}},
                            &refusal) == nullptr);
  CHECK(refusal.status == 400);

  // A plain GET on the WebSocket path: 426.
  HttpClient http("127.0.0.1", server.port());
  auto plain = http.Request("GET", "/v1/feed", "", {{"Authorization", std::string("Bearer ") + kOperatorToken}});
  CHECK(plain.status == 426);

  // The token in the query, as browsers must send it.
  auto client = FeedClient::Connect(server.port(),
                                    std::string("/v1/feed?access_token=") + kOperatorToken, {},
                                    &refusal);
  REQUIRE(client != nullptr);
  json::object hello = NextOfType(*client, "hello");
  CHECK(hello.at("role").as_string() == "operator");
  CHECK(hello.at("pii").as_string() == "masked");
}

TEST_CASE("an operator never gets a phone number, a supervisor with personal data does",
          "[feed]") {
  FeedServer server;
  auto op = server.Connect("", kOperatorToken);
  auto sup = server.Connect("", kSupervisorToken);
  NextOfType(*op, "hello");
  CHECK(NextOfType(*sup, "hello").at("pii").as_string() == "plaintext");
  server.Open("T-0001", "13812345678", "张三丰");
  server.Open("T-0002", "+86 139-0000-1111", "Li Lei");

  for (const char* phone : {"13812345678", "139-0000-1111"}) {
    auto text = op->Next();
    REQUIRE(text);
    INFO(*text);
    CHECK(text->find(phone) == std::string::npos);
    CHECK(text->find("12345678") == std::string::npos);
    json::object m = json::parse(*text).as_object();
    const json::object& payload = m.at("payload").as_object();
    const json::object& citizen = payload.at("citizen").as_object();
    if (std::string(phone) == "13812345678") {
      CHECK(citizen.at("phone").as_string() == "138****5678");
      CHECK(citizen.at("name").as_string() == "张*");
    } else {
      CHECK(citizen.at("phone").as_string() == "139****1111");
      CHECK(citizen.at("name").as_string() == "L*");
    }
    CHECK(payload.at("text").as_string() == "[masked]");
    CHECK(payload.at("number").as_string().starts_with("T-000"));
  }
  json::object full = NextOfType(*sup, "event");
  CHECK(full.at("payload").at("citizen").at("phone").as_string() == "13812345678");
  CHECK(full.at("payload").at("citizen").at("name").as_string() == "张三丰");

  // The same holds for a catch-up from the start of the log.
  auto late = server.Connect("?from=0", kOperatorToken);
  std::vector<json::object> events;
  EventPositionsUntil(*late, 2, std::chrono::seconds(5), &events);
  REQUIRE(events.size() == 2);
  for (const auto& e : events) {
    std::string text = json::serialize(e);
    CHECK(text.find("13812345678") == std::string::npos);
    CHECK(text.find("139-0000-1111") == std::string::npos);
  }
}

TEST_CASE("filters: type prefix, level and platform, department, domain, channel", "[feed]") {
  FeedServer server(FastOptions());
  auto prefix = server.Connect("?type=ticket.overdue", kOperatorToken);
  auto county = server.Connect("?level=county", kOperatorToken);
  auto platform = server.Connect("?platform=320311&type=ticket.", kOperatorToken);
  auto department = server.Connect("?department=3203-020", kOperatorToken);
  auto domain = server.Connect("?domain=health", kOperatorToken);
  auto channel = server.Connect("?channel=wechat,web", kOperatorToken);
  for (auto* c : {prefix.get(), county.get(), platform.get(), department.get(), domain.get(),
                  channel.get()}) {
    NextOfType(*c, "hello");
  }
  std::uint64_t city = server.Open("T-0101", "13800000001", "甲", "city", "3203", "phone", "transport");
  std::uint64_t gulou = server.Open("T-0102", "13800000002", "乙", "county", "320302", "wechat", "health");
  std::uint64_t tongshan = server.Open("T-0103", "13800000003", "丙", "county", "320311", "web", "transport");
  // ticket.overdue carries neither level nor platform: the feed's index supplies them.
  std::uint64_t overdue_city = server.Overdue("T-0101", "3203-019");
  std::uint64_t overdue_tongshan = server.Overdue("T-0103", "3203-020");
  std::uint64_t last = overdue_tongshan;
  auto wait = std::chrono::seconds(5);

  CHECK(EventPositionsUntil(*prefix, last, wait) ==
        std::vector<std::uint64_t>{overdue_city, overdue_tongshan});
  CHECK(EventPositionsUntil(*county, last, wait) ==
        std::vector<std::uint64_t>{gulou, tongshan, overdue_tongshan});
  CHECK(EventPositionsUntil(*platform, last, wait) ==
        std::vector<std::uint64_t>{tongshan, overdue_tongshan});
  CHECK(EventPositionsUntil(*department, last, wait) == std::vector<std::uint64_t>{overdue_tongshan});
  CHECK(EventPositionsUntil(*domain, last, wait) == std::vector<std::uint64_t>{gulou});
  CHECK(EventPositionsUntil(*channel, last, wait) ==
        std::vector<std::uint64_t>{gulou, tongshan, overdue_tongshan});
  (void)city;
}

TEST_CASE("a client that reconnects with from=<last position> misses nothing and gets nothing twice",
          "[feed]") {
  FeedServer server(FastOptions());
  auto first = server.Connect("", kOperatorToken);
  std::uint64_t start = NextOfType(*first, "hello").at("position").to_number<std::uint64_t>();

  constexpr int kEvents = 400;
  std::atomic<std::uint64_t> last_appended{0};
  std::thread appender([&] {
    for (int i = 0; i < kEvents; ++i) {
      char number[16];
      std::snprintf(number, sizeof number, "R-%04d", i);
      last_appended = server.Open(number);
      if (i % 20 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });

  std::vector<std::uint64_t> received;
  // Read part of the stream, then drop the connection mid-flight.
  while (received.size() < 60) {
    auto text = first->Next();
    REQUIRE(text);
    json::object m = json::parse(*text).as_object();
    if (m.at("type").as_string() == "event") received.push_back(m.at("position").to_number<std::uint64_t>());
  }
  first.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // appends go on meanwhile
  auto second = server.Connect("?from=" + std::to_string(received.back()), kOperatorToken);
  CHECK(NextOfType(*second, "hello").at("position").to_number<std::uint64_t>() == received.back());
  appender.join();
  std::uint64_t end = last_appended.load();
  for (std::uint64_t p : EventPositionsUntil(*second, end, std::chrono::seconds(20))) received.push_back(p);

  REQUIRE(received.size() == end - start);
  for (std::size_t i = 0; i < received.size(); ++i) {
    INFO("index " << i);
    REQUIRE(received[i] == start + 1 + i);
  }
}

TEST_CASE("a stalled client is dropped with a reason while another keeps receiving everything",
          "[feed]") {
  feed::FeedOptions options = FastOptions();
  // Room for ~500 of the 8 KB events below: a healthy reader on a busy machine
  // keeps up, a stalled one fills it after its kernel buffers (a few MB).
  options.max_queued_messages = 1000;
  options.max_queued_bytes = 4 << 20;
  options.heartbeat_interval = std::chrono::seconds(60);
  options.close_timeout = std::chrono::seconds(60);  // time for the test to read the farewell
  FeedServer server(options);
  auto healthy = server.Connect("?stats=0", kSupervisorToken);
  auto stalled = server.Connect("?stats=0", kSupervisorToken, 4096);
  std::uint64_t start = NextOfType(*healthy, "hello").at("position").to_number<std::uint64_t>();
  NextOfType(*stalled, "hello");
  stalled->Pause();

  // Big plaintext notes (the supervisor sees them whole) fill the kernel buffers quickly.
  const std::string note(8000, 'x');
  std::uint64_t end = 0;
  for (int batch = 0; batch < 600 && server.feed()->stats().clients_dropped == 0; ++batch) {
    AppendRequest request;
    request.stream_id = "test-stall";
    for (int i = 0; i < 20; ++i) {
      request.events.push_back(NewEvent{
          "", "test.recorded", 1,
          R"({"actor":{"user":"bench","role":"system"},"occurred_at":"2025-05-06T10:00:00+08:00","citizen":"c-stall"})",
          json::serialize(json::object{{"n", batch * 20 + i}, {"note", note}})});
    }
    AppendResult result = server.log()->Append(std::move(request));
    REQUIRE(result.status.ok());
    end = result.last_position;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Wait for the tail to process the last batch.
  for (int i = 0; i < 200 && server.feed()->stats().position < end; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(server.feed()->stats().clients_dropped == 1);

  // The healthy client got every event, in order.
  std::vector<std::uint64_t> got = EventPositionsUntil(*healthy, end, std::chrono::seconds(20));
  REQUIRE(got.size() == end - start);
  CHECK(got.front() == start + 1);
  CHECK(got.back() == end);
  CHECK_FALSE(healthy->closed());

  // The stalled client, reading again, finds what was in flight, then the reason and the close.
  stalled->Resume();
  std::uint64_t last_event = start;
  std::optional<json::object> dropped;
  for (int i = 0; i < 20000; ++i) {
    auto text = stalled->Next(std::chrono::seconds(5));
    if (!text) break;
    json::object m = json::parse(*text).as_object();
    if (m.at("type").as_string() == "event") last_event = m.at("position").to_number<std::uint64_t>();
    if (m.at("type").as_string() == "dropped") dropped = m;
  }
  REQUIRE(dropped);
  CHECK(dropped->at("reason").as_string().find("fell behind") != std::string::npos);
  CHECK(dropped->at("resume_from").to_number<std::uint64_t>() == last_event);
  CHECK(stalled->closed());
  CHECK(stalled->close_code() == 4000);
  CHECK_FALSE(stalled->close_reason().empty());

  // And it resumes from there with no gap.
  auto resumed = server.Connect("?stats=0&from=" + std::to_string(last_event), kSupervisorToken);
  std::vector<std::uint64_t> rest = EventPositionsUntil(*resumed, end, std::chrono::seconds(20));
  REQUIRE(rest.size() == end - last_event);
  CHECK(rest.front() == last_event + 1);
  CHECK(rest.back() == end);
}

TEST_CASE("an overdue spike raises one alert, in the log and on the feed", "[feed]") {
  feed::FeedOptions options = FastOptions();
  options.overdue_spike_threshold = 3;
  options.alert_window = std::chrono::seconds(600);
  FeedServer server(options);
  auto watcher = server.Connect("?type=ticket.opened", kOperatorToken);  // alerts pass type filters
  auto other_platform = server.Connect("?platform=320311", kOperatorToken);
  NextOfType(*watcher, "hello");
  NextOfType(*other_platform, "hello");
  server.Open("T-0201");
  for (int i = 0; i < 6; ++i) server.Overdue("T-0201");
  json::object alert = NextOfType(*watcher, "alert");
  CHECK(alert.at("kind").as_string() == "overdue_spike");
  CHECK(alert.at("platform").as_string() == "3203");
  CHECK(alert.at("level").as_string() == "city");
  CHECK(alert.at("count").to_number<int>() == 4);
  CHECK(alert.at("threshold").to_number<int>() == 3);
  CHECK(alert.at("alert_id").as_string().starts_with("alert-overdue_spike-3203-"));

  std::uint64_t marker = server.Open("T-0202");
  std::vector<json::object> later;
  EventPositionsUntil(*watcher, marker, std::chrono::seconds(5), &later);
  for (const auto& m : later) CHECK(m.at("type").as_string() != "alert");  // only one
  std::size_t alerts_in_log = 0;
  REQUIRE(server.log()->store()->ReadAll(1, 1000, [&](const RecordedEvent& e) {
    if (e.type == "alert.raised") ++alerts_in_log;
    return true;
  }).ok());
  CHECK(alerts_in_log == 1);
  CHECK(server.feed()->stats().alerts_raised == 1);
  // A client filtering another platform gets no alert of this one.
  EventPositionsUntil(*other_platform, marker, std::chrono::seconds(3), &later);
  for (const auto& m : later) CHECK(m.at("type").as_string() != "alert");
}

TEST_CASE("statistics ticks and heartbeats", "[feed]") {
  feed::FeedOptions options = FastOptions();
  options.tick_interval = std::chrono::milliseconds(200);
  options.stats_tick = [] { return std::string(R"({"received_today":42})"); };
  FeedServer server(options);
  auto with_stats = server.Connect("", kOperatorToken);
  auto without = server.Connect("?stats=0", kOperatorToken);
  json::object stats = NextOfType(*with_stats, "stats");
  CHECK(stats.at("stats").at("received_today").to_number<int>() == 42);
  CHECK(stats.at("at").as_string().ends_with("Z"));
  NextOfType(*without, "hello");
  json::object heartbeat = NextOfType(*without, "heartbeat", std::chrono::seconds(3));
  CHECK(heartbeat.at("position").to_number<std::uint64_t>() == 0);
  // Nothing but hello and heartbeats reached the client that turned statistics off.
  for (int i = 0; i < 5; ++i) {
    auto text = without->Next(std::chrono::milliseconds(300));
    if (text) CHECK(json::parse(*text).at("type").as_string() == "heartbeat");
  }
  CHECK(server.feed()->stats().clients_connected == 2);
  MetricsRegistry metrics;
  server.feed()->ExportMetrics(&metrics);
  std::string text = metrics.Render();
  CHECK(text.find("rexian_feed_clients_connected 2\n") != std::string::npos);
  CHECK(text.find("rexian_feed_clients_dropped_total 0\n") != std::string::npos);
  CHECK(text.find("rexian_feed_messages_sent_total ") != std::string::npos);
}

}  // namespace
}  // namespace rexian::testing
