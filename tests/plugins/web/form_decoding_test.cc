// Form decoding: application/x-www-form-urlencoded bodies and query strings.
#include <catch2/catch.hpp>

#include "web/form_decoding.h"

namespace rexian::web {
namespace {

TEST_CASE("pairs decode with '+' as space and %XX as bytes, in order", "[plugins][web][form]") {
  auto fields = DecodeForm(
      "api_key=xyz&service_code=0101&lat=34.26&description=%E8%B7%AF%E9%9D%A2+%E5%9D%91%E6%B4%BC"
      "&&email=a%40b.cn&attribute%5BWHISPAWN%5D=123&attribute[X][]=1&attribute[X][]=2&flag");
  REQUIRE(fields.ok());
  const std::vector<FormField>& f = *fields;
  REQUIRE(f.size() == 9);
  CHECK(f[0].name == "api_key");
  CHECK(f[0].value == "xyz");
  CHECK(f[3].name == "description");
  CHECK(f[3].value == "路面 坑洼");
  CHECK(f[4].value == "a@b.cn");
  CHECK(f[5].name == "attribute[WHISPAWN]");
  CHECK(f[6].name == "attribute[X][]");
  CHECK(f[7].value == "2");
  CHECK(f[8].name == "flag");
  CHECK(f[8].value.empty());
}

TEST_CASE("a malformed escape or bytes that are not UTF-8 name the field", "[plugins][web][form]") {
  auto bad_escape = DecodeForm("service_code=0101&description=50%");
  REQUIRE_FALSE(bad_escape.ok());
  CHECK(bad_escape.error() == "description: malformed percent-encoding");
  CHECK_FALSE(DecodeForm("a=%zz").ok());
  CHECK_FALSE(DecodeForm("a=%4").ok());
  auto latin1 = DecodeForm("first_name=Jos%E9");
  REQUIRE_FALSE(latin1.ok());
  CHECK(latin1.error() == "first_name: not valid UTF-8");
  CHECK_FALSE(DecodeForm("x=%ED%A0%80").ok());  // a UTF-16 surrogate
  CHECK_FALSE(DecodeForm("x=%C0%AF").ok());     // an overlong '/'
  CHECK_FALSE(DecodeForm("%FF=1").ok());
  CHECK(DecodeForm("").ok());
  CHECK(DecodeForm("")->empty());
}

TEST_CASE("an empty value counts as not sent, as Open311 says of optional arguments",
          "[plugins][web][form]") {
  FormFields fields(*DecodeForm("email=&email=x%40y.cn&status=open&status=&status=closed"));
  CHECK(fields.Get("email") == "x@y.cn");
  CHECK_FALSE(fields.Get("phone").has_value());
  CHECK(fields.All("status") == std::vector<std::string>{"open", "closed"});
}

TEST_CASE("the form content type is recognised with or without charset utf-8", "[plugins][web][form]") {
  CHECK(IsFormContentType("application/x-www-form-urlencoded"));
  CHECK(IsFormContentType("application/x-www-form-urlencoded; charset=utf-8"));
  CHECK(IsFormContentType("Application/X-WWW-Form-Urlencoded;charset=\"UTF-8\""));
  CHECK_FALSE(IsFormContentType("application/x-www-form-urlencoded; charset=iso-8859-1"));
  CHECK_FALSE(IsFormContentType("application/json"));
  CHECK_FALSE(IsFormContentType("multipart/form-data; boundary=x"));
  CHECK_FALSE(IsFormContentType(""));
}

}  // namespace
}  // namespace rexian::web
