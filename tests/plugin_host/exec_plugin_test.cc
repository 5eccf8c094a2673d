// Exec plugins against real python3 children and the real intake: start
// failures, submits, deliveries, crashes and restarts, garbage, stop deadlines.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <future>
#include <map>
#include <set>

#include "exec/exec_test_support.h"
#include "plugin_host/host_queries.h"
#include "rexian/metrics.h"
#include "schema/compiled_schema.h"
#include "schema/json_file.h"

namespace rexian::testing {
namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

std::unique_ptr<ExecPlugin> MakePlugin(IntakeRig& rig, LogRecorder& log, const PluginConfig& config,
                                       ExecPluginOptions options = TestOptions(),
                                       MetricsRegistry* metrics = nullptr) {
  auto plugin =
      ExecPlugin::Create(config, PortsFor(rig.intake(), config.name, &log, metrics), options);
  INFO(plugin.status().ToString());
  REQUIRE(plugin.ok());
  return std::move(plugin).value();
}

// One line of the example plugin's inbox.
std::string InboxLine(const std::string& id, const std::string& citizen, const std::string& text) {
  json::object contact{{"channel_message_id", id},
                       {"received_at", "2025-05-06T10:00:00+08:00"},
                       {"citizen", json::object{{"id", citizen}}},
                       {"text", text}};
  return json::serialize(contact) + "\n";
}

void Append(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << text;
}

// The example plugin's acknowledgements by channel_message_id (the last
// answer for each; `all` gets every line).
std::map<std::string, json::object> Acks(const std::string& path,
                                         std::vector<json::object>* all = nullptr) {
  std::map<std::string, json::object> acks;
  for (json::object& a : ReadJsonLines(path)) {
    if (all != nullptr) all->push_back(a);
    acks[std::string(a.at("channel_message_id").as_string())] = a;
  }
  return acks;
}

std::string ExampleConfig(const TempDir& dir, bool with_outbox, int max_in_flight = 64) {
  json::object config{{"inbox", dir.sub("inbox.jsonl")},
                      {"poll_interval_ms", 20},
                      {"max_in_flight", max_in_flight}};
  if (with_outbox) config["outbox"] = dir.sub("outbox.jsonl");
  return json::serialize(config);
}

TEST_CASE("an exec plugin that cannot start says why, and nothing keeps running",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  ExecPluginOptions options = TestOptions();

  SECTION("no such program") {
    auto plugin =
        MakePlugin(rig, log, ExecConfig("missing", {"rexian-no-such-program-xyz"}), options);
    Status s = plugin->Start();
    CHECK(s.IsNotFound());
    CHECK_THAT(s.message(), Catch::Contains("plugin 'missing'") &&
                                Catch::Contains("rexian-no-such-program-xyz"));
    CHECK(plugin->health().IsNotFound());
  }
  SECTION("exits at once, saying why on stderr") {
    auto plugin = MakePlugin(
        rig, log,
        ExecConfig("quits", {"python3", "-c",
                             "import sys; sys.stderr.write('config: inbox is required\\n'); "
                             "sys.exit(2)"}),
        options);
    Status s = plugin->Start();
    CHECK(s.IsUnavailable());
    CHECK_THAT(s.message(), Catch::Contains("exited with status 2"));
    CHECK(plugin->stats().pid == 0);
    CHECK_FALSE(log.Find("stderr: config: inbox is required").empty());  // before the verdict
  }
  SECTION("never says ready") {
    options.start_timeout = milliseconds(500);
    auto plugin =
        MakePlugin(rig, log, ExecConfig("silent", {"python3", ExecScript("silent.py")}), options);
    const auto started = Clock::now();
    Status s = plugin->Start();
    CHECK(Clock::now() - started < seconds(10));
    CHECK(s.IsUnavailable());
    CHECK_THAT(s.message(), Catch::Contains("sent no ready within 500 ms") &&
                                Catch::Contains("killed by signal 9"));
    CHECK(plugin->stats().restarts == 0);
  }
  SECTION("bad configuration") {
    PluginConfig config = ExecConfig("broken", {});
    CHECK(ExecPlugin::Create(config, PortsFor(rig.intake(), "broken", &log))
              .status()
              .IsInvalidArgument());
    config = ExecConfig("broken", {"python3"}, "[1]");
    CHECK_THAT(
        ExecPlugin::Create(config, PortsFor(rig.intake(), "broken", &log)).status().message(),
        Catch::Contains("config: must be an object"));
  }
}

TEST_CASE(
    "the example plugin submits its inbox and gets ticket numbers, and invalid contacts are "
    "refused",
    "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  MetricsRegistry metrics;
  Append(dir.sub("inbox.jsonl"),
         InboxLine("m-1", "13800000001", "云龙湖景区停车场乱收费") +
             InboxLine("m-2", "13800000002", "小区门口路灯坏了一个星期") +
             R"({"channel_message_id":"m-bad","citizen":{},"text":"缺少来电号码"})"
             "\n" +
             "this line is not JSON\n");
  auto plugin = MakePlugin(
      rig, log, ExecConfig("example-exec", {"python3", ExamplePlugin()}, ExampleConfig(dir, false)),
      TestOptions(), &metrics);
  REQUIRE(plugin->Start().ok());
  CHECK(plugin->health().ok());

  const std::string acks_path = dir.sub("inbox.jsonl.acks");
  REQUIRE(WaitUntil([&] { return Acks(acks_path).size() == 3; }));
  auto acks = Acks(acks_path);
  for (const char* id : {"m-1", "m-2"}) {
    INFO(id);
    const json::object& ack = acks.at(id);
    CHECK(ack.at("outcome") == "accepted");
    CHECK(ack.at("duplicate") == false);
    auto found = rig.intake()->FindContact("example-exec", id);
    REQUIRE(found.ok());
    CHECK(found->ticket_number == ack.at("ticket_number").as_string());
  }
  CHECK(acks.at("m-1").at("ticket_number") != acks.at("m-2").at("ticket_number"));
  const json::object& bad = acks.at("m-bad");
  CHECK(bad.at("outcome") == "rejected");
  CHECK(bad.at("error").at("fields").at(0).at("field") == "/citizen/id");
  CHECK(bad.at("error").at("quarantine_id").is_string());
  CHECK(rig.CountEvents("ticket.opened") == 2);
  CHECK(rig.CountEvents("contact.quarantined") == 1);

  // Its log lines and metrics reach the host.
  CHECK(WaitUntil([&] { return !log.Find("inbox line 4 is not a JSON object").empty(); }));
  CHECK(WaitUntil([&] {
    return metrics.Render().find("rexian_plugin_example_exec_contacts_accepted_total 2") !=
           std::string::npos;
  }));
  const std::string rendered = metrics.Render();
  CHECK_THAT(rendered, Catch::Contains("rexian_plugin_up{plugin=\"example-exec\"} 1"));
  CHECK_THAT(rendered, Catch::Contains(
                           "rexian_exec_plugin_malformed_lines_total{plugin=\"example-exec\"} 0"));

  // A contact appended later is picked up; stop is prompt and clean.
  Append(dir.sub("inbox.jsonl"), InboxLine("m-3", "13800000003", "噪音扰民"));
  REQUIRE(WaitUntil([&] { return Acks(acks_path).count("m-3") == 1; }));
  const auto stopping = Clock::now();
  CHECK(plugin->Stop().ok());
  CHECK(Clock::now() - stopping < seconds(5));
  CHECK(plugin->health().IsUnavailable());
  CHECK_THAT(plugin->health().message(), Catch::Contains("exited with status 0"));
  CHECK(plugin->Stop().ok());  // idempotent
}

TEST_CASE("a reply goes to the example plugin's outbox once, whatever the retries",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  auto plugin = MakePlugin(
      rig, log, ExecConfig("example-exec", {"python3", ExamplePlugin()}, ExampleConfig(dir, true)));

  Reply reply;
  reply.delivery_id = "ack-ticket-3203-2025-0000001";
  reply.kind = "acknowledgement";
  reply.ticket_number = "3203-2025-0000001";
  reply.channel_message_id = "m-1";
  reply.citizen_json = R"({"id":"13800000001","phone":"13800000001"})";
  reply.text = "您的诉求已受理，工单号 3203-2025-0000001。";

  auto deliver = [&](Reply r) {
    std::promise<Status> answered;
    plugin->Deliver(std::move(r), [&](Status s) { answered.set_value(std::move(s)); });
    auto future = answered.get_future();
    REQUIRE(future.wait_for(seconds(30)) == std::future_status::ready);
    return future.get();
  };

  CHECK(deliver(reply).IsUnavailable());  // not started yet
  REQUIRE(plugin->Start().ok());
  CHECK(deliver(reply).ok());
  reply.attempt = 2;  // the reactor's retry after a lost answer: same delivery_id
  CHECK(deliver(reply).ok());
  std::vector<json::object> outbox = ReadJsonLines(dir.sub("outbox.jsonl"));
  REQUIRE(outbox.size() == 1);
  CHECK(outbox[0].at("delivery_id").as_string() == reply.delivery_id);
  CHECK(outbox[0].at("text").as_string() == reply.text);
  CHECK(outbox[0].at("citizen").at("phone") == "13800000001");
  CHECK(plugin->stats().deliveries_ok == 2);
  REQUIRE(plugin->Stop().ok());
  CHECK(deliver(reply).IsUnavailable());

  // Without an outbox it delivers nothing, and says so in its ready.
  auto mute = MakePlugin(
      rig, log,
      ExecConfig("example-mute", {"python3", ExamplePlugin()}, ExampleConfig(dir, false)));
  REQUIRE(mute->Start().ok());
  std::promise<Status> answered;
  mute->Deliver(reply, [&](Status s) { answered.set_value(std::move(s)); });
  CHECK(answered.get_future().get().IsUnsupported());
}

TEST_CASE("a delivery in flight when the child dies fails as retry-later, and the child restarts",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  auto plugin =
      MakePlugin(rig, log, ExecConfig("dies", {"python3", ExecScript("dies_on_deliver.py")}));
  REQUIRE(plugin->Start().ok());
  Reply reply;
  reply.delivery_id = "r-1";
  reply.kind = "resolution";
  reply.citizen_json = R"({"id":"x"})";
  reply.text = "已处理";
  std::promise<Status> answered;
  plugin->Deliver(reply, [&](Status s) { answered.set_value(std::move(s)); });
  auto future = answered.get_future();
  REQUIRE(future.wait_for(seconds(30)) == std::future_status::ready);
  Status s = future.get();
  CHECK(s.IsUnavailable());
  CHECK_THAT(s.message(), Catch::Contains("exited with status 4"));
  CHECK(WaitUntil([&] { return plugin->health().ok() && plugin->stats().restarts == 1; }));
  CHECK(plugin->stats().deliveries_failed == 1);
}

TEST_CASE("stopping while a restart is pending ends at once and keeps the last reason",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  ExecPluginOptions options = TestOptions();
  options.restart_delay_min = seconds(5);
  auto plugin = MakePlugin(
      rig, log,
      ExecConfig("brief", {"python3", "-c",
                           "import json, sys; sys.stdin.readline(); "
                           "print(json.dumps({'type': 'ready'}), flush=True); sys.exit(5)"}),
      options);
  REQUIRE(plugin->Start().ok());
  REQUIRE(WaitUntil([&] {
    return plugin->health().message().find("exited with status 5; restarting in 5000 ms") !=
           std::string::npos;
  }));
  const auto stopping = Clock::now();
  CHECK(plugin->Stop().ok());
  CHECK(Clock::now() - stopping < seconds(3));
  CHECK_THAT(plugin->health().message(),
             Catch::Contains("stopped (child") && Catch::Contains("exited with status 5)"));
  CHECK(plugin->stats().starts == 1);
}

TEST_CASE("a child that crashes is restarted with growing delays, and resubmits are duplicates",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  ExecPluginOptions options = TestOptions();
  options.restart_delay_min = milliseconds(300);
  auto plugin = MakePlugin(
      rig, log,
      ExecConfig("crashy", {"python3", ExecScript("crash_after_submits.py"), dir.path(), "20"}),
      options);
  REQUIRE(plugin->Start().ok());

  // Between children the plugin is unavailable, saying why.
  std::string seen_down;
  REQUIRE(WaitUntil([&] {
    Status h = plugin->health();
    if (!h.ok() && seen_down.empty()) seen_down = h.message();
    return Slurp(dir.sub("runs")) == "3" && h.ok();
  }));
  INFO(log.All());
  CHECK_THAT(seen_down, Catch::Contains("exited with status 3; restarting in"));
  CHECK(plugin->stats().restarts == 2);
  CHECK(plugin->stats().starts == 3);
  CHECK_FALSE(log.Find("exited with status 3; restarting in 300 ms").empty());
  CHECK_FALSE(log.Find("exited with status 3; restarting in 600 ms").empty());

  REQUIRE(WaitUntil([&] { return !Slurp(dir.sub("answers.3")).empty(); }));
  std::map<std::string, std::string> first;  // request id -> ticket number
  for (int run = 1; run <= 3; ++run) {
    json::array answers = json::parse(Slurp(dir.sub("answers." + std::to_string(run)))).as_array();
    REQUIRE(answers.size() == 20);
    for (const json::value& a : answers) {
      INFO("run " << run << ": " << json::serialize(a));
      REQUIRE(a.at("ok") == true);
      const std::string id = json::serialize(a.at("id"));
      const std::string number(a.at("ticket_number").as_string());
      CHECK(a.at("duplicate") == (run > 1));
      if (run == 1) first[id] = number;
      CHECK(first[id] == number);
    }
  }
  CHECK(first.size() == 20);
  CHECK(rig.CountEvents("ticket.opened") == 20);
  CHECK(plugin->Stop().ok());
}

TEST_CASE(
    "killed mid-stream, the example plugin loses nothing it was told was accepted and "
    "duplicates nothing",
    "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  constexpr int kContacts = 200;
  std::string inbox;
  for (int i = 0; i < kContacts; ++i) {
    inbox += InboxLine("stream-" + std::to_string(i), "1390000" + std::to_string(1000 + i),
                       "第" + std::to_string(i) + "条：道路积水，请处理");
  }
  Append(dir.sub("inbox.jsonl"), inbox);
  auto plugin = MakePlugin(
      rig, log, ExecConfig("stream", {"python3", ExamplePlugin()}, ExampleConfig(dir, false, 8)));
  REQUIRE(plugin->Start().ok());
  const pid_t first_child = plugin->stats().pid;
  REQUIRE(first_child > 0);

  const std::string acks_path = dir.sub("inbox.jsonl.acks");
  REQUIRE(WaitUntil([&] { return CountLines(acks_path) >= 40; }, seconds(120)));
  REQUIRE(kill(first_child, SIGKILL) == 0);
  const std::size_t acked_before_kill = CountLines(acks_path);
  INFO("acknowledged before the kill: " << acked_before_kill);

  REQUIRE(WaitUntil([&] { return Acks(acks_path).size() == kContacts; }, seconds(180)));
  CHECK(plugin->stats().restarts == 1);
  CHECK(plugin->stats().pid != first_child);
  CHECK_FALSE(log.Find("killed by signal 9 (Killed); restarting in").empty());

  std::vector<json::object> every_ack;
  auto acks = Acks(acks_path, &every_ack);
  // Each contact: accepted, with one ticket, the same every time it was
  // answered, and the one intake has on record.
  std::map<std::string, std::string> ticket_of;
  std::size_t duplicates = 0;
  for (const json::object& a : every_ack) {
    const std::string id(a.at("channel_message_id").as_string());
    INFO(json::serialize(a));
    REQUIRE(a.at("outcome") == "accepted");
    const std::string number(a.at("ticket_number").as_string());
    auto [it, fresh] = ticket_of.emplace(id, number);
    CHECK(it->second == number);
    if (a.at("duplicate") == true) ++duplicates;
  }
  INFO("answers recorded: " << every_ack.size() << ", of which duplicates: " << duplicates);
  std::set<std::string> tickets;
  for (const auto& [id, number] : ticket_of) {
    auto found = rig.intake()->FindContact("stream", id);
    REQUIRE(found.ok());
    CHECK(found->ticket_number == number);
    tickets.insert(number);
  }
  CHECK(ticket_of.size() == kContacts);
  CHECK(tickets.size() == kContacts);
  CHECK(rig.CountEvents("ticket.opened") == kContacts);
  CHECK(plugin->Stop().ok());
}

TEST_CASE("garbage from a plugin is logged, counted and survived, and bad requests are answered",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  MetricsRegistry metrics;
  auto plugin = MakePlugin(
      rig, log, ExecConfig("garbage", {"python3", ExecScript("garbage_lines.py"), dir.path()}),
      TestOptions(), &metrics);
  REQUIRE(plugin->Start().ok());

  const std::string host_lines = dir.sub("host_lines.jsonl");
  auto answers = [&] {
    std::map<std::string, json::object> by_id;
    for (json::object& m : ReadJsonLines(host_lines)) {
      if (m.at("type") == "submitted" || m.at("type") == "result") {
        by_id[json::serialize(m.at("id"))] = m;
      }
    }
    return by_id;
  };
  REQUIRE(WaitUntil([&] { return answers().size() == 4; }));
  INFO(log.All());
  CHECK(plugin->stats().malformed_lines == 12);
  CHECK(plugin->stats().starts == 1);  // never restarted for it
  CHECK(plugin->health().ok());

  auto a = answers();
  const json::object& no_contact = a.at("\"g-1\"");
  CHECK(no_contact.at("ok") == false);
  CHECK(no_contact.at("retry") == false);
  CHECK(no_contact.at("error").at("fields").at(0).at("field") == "/contact");
  CHECK(a.at("null").at("ok") == false);  // the submit without an id
  CHECK(a.at("\"q-1\"").at("error").at("code") == "invalid_argument");
  const json::object& good = a.at("\"ok-1\"");
  CHECK(good.at("ok") == true);
  auto found = rig.intake()->FindContact("garbage", "garbage-ok-1");
  REQUIRE(found.ok());
  CHECK(found->ticket_number == good.at("ticket_number").as_string());

  // Each malformed line is logged with its number and what was wrong.
  CHECK_FALSE(log.Find("line 1 ignored: not valid JSON").empty());
  CHECK_FALSE(log.Find("line 2 ignored: not a JSON object").empty());
  CHECK_FALSE(log.Find("line 5 ignored: submit: /contact: expected an object (missing)").empty());
  CHECK_FALSE(log.Find("line 8 ignored: log: /level").empty());
  CHECK_FALSE(log.Find("line 9 ignored: metric:").empty());
  CHECK_FALSE(log.Find("line 10 ignored: longer than the limit of 1048576 bytes").empty());
  CHECK_FALSE(log.Find("line 14 ignored: ready: sent twice").empty());
  CHECK_FALSE(log.Find("answer to an unknown or timed-out delivery").empty());
  CHECK_THAT(metrics.Render(),
             Catch::Contains("rexian_exec_plugin_malformed_lines_total{plugin=\"garbage\"} 12"));

  REQUIRE(plugin->Stop().ok());
  // Everything the host wrote, stop included, is what the schema describes.
  auto document =
      schema::ReadJsonFile(std::string(REXIAN_SOURCE_DIR) + "/schemas/plugin-exec.schema.json");
  REQUIRE(document.ok());
  auto schema = schema::CompiledSchema::Compile("plugin-exec", std::move(document).value());
  REQUIRE(schema.ok());
  std::vector<json::object> sent = ReadJsonLines(host_lines);
  REQUIRE(sent.size() == 6);  // hello, 4 answers, stop
  CHECK(sent.front().at("type") == "hello");
  CHECK(sent.back().at("type") == "stop");
  for (const json::object& m : sent) {
    Status s = (*schema)->Validate(m);
    INFO(json::serialize(m) << " -> " << s.ToString());
    CHECK(s.ok());
  }
}

TEST_CASE("a plugin that ignores stop is killed, and Stop reports the overrun",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  const bool exits_on_term = GENERATE(false, true);
  std::vector<std::string> command = {"python3", ExecScript("ignores_stop.py")};
  if (exits_on_term) command.push_back("--exit-on-term");
  auto plugin = MakePlugin(rig, log, ExecConfig("stubborn", command, "{}", milliseconds(300)));
  REQUIRE(plugin->Start().ok());
  const pid_t child = plugin->stats().pid;

  const auto stopping = Clock::now();
  Status s = plugin->Stop();
  const auto took = Clock::now() - stopping;
  INFO(s.ToString() << "\n" << log.All());
  CHECK(s.IsDeadlineExceeded());
  CHECK_THAT(s.message(), Catch::Contains("did not stop within 300 ms"));
  CHECK(took >= milliseconds(300));
  CHECK(took < seconds(10));
  CHECK(kill(child, 0) != 0);  // gone, and reaped
  CHECK_THAT(plugin->health().message(),
             Catch::Contains(exits_on_term ? "killed by signal 15" : "killed by signal 9"));
  CHECK(plugin->Stop().message() == s.message());  // idempotent
}

TEST_CASE("a child that closes its stdout but keeps running is terminated and restarted",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  auto plugin = MakePlugin(rig, log,
                           ExecConfig("half-closed", {"python3", ExecScript("closes_stdout.py")},
                                      "{}", milliseconds(200)));
  REQUIRE(plugin->Start().ok());
  REQUIRE(WaitUntil([&] { return plugin->stats().restarts >= 1; }));
  INFO(log.All());
  CHECK_FALSE(
      log.Find("closed its stdout but kept running, so it was sent SIGTERM; killed by signal 15")
          .empty());
  // It reads no stdin either, so stop takes the whole road.
  CHECK_THAT(plugin->Stop().message(), Catch::Contains("did not stop within 200 ms"));
}

TEST_CASE("queries from an exec plugin are answered through HostQueries", "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  TempDir dir;
  MetricsRegistry metrics;
  HostQueries queries(&rig.config(), rig.intake(), rig.view(), rig.event_log());
  PluginEnvironment env;
  env.config = &rig.config();
  env.intake = rig.intake();
  env.metrics = &metrics;
  env.queries = &queries;
  env.log = [&](const std::string& plugin, int level, const std::string& message) {
    log.Add(level, plugin + ": " + message);
  };
  auto created = CreateExecPlugin(
      ExecConfig("asker", {"python3", ExecScript("asks_queries.py"), dir.path()}), env);
  REQUIRE(created.ok());
  std::unique_ptr<ChannelPlugin> plugin = std::move(created).value();
  REQUIRE(plugin->Start().ok());
  REQUIRE(WaitUntil([&] { return !Slurp(dir.sub("results.json")).empty(); }));
  INFO(log.All());
  json::object r = json::parse(Slurp(dir.sub("results.json"))).as_object();
  const std::string number(r.at("number").as_string());

  CHECK(r.at("taxonomy").at("ok") == true);
  CHECK(r.at("taxonomy").at("value").as_object() ==
        json::parse(*queries.ConfigSection("taxonomy")).as_object());
  CHECK(r.at("find_contact").at("value").at("ticket_number") == number.c_str());
  CHECK(r.at("ticket").at("ok") == true);
  CHECK(r.at("ticket").at("value").at("channel") == "asker");
  CHECK(r.at("list").at("ok") == true);
  CHECK(r.at("list").at("value").at("items").as_array().size() >= 1);
  CHECK(r.at("no_section").at("error").at("code") == "not_found");
  CHECK(r.at("bogus").at("error").at("code") == "invalid_argument");
  CHECK_THAT(std::string(r.at("bogus").at("error").at("message").as_string()),
             Catch::Contains("unknown query"));
  CHECK_THAT(std::string(r.at("no_args").at("error").at("message").as_string()),
             Catch::Contains("/args/channel_message_id"));
  CHECK_FALSE(log.Find("asker: child").empty());  // the supervisor's lines carry the name
  CHECK(plugin->Stop().ok());
}

TEST_CASE("a child inherits no stray descriptor, no blocked signal, and gets its own group",
          "[plugin_host][exec]") {
  IntakeRig rig;
  LogRecorder log;
  // What `rexian serve` does before starting plugins, plus a careless open().
  sigset_t shutdown, previous;
  sigemptyset(&shutdown);
  sigaddset(&shutdown, SIGINT);
  sigaddset(&shutdown, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown, &previous);
  const int leaked = open("/dev/null", O_RDONLY);  // no O_CLOEXEC
  REQUIRE(leaked >= 3);

  auto plugin =
      MakePlugin(rig, log, ExecConfig("inspect", {"python3", ExecScript("report_environment.py")}));
  Status started = plugin->Start();
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  close(leaked);
  REQUIRE(started.ok());
  REQUIRE(WaitUntil([&] { return !log.Find("fds=").empty(); }));
  CHECK_THAT(log.Find("fds="), Catch::Contains("fds=0,1,2 sigblk=0000000000000000 own_group=True"));
  CHECK(plugin->Stop().ok());
}

}  // namespace
}  // namespace rexian::testing
