// The plugin kit's entry-point error handling: the host's error buffer, the
// host function table's size, exceptions turned into statuses.
#include "kit/entry_errors.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <stdexcept>
#include <string>

namespace rexian::plugin_kit {
namespace {

TEST_CASE("WriteError truncates to the buffer and always terminates", "[plugins][kit]") {
  char buffer[8];
  std::memset(buffer, 'x', sizeof buffer);
  WriteError(buffer, sizeof buffer, "a long message");
  CHECK(std::string(buffer) == "a long ");
  WriteError(buffer, sizeof buffer, "ok");
  CHECK(std::string(buffer) == "ok");
  WriteError(buffer, 0, "ignored");
  CHECK(std::string(buffer) == "ok");
  WriteError(nullptr, 8, "ignored");  // no buffer: nothing happens
}

TEST_CASE("HostApiCovers refuses a missing or older function table", "[plugins][kit]") {
  char error[128] = "";
  rexian_host_api api{};
  api.struct_size = sizeof api;
  CHECK(HostApiCovers(&api, sizeof api, error, sizeof error));
  CHECK(std::string(error).empty());
  api.struct_size = sizeof api - 1;
  CHECK_FALSE(HostApiCovers(&api, sizeof api, error, sizeof error));
  CHECK(std::string(error) == "the host's function table is older than this plugin needs");
  error[0] = '\0';
  CHECK_FALSE(HostApiCovers(nullptr, 1, error, sizeof error));
  CHECK_FALSE(std::string(error).empty());
}

TEST_CASE("RunCatching passes statuses through and turns exceptions into INTERNAL",
          "[plugins][kit]") {
  char error[64] = "";
  CHECK(RunCatching("start", error, sizeof error, [] { return REXIAN_OK; }) == REXIAN_OK);
  CHECK(RunCatching("start", error, sizeof error, [] { return REXIAN_INVALID; }) == REXIAN_INVALID);
  CHECK(std::string(error).empty());
  auto throws = []() -> rexian_status { throw std::runtime_error("no socket"); };
  CHECK(RunCatching("create", error, sizeof error, throws) == REXIAN_INTERNAL);
  CHECK(std::string(error) == "create failed: no socket");
  auto throws_int = []() -> rexian_status { throw 7; };
  CHECK(RunCatching("deliver", error, sizeof error, throws_int) == REXIAN_INTERNAL);
  CHECK(std::string(error) == "deliver failed");
}

}  // namespace
}  // namespace rexian::plugin_kit
