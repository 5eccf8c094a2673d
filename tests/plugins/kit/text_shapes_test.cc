// The plugin kit's identifier shapes: configured names and key digests.
#include "kit/text_shapes.h"

#include <catch2/catch.hpp>
#include <string>

namespace rexian::plugin_kit {
namespace {

TEST_CASE("IsLowerName: a letter or digit first, then the allowed punctuation", "[plugins][kit]") {
  CHECK(IsLowerName("xz12345", 32, "_-"));
  CHECK(IsLowerName("a_b-c", 32, "_-"));
  CHECK(IsLowerName("app.v2", 64, "_.-"));
  CHECK_FALSE(IsLowerName("app.v2", 32, "_-"));
  CHECK_FALSE(IsLowerName("", 32, "_-"));
  CHECK_FALSE(IsLowerName("-a", 32, "_-"));
  CHECK_FALSE(IsLowerName("Abc", 32, "_-"));
  CHECK_FALSE(IsLowerName("a b", 32, "_-"));
  CHECK(IsLowerName(std::string(32, 'a'), 32, "_-"));
  CHECK_FALSE(IsLowerName(std::string(33, 'a'), 32, "_-"));
}

TEST_CASE("IsSha256Hex: exactly 64 lower-case hex digits", "[plugins][kit]") {
  const std::string digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  CHECK(IsSha256Hex(digest));
  CHECK_FALSE(IsSha256Hex(digest.substr(1)));
  CHECK_FALSE(IsSha256Hex(digest + "0"));
  std::string upper = digest;
  upper[0] = 'B';
  CHECK_FALSE(IsSha256Hex(upper));
  CHECK_FALSE(IsSha256Hex(std::string(64, 'g')));
}

}  // namespace
}  // namespace rexian::plugin_kit
