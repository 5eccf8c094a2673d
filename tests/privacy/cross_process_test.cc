// Tests of one key store used by two processes at once, as the server and `rexian forget` do.
#include <stdio.h>
#include <sys/wait.h>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <string>

#include "rexian/privacy.h"
#include "temp_dir.h"

namespace rexian {
namespace {

using testing::TempDir;

bool IsRedacted(const boost::json::value& v) {
  return v.is_string() && v.get_string() == kRedactedMarker;
}

// Runs key_store_tool with `args`; returns its first output line, or "exit N" if it failed.
std::string RunTool(const std::string& args) {
  std::string command = std::string(REXIAN_KEY_STORE_TOOL) + " " + args;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return "exit " + std::to_string(WEXITSTATUS(status));
  }
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST_CASE("a Forget by another process is seen at once by a running store", "[privacy]") {
  TempDir tmp;
  std::string dir = tmp.path("keys");
  Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(dir);
  REQUIRE(opened.ok());
  KeyStore& server = **opened;

  Result<DataKey> key = server.KeyFor("citizen-p");
  REQUIRE(key.ok());
  boost::json::value payload =
      boost::json::parse(R"({"text": "我家楼下噪音扰民", "type": "complaint"})");
  REQUIRE(SealFields(payload, {"/text"}, "citizen-p", *key, "evt-p").ok());
  boost::json::value readable = payload;
  REQUIRE(OpenFields(readable, server, PiiAccess::kPlaintext, "evt-p").ok());
  CHECK(readable.at("text") == "我家楼下噪音扰民");

  // The other process sees the server's key, then forgets the citizen while the server runs.
  CHECK(RunTool(dir + " find " + key->id) == "citizen-p");
  CHECK(RunTool(dir + " keyfor citizen-p") == key->id);
  CHECK(RunTool(dir + " forget citizen-p") == "1");

  CHECK(server.Find(key->id).status().IsNotFound());
  CHECK(server.WasForgotten("citizen-p"));
  std::size_t redacted = 0;
  REQUIRE(OpenFields(payload, server, PiiAccess::kPlaintext, "evt-p", nullptr, &redacted).ok());
  CHECK(redacted == 1);
  CHECK(IsRedacted(payload.at("text")));
  CHECK(payload.at("type") == "complaint");

  // And the other way round: a key the server creates now is the one the other process sees.
  Result<DataKey> fresh = server.KeyFor("citizen-p");
  REQUIRE(fresh.ok());
  CHECK(fresh->id != key->id);
  CHECK(RunTool(dir + " keyfor citizen-p") == fresh->id);
  CHECK(RunTool(dir + " find " + key->id) == "not found");
}

TEST_CASE("a store adopts a map grown by another process", "[privacy]") {
  TempDir tmp;
  std::string dir = tmp.path("keys");
  KeyStoreOptions small;
  small.initial_map_size = 64 * 1024;
  Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(dir, small);
  REQUIRE(opened.ok());
  KeyStore& server = **opened;
  REQUIRE(server.KeyFor("citizen-first").ok());

  // The other process writes far more than 64 KiB (300 keys with 200-byte citizen ids).
  std::string prefix(200, 'q');
  std::string last = RunTool(dir + " fill " + prefix + " 300 " + std::to_string(8 << 20));
  REQUIRE(last.size() == 16);

  Result<KeyInfo> info = server.Describe(last);
  INFO(info.status().ToString());
  REQUIRE(info.ok());
  CHECK(info->citizen_id == prefix + "299");
  Result<DataKey> more = server.KeyFor("citizen-after-growth");
  REQUIRE(more.ok());
  CHECK(RunTool(dir + " find " + more->id) == "citizen-after-growth");
}

}  // namespace
}  // namespace rexian
