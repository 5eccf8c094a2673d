// CallTracker: realistic AMI transcripts in, call records out (types, event
// ids, durations, the caller's number, the recording), table-driven where the
// calls differ only in their data.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "phone/call_tracker.h"
#include "transcript_replay.h"

namespace rexian::phone::testing {
namespace {

namespace json = boost::json;

std::vector<std::string> Types(const std::vector<CallRecord>& records) {
  std::vector<std::string> out;
  for (const CallRecord& r : records) out.push_back(r.type);
  return out;
}

json::object Payload(const std::vector<CallRecord>& records, const std::string& type) {
  for (const CallRecord& r : records) {
    if (r.type == type) return json::parse(r.payload).as_object();
  }
  FAIL("no " << type);
  return {};
}

CallTrackerOptions Xuzhou() {
  CallTrackerOptions o;
  o.utc_offset_minutes = 480;
  return o;
}

TEST_CASE("an answered queue call: ringing, queued, answered, ended with durations",
          "[plugins][phone]") {
  CallTracker tracker(Xuzhou());
  const Replay replay = ReplayInto(tracker, "answered.txt");
  CHECK(Types(replay.records) == std::vector<std::string>{"call.ringing", "call.queued",
                                                          "call.answered", "call.ended"});
  for (const CallRecord& r : replay.records) {
    CHECK(r.stream == "call-1741224600.1");
    CHECK(r.event_id.rfind("1741224600.1:", 0) == 0);
  }
  CHECK(Payload(replay.records, "call.ringing") ==
        json::parse(R"({"call_id": "1741224600.1", "at": "2025-03-06T09:30:00.000+08:00",
          "citizen": {"id": "13800138000"}, "called": "12345",
          "channel": "PJSIP/trunk-00000001"})"));
  CHECK(Payload(replay.records, "call.queued").at("queue") == json::value("hotline"));
  const json::object answered = Payload(replay.records, "call.answered");
  CHECK(answered.at("agent") == json::value("agent-1001"));
  CHECK(answered.at("wait_seconds").to_number<double>() == Approx(20.0));
  const json::object ended = Payload(replay.records, "call.ended");
  CHECK(ended.at("outcome") == json::value("answered"));
  CHECK(ended.at("wait_seconds").to_number<double>() == Approx(20.0));
  CHECK(ended.at("talk_seconds").to_number<double>() == Approx(192.0));
  CHECK(ended.at("total_seconds").to_number<double>() == Approx(212.0));
  CHECK(ended.at("hangup_cause").as_int64() == 16);
  CHECK(ended.at("recording") ==
        json::value("/var/spool/asterisk/monitor/20250306-093001-1741224600.1.wav"));
  // The survey press, after the agent left and before the caller hung up.
  REQUIRE(replay.surveys.size() == 1);
  CHECK(replay.surveys[0].call_id == "1741224600.1");
  CHECK(replay.surveys[0].key == "1");
  CHECK(replay.surveys[0].event_id == "1741224600.1:survey:1");
  CHECK(tracker.counts().offered == 1);
  CHECK(tracker.counts().answered == 1);
  CHECK(tracker.in_progress() == 0);
  // Ended calls stay findable for the agent's summary.
  auto facts = tracker.Find("1741224600.1");
  REQUIRE(facts);
  CHECK(facts->caller == "13800138000");
  CHECK(facts->agent == "agent-1001");
}

TEST_CASE("an abandoned call: counted, with Asterisk's hold time and positions",
          "[plugins][phone]") {
  CallTracker tracker(Xuzhou());
  const Replay replay = ReplayInto(tracker, "abandoned.txt", 1);
  CHECK(Types(replay.records) == std::vector<std::string>{"call.ringing", "call.queued",
                                                          "call.abandoned", "call.ended"});
  CHECK(Payload(replay.records, "call.abandoned") ==
        json::parse(R"({"call_id": "1741225000.3", "at": "2025-03-06T09:37:28.000+08:00",
          "queue": "hotline", "wait_seconds": 47, "position": 2, "original_position": 3})"));
  const json::object ended = Payload(replay.records, "call.ended");
  CHECK(ended.at("outcome") == json::value("abandoned"));
  CHECK(ended.at("talk_seconds").to_number<double>() == 0);
  CHECK(ended.at("total_seconds").to_number<double>() == Approx(48.2));
  CHECK(tracker.counts().abandoned == 1);
  CHECK(tracker.counts().offered == 1);
  CHECK(tracker.counts().answered == 0);
}

TEST_CASE("a blind transfer to a department's desk", "[plugins][phone]") {
  CallTracker tracker(Xuzhou());
  const Replay replay = ReplayInto(tracker, "transfer.txt");
  // The department's answer after the transfer is not a second queue answer:
  // the call was in a queue, so only AgentConnect counts.
  CHECK(Types(replay.records) == std::vector<std::string>{"call.ringing", "call.queued",
                                                          "call.answered", "call.transferred",
                                                          "call.ended"});
  CHECK(Payload(replay.records, "call.transferred") ==
        json::parse(R"({"call_id": "1741226000.5", "at": "2025-03-06T09:54:26.000+08:00",
          "kind": "blind", "agent": "PJSIP/1002", "target": "8001", "context": "departments"})"));
  const json::object ended = Payload(replay.records, "call.ended");
  CHECK(ended.at("outcome") == json::value("answered"));
  CHECK(ended.at("talk_seconds").to_number<double>() == Approx(184.0));
}

TEST_CASE("garbage lines around a call are skipped and counted, the call is recorded",
          "[plugins][phone]") {
  CallTracker tracker(Xuzhou());
  const Replay replay = ReplayInto(tracker, "garbage.txt", 3);
  CHECK(replay.garbage_lines == 5);
  CHECK(Types(replay.records) == std::vector<std::string>{"call.ringing", "call.ended"});
  const json::object ended = Payload(replay.records, "call.ended");
  CHECK(ended.at("outcome") == json::value("unanswered"));
  CHECK(ended.at("hangup_cause_text") == json::value("User busy"));
  CHECK(tracker.counts().offered == 1);
}

TEST_CASE("replaying a transcript twice writes the same event ids (idempotent records)",
          "[plugins][phone]") {
  CallTracker first(Xuzhou()), second(Xuzhou());
  const Replay a = ReplayInto(first, "answered.txt");
  const Replay b = ReplayInto(second, "answered.txt", 1000);
  REQUIRE(a.records.size() == b.records.size());
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    CHECK(a.records[i].event_id == b.records[i].event_id);
    CHECK(a.records[i].payload == b.records[i].payload);
  }
}

TEST_CASE("reconciling after a reconnect: gone calls are lost, bridged ones answered",
          "[plugins][phone]") {
  CallTracker tracker(Xuzhou());
  std::vector<CallRecord> records;
  std::vector<SurveyPress> surveys;
  auto event = [&](std::vector<std::pair<std::string, std::string>> headers) {
    tracker.OnEvent(AmiMessage{std::move(headers)}, 1741227000.0, &records, &surveys);
  };
  event({{"Event", "Newchannel"}, {"CallerIDNum", "13600002222"}, {"Uniqueid", "1.8"},
         {"Linkedid", "1.8"}});
  event({{"Event", "Newchannel"}, {"CallerIDNum", "anonymous"}, {"Uniqueid", "1.9"},
         {"Linkedid", "1.9"}});
  CHECK(Payload(records, "call.ringing").count("citizen") == 1);
  CHECK(json::parse(records[1].payload).as_object().count("citizen") == 0);  // withheld number
  records.clear();
  const std::vector<AmiMessage> channels = {
      AmiMessage{{{"Event", "CoreShowChannel"}, {"Uniqueid", "1.8"}, {"Linkedid", "1.8"},
                  {"BridgeId", "b-1"}, {"ConnectedLineNum", "1003"}}},
      // A call that started while we were away.
      AmiMessage{{{"Event", "CoreShowChannel"}, {"Uniqueid", "1.12"}, {"Linkedid", "1.12"},
                  {"CallerIDNum", "13100005555"}, {"Duration", "00:00:10"}}}};
  tracker.Reconcile(channels, 1741227060.0, &records);
  CHECK(Types(records) == std::vector<std::string>{"call.ended", "call.answered", "call.ringing"});
  CHECK(records[0].stream == "call-1.9");
  CHECK(Payload(records, "call.ended").at("outcome") == json::value("lost"));
  CHECK(Payload(records, "call.answered").at("agent") == json::value("1003"));
  CHECK(Payload(records, "call.ringing").at("at") ==
        json::value("2025-03-06T10:10:50.000+08:00"));  // now - Duration
  CHECK(tracker.counts().lost == 1);
  CHECK(tracker.in_progress() == 2);
  records.clear();
  tracker.LoseAll("the AMI connection was down for more than 300 s", 1741227500.0, &records);
  CHECK(records.size() == 2);
  CHECK(tracker.in_progress() == 0);
  CHECK(tracker.counts().lost == 3);
}

TEST_CASE("only calls from the configured contexts are followed", "[plugins][phone]") {
  CallTrackerOptions o = Xuzhou();
  o.contexts = {"from-trunk"};
  CallTracker tracker(o);
  std::vector<CallRecord> records;
  std::vector<SurveyPress> surveys;
  tracker.OnEvent(AmiMessage{{{"Event", "Newchannel"}, {"Context", "agents"}, {"Uniqueid", "2.1"},
                              {"Linkedid", "2.1"}}},
                  1741227000.0, &records, &surveys);
  CHECK(records.empty());
  tracker.OnEvent(AmiMessage{{{"Event", "Newchannel"}, {"Context", "from-trunk"},
                              {"Uniqueid", "2.2"}, {"Linkedid", "2.2"}}},
                  1741227000.0, &records, &surveys);
  CHECK(records.size() == 1);
}

TEST_CASE("call times: RFC 3339 with the server's offset, AMI numbers parsed strictly",
          "[plugins][phone]") {
  CHECK(FormatRfc3339(1741224600.25, 480) == "2025-03-06T09:30:00.250+08:00");
  CHECK(FormatRfc3339(1741224600.9996, 0) == "2025-03-06T01:30:01.000Z");
  CHECK(FormatRfc3339(1741224600, -90) == "2025-03-06T00:00:00.000-01:30");
  CHECK(ParseEpochSeconds("1741224600.123456") == Approx(1741224600.123456));
  CHECK_FALSE(ParseEpochSeconds("12"));
  CHECK_FALSE(ParseEpochSeconds("1741224600x"));
  CHECK(ParseClockDuration("01:02:03") == Approx(3723));
  CHECK_FALSE(ParseClockDuration("1:99:00"));
  CHECK(IsPhoneNumber("+86 138-0013-8000"));
  CHECK_FALSE(IsPhoneNumber("anonymous"));
  CHECK_FALSE(IsPhoneNumber("<unknown>"));
}

}  // namespace
}  // namespace rexian::phone::testing
