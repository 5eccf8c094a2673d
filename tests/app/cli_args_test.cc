// CliArgs: flags, values and positional arguments.
#include <catch2/catch.hpp>

#include "app/cli_args.h"

namespace rexian::cli {
namespace {

TEST_CASE("arguments parse into values, flags and positionals", "[app]") {
  auto args = CliArgs::Parse({"--config", "a.yaml", "--follow", "--from=42", "citizen-1"},
                             {"config", "from"}, {"follow"});
  REQUIRE(args.ok());
  CHECK(args->Get("config") == "a.yaml");
  CHECK(args->Has("follow"));
  CHECK(args->GetUint("from", 1).value() == 42);
  CHECK(args->GetUint("missing", 7).value() == 7);
  REQUIRE(args->positional().size() == 1);
  CHECK(args->positional()[0] == "citizen-1");
}

TEST_CASE("argument mistakes are named", "[app]") {
  CHECK_THAT(CliArgs::Parse({"--colour"}, {"config"}, {}).status().message(),
             Catch::Equals("unknown option --colour"));
  CHECK_THAT(CliArgs::Parse({"--config"}, {"config"}, {}).status().message(),
             Catch::Equals("--config needs a value"));
  CHECK_THAT(CliArgs::Parse({"--follow=yes"}, {}, {"follow"}).status().message(),
             Catch::Equals("--follow takes no value"));
  auto bad = CliArgs::Parse({"--from", "-3"}, {"from"}, {});
  REQUIRE(bad.ok());
  CHECK_THAT(bad->GetUint("from", 1).status().message(),
             Catch::Contains("--from: expected a non-negative integer, got '-3'"));
}

}  // namespace
}  // namespace rexian::cli
