// The connectors against local comment servers replaying recorded sessions:
// the WebSocket JSON feed and Bilibili's TCP packet stream, with malformed
// and compressed packets and dropped connections.
#include <catch2/catch.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "comment_server.h"
#include "livestream/feed_connector.h"

namespace rexian::live {
namespace {

using testing::ReplayServer;

// Collects what a connector reports.
struct Collected {
  std::mutex mutex;
  std::vector<Comment> comments;
  std::map<std::string, int> counts;
  std::vector<std::string> log;

  ConnectorSinks Sinks() {
    ConnectorSinks s;
    s.comment = [this](Comment c) {
      std::lock_guard lock(mutex);
      comments.push_back(std::move(c));
    };
    s.log = [this](rexian_log_level, const std::string& m) {
      std::lock_guard lock(mutex);
      log.push_back(m);
    };
    s.count = [this](const char* name, const char*) {
      std::lock_guard lock(mutex);
      ++counts[name];
    };
    return s;
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return comments.size();
  }
};

ConnectorSettings Fast() {
  ConnectorSettings s;
  s.heartbeat = std::chrono::milliseconds(200);
  s.reconnect_min = std::chrono::milliseconds(50);
  s.reconnect_max = std::chrono::milliseconds(400);
  return s;
}

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 200; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return done();
}

const std::string kSessions = std::string(REXIAN_SOURCE_DIR) + "/tests/plugins/livestream/sessions/";

TEST_CASE("the WebSocket JSON feed: comments in order, a broken message skipped, a reconnect", "[plugins][livestream]") {
  ReplayServer server(ReplayServer::Mode::kWebSocketText, testing::LoadJsonSession(kSessions + "json_feed.jsonl"));
  Collected got;
  FeedConfig feed{"json-main", "json", "ws://127.0.0.1:" + std::to_string(server.port()) + "/comments", 0, 0, ""};
  FeedConnector connector(feed, Fast(), got.Sinks());
  connector.Start();
  REQUIRE(WaitFor([&] { return got.size() == 8; }));
  connector.Stop();
  CHECK(server.connections() == 2);  // the recording drops the connection once
  CHECK(got.counts["malformed_packets"] == 1);
  CHECK(got.counts["feed_disconnects"] == 1);
  CHECK(got.comments[0].uid == "1001");
  CHECK(got.comments[0].uname == "观众一");
  CHECK(got.comments[0].platform_id == "m1");
  CHECK(got.comments[0].ts_ms == 1764230400000);
  CHECK(got.comments[2].uid == "1003");           // a numeric uid
  CHECK(got.comments[2].ts_ms == 1764230402000);  // milliseconds kept
  CHECK(got.comments[4].text == "泉山区矿大南门附近的下水道堵了，污水漫到路上了");
  CHECK(got.comments[5].uname.empty());
}

TEST_CASE("the Bilibili TCP feed: auth, heartbeats, zlib and brotli, malformed packets, lost framing", "[plugins][livestream]") {
  ReplayServer server(ReplayServer::Mode::kBilibiliTcp, testing::LoadBilibiliSession(kSessions + "bilibili.txt"));
  Collected got;
  FeedConfig feed{"bili-main", "bilibili", "tcp://127.0.0.1:" + std::to_string(server.port()), 22608112, 0, "key-1"};
  FeedConnector connector(feed, Fast(), got.Sinks());
  connector.Start();
  REQUIRE(WaitFor([&] { return got.size() == 8 && server.heartbeats() >= 2; }));
  connector.Stop();
  CHECK(server.connections() == 2);  // the garbage packet loses the framing: one reconnect
  CHECK(server.auth_body().find(R"("roomid":22608112)") != std::string::npos);
  CHECK(server.auth_body().find(R"("key":"key-1")") != std::string::npos);
  CHECK(got.counts["malformed_packets"] == 2);  // the corrupt zlib body and the garbage
  CHECK(got.counts["heartbeat_replies"] >= 1);
  CHECK(got.counts["other_commands"] >= 1);     // the gift
  std::vector<std::string> texts;
  for (const Comment& c : got.comments) texts.push_back(c.text);
  CHECK(texts == std::vector<std::string>{"请问公积金提取需要带哪些材料，线上能办吗？", "666",
                                          "铜山区新区街道的垃圾站三天没人清运了，气味很大",
                                          "孩子明年上小学，学区划分什么时候公布？", "加微信领优惠券",
                                          "铜山区新区街道的垃圾站三天没人清运了，气味很大", "[doge][妙啊]",
                                          "云龙湖景区节假日停车场收费混乱，希望文旅部门管一管"});
  CHECK(got.comments[3].platform_id == "sc-8812");
  CHECK(got.comments[0].uid == "2001");
}

TEST_CASE("the Bilibili feed over WebSocket binary messages", "[plugins][livestream]") {
  ReplayServer server(ReplayServer::Mode::kBilibiliWebSocket, testing::LoadBilibiliSession(kSessions + "bilibili.txt"));
  Collected got;
  FeedConfig feed{"bili-ws", "bilibili", "ws://127.0.0.1:" + std::to_string(server.port()) + "/sub", 5441, 7, ""};
  FeedConnector connector(feed, Fast(), got.Sinks());
  connector.Start();
  REQUIRE(WaitFor([&] { return got.size() == 8 && server.heartbeats() >= 2; }));
  connector.Stop();
  CHECK(server.connections() == 2);
  CHECK(server.auth_body().find(R"("roomid":5441)") != std::string::npos);
  CHECK(server.auth_body().find(R"("uid":7)") != std::string::npos);
  CHECK(got.counts["malformed_packets"] == 2);
  CHECK(got.counts["heartbeat_replies"] >= 1);
  CHECK(got.comments[7].text == "云龙湖景区节假日停车场收费混乱，希望文旅部门管一管");
}

TEST_CASE("a connector with nobody listening retries with backoff and stops promptly", "[plugins][livestream]") {
  int port;
  {
    ReplayServer closed(ReplayServer::Mode::kWebSocketText, {});
    port = closed.port();
  }  // nothing listens there any more
  Collected got;
  FeedConnector connector({"gone", "json", "ws://127.0.0.1:" + std::to_string(port) + "/", 0, 0, ""}, Fast(), got.Sinks());
  connector.Start();
  REQUIRE(WaitFor([&] {
    std::lock_guard lock(got.mutex);
    return got.counts["feed_disconnects"] >= 3;
  }));
  const auto before = std::chrono::steady_clock::now();
  connector.Stop();
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(2));
  CHECK(connector.connections() == 0);
}

}  // namespace
}  // namespace rexian::live
