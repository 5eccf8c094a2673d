// AmiReader: framing of the AMI byte stream, garbage, limits; AmiAction.
#include <catch2/catch.hpp>

#include "phone/ami_message.h"

namespace rexian::phone {
namespace {

std::vector<AmiMessage> Read(AmiReader& reader, std::string_view bytes) {
  std::vector<AmiMessage> out;
  reader.Feed(bytes, &out);
  return out;
}

TEST_CASE("the banner, then messages ended by a blank line", "[plugins][phone]") {
  AmiReader reader;
  auto messages = Read(reader,
                       "Asterisk Call Manager/7.0.3\r\nResponse: Success\r\nActionID: 1\r\n"
                       "Message: Authentication accepted\r\n\r\nEvent: FullyBooted\r\n");
  REQUIRE(messages.size() == 1);
  CHECK(reader.banner() == std::optional<std::string>("Asterisk Call Manager/7.0.3"));
  CHECK(messages[0].Response() == "Success");
  CHECK(messages[0].Get("actionid") == "1");  // keys compare without case
  CHECK(messages[0].Get("Message") == "Authentication accepted");
  // The second message completes only with its blank line.
  messages = Read(reader, "Status: Fully Booted\n\n");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].Event() == "FullyBooted");
  CHECK(messages[0].Get("Status") == "Fully Booted");
  CHECK(reader.garbage_lines() == 0);
}

TEST_CASE("a message split at every byte reads the same", "[plugins][phone]") {
  const std::string wire = "Event: Hangup\r\nChannel: PJSIP/trunk-00000001\r\nCause-txt: Normal "
                           "Clearing\r\nValue: a: b\r\n\r\n";
  AmiReader reader;
  std::vector<AmiMessage> out;
  for (char c : wire) reader.Feed(std::string_view(&c, 1), &out);
  REQUIRE(out.size() == 1);
  CHECK(out[0].Get("Cause-txt") == "Normal Clearing");
  CHECK(out[0].Get("Value") == "a: b");  // only the first colon separates
  CHECK(out[0].Get("Absent").empty());
  CHECK_FALSE(out[0].Has("Absent"));
}

TEST_CASE("garbage lines are skipped and counted, never end a message", "[plugins][phone]") {
  AmiReader reader;
  auto messages = Read(reader,
                       "noise before\r\nEvent: Newchannel\r\nnot a header\r\n: no key\r\n"
                       "Key With Space: x\r\nUniqueid: 1.1\r\n\r\n\r\n\r\n");
  REQUIRE(messages.size() == 1);  // empty messages are not messages
  CHECK(messages[0].headers.size() == 2);
  CHECK(messages[0].Get("Uniqueid") == "1.1");
  CHECK(reader.garbage_lines() == 4);
}

TEST_CASE("an overlong line is dropped whole, too many headers are cut", "[plugins][phone]") {
  AmiReader reader(AmiReaderLimits{64, 3});
  auto messages = Read(reader, "Event: UserEvent\r\nData: " + std::string(100, 'x') +
                                   "\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].headers.size() == 3);
  CHECK_FALSE(messages[0].Has("Data"));
  CHECK_FALSE(messages[0].Has("C"));
  CHECK(reader.garbage_lines() == 2);
  // A huge line arriving in pieces costs no more than the limit.
  for (int i = 0; i < 100; ++i) Read(reader, std::string(1000, 'y'));
  messages = Read(reader, "\r\nEvent: Ok\r\n\r\n");
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].Event() == "Ok");
  CHECK(reader.garbage_lines() == 3);
}

TEST_CASE("actions are written in order and refuse line breaks in values", "[plugins][phone]") {
  CHECK(AmiAction({{"Action", "Login"}, {"Username", "rexian"}, {"Secret", "s3"}}) ==
        "Action: Login\r\nUsername: rexian\r\nSecret: s3\r\n\r\n");
  CHECK(AmiAction({{"Action", "Login"}, {"Secret", "x\r\nAction: Originate"}}).empty());
}

}  // namespace
}  // namespace rexian::phone
