// AmiClient against the scripted AMI server on 127.0.0.1: login, the event
// stream, a dropped connection (reconnect with backoff, listing, resume),
// refused logins and garbage on the wire.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "phone/ami_client.h"
#include "phone/call_tracker.h"
#include "scripted_ami_server.h"

namespace rexian::phone::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;

// An AmiClient wired to a CallTracker as the plugin wires them, minus the host.
class Follower {
 public:
  explicit Follower(std::uint16_t port, std::string secret = "s3cret") : tracker_(Options()) {
    AmiClientOptions o;
    o.port = port;
    o.username = "rexian";
    o.secret = std::move(secret);
    o.reconnect_initial = milliseconds(20);
    o.reconnect_max = milliseconds(200);
    o.connect_timeout = milliseconds(2000);
    o.tick = milliseconds(20);
    AmiClientCallbacks c;
    c.on_event = [this](const AmiMessage& e) {
      std::lock_guard lock(mu_);
      tracker_.OnEvent(e, 1741227000.0, &records_, &surveys_);
    };
    c.on_channels = [this](const std::vector<AmiMessage>& channels) {
      std::lock_guard lock(mu_);
      ++listings_;
      tracker_.Reconcile(channels, 1741227060.0, &records_);
    };
    c.on_connection = [this](bool up, const std::string& why) {
      std::lock_guard lock(mu_);
      connections_.push_back(std::string(up ? "up: " : "down: ") + why);
    };
    client_ = std::make_unique<AmiClient>(std::move(o), std::move(c));
    client_->Start();
  }

  static CallTrackerOptions Options() {
    CallTrackerOptions o;
    o.utc_offset_minutes = 480;
    return o;
  }

  // Waits (bounded) until `done` holds under the lock.
  template <typename Predicate>
  bool WaitFor(Predicate done, int timeout_ms = 5000) {
    for (int waited = 0; waited < timeout_ms; waited += 10) {
      {
        std::lock_guard lock(mu_);
        if (done()) return true;
      }
      std::this_thread::sleep_for(milliseconds(10));
    }
    return false;
  }

  AmiClient& client() { return *client_; }
  CallTracker& tracker() { return tracker_; }
  std::vector<CallRecord>& records() { return records_; }
  int listings() const { return listings_; }
  std::vector<std::string> connections() {
    std::lock_guard lock(mu_);
    return connections_;
  }

 private:
  std::mutex mu_;
  CallTracker tracker_;
  std::vector<CallRecord> records_;
  std::vector<SurveyPress> surveys_;
  std::vector<std::string> connections_;
  int listings_ = 0;
  std::unique_ptr<AmiClient> client_;  // last: stopped before the rest goes
};

const CallRecord* Find(const std::vector<CallRecord>& records, const std::string& stream,
                       const std::string& type) {
  for (const CallRecord& r : records) {
    if (r.stream == stream && r.type == type) return &r;
  }
  return nullptr;
}

TEST_CASE("a dropped connection: reconnect, reconcile, resume", "[plugins][phone]") {
  ScriptedAmiServer server("rexian", "s3cret");
  server.PlayFile("dropped.txt");
  Follower follower(server.port());
  REQUIRE(follower.WaitFor([&] { return follower.tracker().counts().offered == 1; }));
  CHECK(server.logins() == 2);
  CHECK(follower.listings() == 2);
  // Every login asked for the channel listing right away.
  CHECK(server.actions() ==
        std::vector<std::string>{"Login", "CoreShowChannels", "Login", "CoreShowChannels"});
  const auto& records = follower.records();
  const CallRecord* lost = Find(records, "call-1741227002.9", "call.ended");
  REQUIRE(lost != nullptr);
  CHECK(json::parse(lost->payload).at("outcome") == json::value("lost"));
  CHECK(json::parse(lost->payload).at("reason").as_string().find("connection was down") !=
        json::string::npos);
  const CallRecord* answered = Find(records, "call-1741227000.8", "call.answered");
  REQUIRE(answered != nullptr);
  CHECK(json::parse(answered->payload).at("agent") == json::value("1003"));
  const CallRecord* ended = Find(records, "call-1741227000.8", "call.ended");
  REQUIRE(ended != nullptr);
  CHECK(json::parse(ended->payload).at("outcome") == json::value("answered"));
  CHECK(follower.tracker().counts().lost == 1);
  const auto connections = follower.connections();
  REQUIRE(connections.size() >= 3);
  CHECK(connections[0] == "up: logged in");
  CHECK(connections[1] == "down: the server closed the connection");
  CHECK(connections[2] == "up: logged in");
}

TEST_CASE("garbage on the wire is counted, never fatal", "[plugins][phone]") {
  ScriptedAmiServer server("rexian", "s3cret");
  server.PlayFile("garbage.txt");
  server.Play("\x01\x02\xff\xfe binary noise\n" + std::string(20000, 'z') + "\n\n");
  server.PlayFile("abandoned.txt");
  Follower follower(server.port());
  REQUIRE(follower.WaitFor([&] { return follower.tracker().counts().offered == 2; }));
  CHECK(follower.client().garbage_lines() == 7);
  CHECK(server.logins() == 1);  // the noise did not cost the connection
}

TEST_CASE("a refused login is retried with backoff, never followed", "[plugins][phone]") {
  ScriptedAmiServer server("rexian", "s3cret");
  server.PlayFile("answered.txt");
  Follower follower(server.port(), "wrong");
  REQUIRE(follower.WaitFor([&] { return server.refused() >= 3; }));
  CHECK(server.logins() == 0);
  CHECK(follower.records().empty());
  const auto connections = follower.connections();
  REQUIRE_FALSE(connections.empty());
  CHECK(connections[0] == "down: login refused: Authentication failed");
}

TEST_CASE("stopping is prompt, connected or not", "[plugins][phone]") {
  using Clock = std::chrono::steady_clock;
  SECTION("while following a connected server") {
    ScriptedAmiServer server("rexian", "s3cret");
    Follower follower(server.port());
    REQUIRE(follower.WaitFor([&] { return server.logins() == 1; }));
    const auto begin = Clock::now();
    follower.client().Stop();
    CHECK(Clock::now() - begin < milliseconds(1000));
  }
  SECTION("while waiting to reconnect to a closed port") {
    std::uint16_t closed = 0;
    { ScriptedAmiServer gone("x", "y"); closed = gone.port(); }
    Follower follower(closed);
    std::this_thread::sleep_for(milliseconds(100));
    const auto begin = Clock::now();
    follower.client().Stop();
    CHECK(Clock::now() - begin < milliseconds(1000));
    CHECK(follower.client().logins() == 0);
  }
}

}  // namespace
}  // namespace rexian::phone::testing
