// W3C date-times as Open311 writes them.
#include <catch2/catch.hpp>

#include "web/time_text.h"

namespace rexian::web {
namespace {

TEST_CASE("W3C date-times parse with Z or an offset and print in UTC", "[plugins][web][time]") {
  auto utc = ParseW3Time("1994-11-05T13:15:30Z");
  REQUIRE(utc.has_value());
  CHECK(ParseW3Time("1994-11-05T08:15:30-05:00") == utc);
  CHECK(ParseW3Time("1994-11-05T21:15:30.250+08:00") == utc);
  CHECK(FormatUtc(*utc) == "1994-11-05T13:15:30Z");
  CHECK(FormatChangeset(*utc) == "1994-11-05 13:15");
  CHECK(FormatUtc(*ParseW3Time("2024-02-29T23:59:59-01:00")) == "2024-03-01T00:59:59Z");
  for (const char* bad : {"1994-11-05", "1994-11-05T13:15:30", "1994-11-05 13:15:30Z", "1994-13-05T13:15:30Z",
                          "2025-02-29T00:00:00Z", "1994-11-05T25:00:00Z", "1994-11-05T13:15:30+0800",
                          "1994-11-05T13:15:30Zjunk", ""}) {
    INFO(bad);
    CHECK_FALSE(ParseW3Time(bad).has_value());
  }
}

}  // namespace
}  // namespace rexian::web
