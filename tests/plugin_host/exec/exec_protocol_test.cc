// The exec protocol's pieces without a child: line framing, restart backoff,
// parsing the plugin's lines, and the host's lines against the schema.
#include "plugin_host/exec_protocol.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "plugin_host/exec_restart_backoff.h"
#include "plugin_host/json_lines.h"
#include "rexian/plugin.h"
#include "schema/compiled_schema.h"
#include "schema/json_file.h"

namespace rexian {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::unique_ptr<schema::CompiledSchema> ProtocolSchema() {
  auto document =
      schema::ReadJsonFile(std::string(REXIAN_SOURCE_DIR) + "/schemas/plugin-exec.schema.json");
  INFO(document.status().ToString());
  REQUIRE(document.ok());
  auto compiled = schema::CompiledSchema::Compile("plugin-exec", std::move(document).value());
  INFO(compiled.status().ToString());
  REQUIRE(compiled.ok());
  return std::move(compiled).value();
}

// The line without its '\n', as JSON.
boost::json::value ParseLine(const std::string& line) {
  REQUIRE(!line.empty());
  REQUIRE(line.back() == '\n');
  REQUIRE(line.find('\n') == line.size() - 1);
  return boost::json::parse(line.substr(0, line.size() - 1));
}

TEST_CASE("LineFramer cuts lines, strips CR, bounds long lines, keeps a cut-off tail",
          "[plugin_host][exec]") {
  LineFramer framer(8);
  std::vector<std::string> texts;
  std::vector<bool> oversize;
  std::vector<std::size_t> lengths;
  auto on_line = [&](const FramedLine& line) {
    texts.emplace_back(line.text);
    oversize.push_back(line.oversize);
    lengths.push_back(line.length);
    CHECK(line.number == texts.size());
  };
  framer.Feed("ab", on_line);
  CHECK(texts.empty());
  framer.Feed("c\r\nde\n\n0123456789ABC", on_line);
  framer.Feed("DEF\nxy", on_line);
  REQUIRE(texts.size() == 4);
  CHECK(texts[0] == "abc");
  CHECK(texts[1] == "de");
  CHECK(texts[2] == "");
  CHECK(texts[3] == "01234567");  // the first max_line_bytes bytes
  CHECK(oversize == std::vector<bool>{false, false, false, true});
  CHECK(lengths[3] == 16);
  framer.Finish(on_line);
  REQUIRE(texts.size() == 5);
  CHECK(texts[4] == "xy");
  CHECK(framer.lines() == 5);
  framer.Finish(on_line);  // nothing left
  CHECK(texts.size() == 5);
}

TEST_CASE("RestartBackoff doubles up to its cap and resets after a stable run",
          "[plugin_host][exec]") {
  RestartBackoff backoff(milliseconds(100), milliseconds(1000), seconds(60));
  std::vector<long> delays;
  for (int i = 0; i < 6; ++i) delays.push_back(backoff.Next(seconds(1)).count());
  CHECK(delays == std::vector<long>{100, 200, 400, 800, 1000, 1000});
  CHECK(backoff.Next(seconds(60)).count() == 100);  // it had run a minute: a fresh start
  CHECK(backoff.Next(std::chrono::steady_clock::duration::zero()).count() == 200);
}

struct LineCase {
  std::string line;
  PluginMessageType type;
  std::string problem;  // "" when well-formed; else a part of the message
  bool schema_valid;    // what the schema says about the line
};

TEST_CASE("the plugin's lines are parsed with a reason for each problem, as the schema says",
          "[plugin_host][exec]") {
  using T = PluginMessageType;
  const std::vector<LineCase> cases = {
      {R"({"type":"ready"})", T::kReady, "", true},
      {R"({"type":"ready","deliver":true,"version":"2.1"})", T::kReady, "", true},
      {R"({"type":"submit","id":"m-1","contact":{"channel":"web"}})", T::kSubmit, "", true},
      {R"({"type":"submit","id":17,"contact":{}})", T::kSubmit, "", true},
      {R"({"type":"delivered","id":"d-1","ok":true})", T::kDelivered, "", true},
      {R"({"type":"delivered","id":"d-1","ok":false,"retry":false,"error":"no such user"})",
       T::kDelivered, "", true},
      {R"({"type":"log","level":"warn","message":"disk almost full"})", T::kLog, "", true},
      {R"({"type":"query","id":"q","query":"get_ticket","args":{"id":"ticket-1"}})", T::kQuery, "",
       true},
      {R"({"type":"metric","kind":"counter","name":"mails_read","value":2})", T::kMetric, "", true},
      {R"({"type":"metric","kind":"gauge","name":"queue_depth","value":-1.5})", T::kMetric, "",
       true},
      {"not json", T::kUnknown, "not valid JSON", false},
      {"[1]", T::kUnknown, "not a JSON object", false},
      {R"({"id":1})", T::kUnknown, "/type: missing", false},
      {R"({"type":7})", T::kUnknown, "/type: expected a string", false},
      {R"({"type":"hello"})", T::kUnknown, "/type: unknown message type", false},
      {R"({"type":"submit","id":"m-1"})", T::kSubmit, "/contact: expected an object (missing)",
       false},
      {R"({"type":"submit","id":"m-1","contact":[]})", T::kSubmit, "/contact: expected an object",
       false},
      {R"({"type":"submit","contact":{}})", T::kSubmit, "/id: expected a string", false},
      {R"({"type":"submit","id":"","contact":{}})", T::kSubmit, "/id", false},
      {R"({"type":"submit","id":1.5,"contact":{}})", T::kSubmit, "/id", false},
      {R"({"type":"delivered","id":3,"ok":true})", T::kDelivered, "/id", false},
      {R"({"type":"delivered","id":"d-1"})", T::kDelivered, "/ok: expected true or false", false},
      {R"({"type":"delivered","id":"d-1","ok":false})", T::kDelivered, "/error", false},
      {R"({"type":"log","level":"loud","message":"x"})", T::kLog, "/level", false},
      {R"({"type":"log","level":"info"})", T::kLog, "/message", false},
      {R"({"type":"query","id":"q","query":"get_ticket","args":5})", T::kQuery,
       "/args: expected an object", false},
      {R"({"type":"metric","kind":"histogram","name":"x","value":1})", T::kMetric, "/kind", false},
      {R"({"type":"metric","kind":"counter","name":"x","value":-1})", T::kMetric, "/value", false},
      {R"({"type":"metric","kind":"counter","name":"x"})", T::kMetric, "/value", false},
  };
  std::unique_ptr<schema::CompiledSchema> schema = ProtocolSchema();
  for (const LineCase& c : cases) {
    INFO(c.line);
    PluginMessage m = ParsePluginMessage(c.line);
    CHECK(m.type == c.type);
    if (c.problem.empty()) {
      CHECK(m.problem.ok());
    } else {
      CHECK(m.problem.IsInvalidArgument());
      CHECK_THAT(m.problem.message(), Catch::Contains(c.problem));
    }
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(c.line, ec);
    const bool valid = !ec && schema->Validate(v).ok();
    CHECK(valid == c.schema_valid);
  }

  // What the parser hands on.
  PluginMessage submit = ParsePluginMessage(
      R"({"type":"submit","id":"m-1","contact":{"channel":"web","text":"路灯坏了"},"extra":1})");
  CHECK(submit.problem.ok());  // unknown members are ignored
  CHECK(submit.id == "m-1");
  CHECK(boost::json::parse(submit.contact_json) ==
        boost::json::parse(R"({"channel":"web","text":"路灯坏了"})"));
  PluginMessage bad_id = ParsePluginMessage(R"({"type":"query","id":[],"query":"x"})");
  CHECK(bad_id.id.is_null());  // answered with "id": null
  PluginMessage log = ParsePluginMessage(R"({"type":"log","level":"error","message":"m"})");
  CHECK(log.level == REXIAN_LOG_ERROR);
  PluginMessage failed =
      ParsePluginMessage(R"({"type":"delivered","id":"d-2","ok":false,"error":"e"})");
  CHECK(failed.retry);  // the default
  // Invalid UTF-8 inside a string is refused, so it never reaches a log line.
  CHECK(!ParsePluginMessage("{\"type\":\"log\",\"level\":\"info\",\"message\":\"\xff\"}")
             .problem.ok());
}

TEST_CASE("every line the host sends is one line of JSON the schema accepts",
          "[plugin_host][exec]") {
  std::unique_ptr<schema::CompiledSchema> schema = ProtocolSchema();
  PluginConfig config;
  config.name = "mail";
  config.kind = PluginKind::kExec;
  config.command = {"mail-plugin"};
  config.config_json = R"({"server":"imap.example.org","folders":["INBOX"]})";

  SubmitOutcome accepted;
  accepted.ticket_id = "ticket-3203-2025-0000042";
  accepted.ticket_number = "3203-2025-0000042";
  accepted.duplicate = true;
  SubmitOutcome invalid;
  invalid.status = Status::InvalidArgument("contact: /citizen/id is required");
  invalid.errors = {{"/citizen/id", "is required"}, {"/text", "must not be empty"}};
  invalid.quarantine_id = "q-17";
  SubmitOutcome busy;
  busy.status = Status::Unavailable("the log is full");
  Reply reply;
  reply.delivery_id = "ack-ticket-3203-2025-0000042";
  reply.attempt = 2;
  reply.kind = "acknowledgement";
  reply.ticket_number = "3203-2025-0000042";
  reply.channel_message_id = "mail-77";
  reply.citizen_json = R"({"id":"a@example.org","email":"a@example.org"})";
  reply.text = "您的诉求已受理，工单号 3203-2025-0000042。\n请保留。";

  const std::vector<std::string> lines = {
      HelloLine(config, "mail", 1 << 20),
      SubmittedLine(boost::json::value("m-1"), accepted),
      SubmittedLine(boost::json::value(7), invalid),
      SubmittedLine(boost::json::value(nullptr), busy),
      DeliverLine("d-1", reply),
      ResultLine(boost::json::value("q-1"), Result<std::string>(R"({"items":[],"next":null})")),
      ResultLine(boost::json::value(3), Result<std::string>(Status::NotFound("no ticket 9"))),
      ResultLine(boost::json::value(4), Result<std::string>(std::string("not json"))),
      StopLine(),
  };
  for (const std::string& line : lines) {
    INFO(line);
    boost::json::value v = ParseLine(line);
    Status s = schema->Validate(v);
    INFO(s.ToString());
    CHECK(s.ok());
  }

  boost::json::object hello = ParseLine(lines[0]).as_object();
  CHECK(hello.at("abi") == kExecProtocolVersion);
  CHECK(hello.at("config").at("server") == "imap.example.org");
  boost::json::object ok = ParseLine(lines[1]).as_object();
  CHECK(ok.at("ticket_number") == "3203-2025-0000042");
  CHECK(ok.at("duplicate") == true);
  boost::json::object refused = ParseLine(lines[2]).as_object();
  CHECK(refused.at("retry") == false);
  CHECK(refused.at("code") == "invalid_argument");
  CHECK(refused.at("error").at("quarantine_id") == "q-17");
  CHECK(refused.at("error").at("fields").at(0).at("field") == "/citizen/id");
  CHECK(ParseLine(lines[3]).at("retry") == true);
  boost::json::object deliver = ParseLine(lines[4]).as_object();
  CHECK(deliver.at("reply").at("citizen").at("email") == "a@example.org");
  CHECK(deliver.at("reply").at("text").as_string() == reply.text);  // the newline survives, escaped
  CHECK(ParseLine(lines[6]).at("error").at("code") == "not_found");
}

}  // namespace
}  // namespace rexian
