// Tests of SealFields / OpenFields with real keys: round trips, redaction, Forget, tampering.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include "privacy/base64.h"
#include "rexian/privacy.h"
#include "temp_dir.h"

namespace rexian {
namespace {

using testing::TempDir;

bool IsRedacted(const boost::json::value& v) {
  return v.is_string() && v.get_string() == kRedactedMarker;
}

const std::vector<std::string> kPiiPointers = {
    "/citizen/name",
    "/citizen/phone",
    "/citizen/openid",
    "/text",
    "/age",
    "/location",
    "/attachments/*/name",
    "/attachments/*/caption",  // never present: skipped
    "/reply/text",             // optional object absent: skipped
};

boost::json::value SamplePayload() {
  return boost::json::parse(R"({
    "channel": "wechat",
    "citizen": {"name": "张三", "phone": "13812345678", "openid": "oABC123xyz", "district": "鼓楼区"},
    "text": "小区门口的路灯坏了三天，晚上很黑，老人出门不安全。",
    "age": 67,
    "location": {"lat": 34.2617, "lng": 117.1847, "accuracy_m": 15},
    "attachments": [{"name": "路灯.jpg", "bytes": 204800}, {"name": "录音.amr", "bytes": 51200}],
    "category": {"type": "help", "domain": "urban_construction"}
  })");
}

struct Fixture {
  TempDir tmp;
  std::unique_ptr<KeyStore> keys;

  Fixture() {
    Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(tmp.path("keys"));
    REQUIRE(opened.ok());
    keys = std::move(*opened);
  }

  boost::json::value Sealed(const std::string& citizen, const std::string& event_id,
                            boost::json::value payload = SamplePayload()) {
    Result<DataKey> key = keys->KeyFor(citizen);
    REQUIRE(key.ok());
    Status s = SealFields(payload, kPiiPointers, citizen, *key, event_id);
    INFO(s.ToString());
    REQUIRE(s.ok());
    return payload;
  }

  Status Open(boost::json::value& payload, const std::string& event_id,
              PiiAccess access = PiiAccess::kPlaintext, std::size_t* opened = nullptr,
              std::size_t* redacted = nullptr) {
    return OpenFields(payload, *keys, access, event_id, opened, redacted);
  }
};

TEST_CASE("sealed personal fields round-trip exactly, other fields stay readable", "[privacy]") {
  Fixture f;
  boost::json::value sealed = f.Sealed("citizen-1", "evt-1");
  std::string stored = boost::json::serialize(sealed);
  for (const char* secret :
       {"张三", "13812345678", "oABC123xyz", "路灯坏了", "34.2617", "路灯.jpg", "录音.amr"}) {
    INFO(secret);
    CHECK(stored.find(secret) == std::string::npos);
  }
  // Non-personal fields are left as they were, for statistics and routing.
  CHECK(sealed.at("channel") == "wechat");
  CHECK(sealed.at("citizen").at("district") == "鼓楼区");
  CHECK(sealed.at("attachments").at(0).at("bytes") == 204800);
  CHECK(sealed.at("category") == SamplePayload().at("category"));
  CHECK_FALSE(sealed.as_object().contains("reply"));

  const boost::json::object& seal = sealed.at("citizen").at("phone").at("$pii").as_object();
  CHECK(seal.at("c") == "citizen-1");
  CHECK(seal.at("k").as_string() == f.keys->KeyFor("citizen-1")->id);
  CHECK(privacy::Base64Decode(seal.at("n").as_string())->size() == 12);
  CHECK(MayHaveSealedFields(stored));
  CHECK_FALSE(MayHaveSealedFields(boost::json::serialize(SamplePayload())));

  std::size_t opened = 0;
  std::size_t redacted = 99;
  REQUIRE(f.Open(sealed, "evt-1", PiiAccess::kPlaintext, &opened, &redacted).ok());
  CHECK(sealed == SamplePayload());
  CHECK(opened == 8);
  CHECK(redacted == 0);
}

TEST_CASE("any JSON value round-trips through a sealed field", "[privacy]") {
  Fixture f;
  boost::json::value payload = boost::json::parse(R"({"v": [
    0, -1, 9007199254740993, 18446744073709551615, 0.1, -2.5e-300, 1e300, true, false, null,
    "", "引号\"与\\反斜杠\n换行", {"nested": {"deep": [1, {"x": "y"}]}}, [], {}
  ]})");
  // A longitude that Boost.JSON 1.81's own parser reads back one ulp off.
  const double longitude = 117.18001000000001;
  REQUIRE(boost::json::parse(boost::json::serialize(boost::json::value(longitude))).as_double() !=
          longitude);
  payload.at("v").as_array().push_back(longitude);
  boost::json::value original = payload;
  Result<DataKey> key = f.keys->KeyFor("citizen-values");
  REQUIRE(key.ok());
  REQUIRE(SealFields(payload, {"/v/*"}, "citizen-values", *key, "evt-values").ok());
  for (const auto& item : payload.at("v").as_array()) CHECK(item.as_object().contains("$pii"));
  std::size_t opened = 0;
  REQUIRE(f.Open(payload, "evt-values", PiiAccess::kPlaintext, &opened).ok());
  CHECK(opened == 16);
  CHECK(payload == original);
  CHECK(payload.at("v").as_array().back().as_double() == longitude);
  CHECK(boost::json::serialize(payload) == boost::json::serialize(original));
}

TEST_CASE("an array index, escaped names and nested pointers seal once", "[privacy]") {
  Fixture f;
  boost::json::value payload = boost::json::parse(
      R"({"a/b": {"m~n": "秘密"}, "list": ["x", "y"], "citizen": {"phone": "1", "name": "n"}})");
  boost::json::value original = payload;
  Result<DataKey> key = f.keys->KeyFor("citizen-p");
  REQUIRE(key.ok());
  REQUIRE(SealFields(payload, {"/a~1b/m~0n", "/list/1", "/citizen/phone", "/citizen", "/citizen"},
                     "citizen-p", *key, "evt-p")
              .ok());
  CHECK(payload.at("list").at(0) == "x");
  // "/citizen" covers "/citizen/phone": one sealed value, not one inside another.
  std::string stored = boost::json::serialize(payload);
  CHECK(payload.at("citizen").as_object().size() == 1);
  std::size_t seals = 0;
  for (std::size_t at = stored.find("$pii"); at != std::string::npos;
       at = stored.find("$pii", at + 1)) {
    ++seals;
  }
  CHECK(seals == 3);
  std::size_t opened = 0;
  REQUIRE(f.Open(payload, "evt-p", PiiAccess::kPlaintext, &opened).ok());
  CHECK(opened == 3);
  CHECK(payload == original);
}

TEST_CASE("each sealing uses a fresh nonce", "[privacy]") {
  Fixture f;
  boost::json::value one = f.Sealed("citizen-n", "evt-n");
  boost::json::value two = f.Sealed("citizen-n", "evt-n");
  CHECK(one.at("text").at("$pii").at("n") != two.at("text").at("$pii").at("n"));
  CHECK(one.at("text").at("$pii").at("d") != two.at("text").at("$pii").at("d"));
}

TEST_CASE("redacted access replaces every sealed field by the marker", "[privacy]") {
  Fixture f;
  boost::json::value payload = f.Sealed("citizen-r", "evt-r");
  std::size_t opened = 99;
  std::size_t redacted = 0;
  REQUIRE(f.Open(payload, "evt-r", PiiAccess::kRedacted, &opened, &redacted).ok());
  CHECK(opened == 0);
  CHECK(redacted == 8);
  CHECK(IsRedacted(payload.at("citizen").at("name")));
  CHECK(IsRedacted(payload.at("location")));
  CHECK(IsRedacted(payload.at("attachments").at(1).at("name")));
  CHECK(payload.at("attachments").at(1).at("bytes") == 51200);
  CHECK(payload.at("citizen").at("district") == "鼓楼区");
}

TEST_CASE("after Forget the citizen's fields read as redacted, a return gets a new key",
          "[privacy]") {
  Fixture f;
  boost::json::value before = f.Sealed("citizen-x", "evt-x1");
  boost::json::value other = f.Sealed("citizen-y", "evt-y1");
  std::string stored_before = boost::json::serialize(before);
  std::string old_key = f.keys->KeyFor("citizen-x")->id;

  Result<std::size_t> forgotten = f.keys->Forget("citizen-x");
  REQUIRE(forgotten.ok());
  CHECK(*forgotten == 1);

  boost::json::value read = boost::json::parse(stored_before);
  std::size_t opened = 99;
  std::size_t redacted = 0;
  REQUIRE(f.Open(read, "evt-x1", PiiAccess::kPlaintext, &opened, &redacted).ok());
  CHECK(opened == 0);
  CHECK(redacted == 8);
  CHECK(IsRedacted(read.at("text")));
  CHECK(read.at("channel") == "wechat");

  REQUIRE(f.Open(other, "evt-y1").ok());  // another citizen is unaffected
  CHECK(other == SamplePayload());

  // The citizen comes back: new key, new data readable, old data still redacted.
  boost::json::value after = f.Sealed("citizen-x", "evt-x2");
  CHECK(after.at("text").at("$pii").at("k").as_string() != old_key);
  boost::json::value old_again = boost::json::parse(stored_before);
  REQUIRE(f.Open(old_again, "evt-x1").ok());
  CHECK(IsRedacted(old_again.at("citizen").at("phone")));
  REQUIRE(f.Open(after, "evt-x2", PiiAccess::kPlaintext, &opened, &redacted).ok());
  CHECK(opened == 8);
  CHECK(after == SamplePayload());
}

TEST_CASE("a sealed value from an unknown key store reads as redacted", "[privacy]") {
  Fixture f;
  Fixture elsewhere;
  boost::json::value payload = elsewhere.Sealed("citizen-e", "evt-e");
  std::size_t redacted = 0;
  REQUIRE(f.Open(payload, "evt-e", PiiAccess::kPlaintext, nullptr, &redacted).ok());
  CHECK(redacted == 8);
}

TEST_CASE("tampered sealed values are Corruption naming the field, payload untouched",
          "[privacy]") {
  Fixture f;
  boost::json::value sealed = f.Sealed("citizen-t", "evt-t");

  auto expect_corruption = [&](boost::json::value payload, const std::string& event_id,
                               const std::string& pointer) {
    boost::json::value copy = payload;
    std::size_t opened = 99;
    Status s = f.Open(payload, event_id, PiiAccess::kPlaintext, &opened);
    INFO(s.ToString());
    CHECK(s.IsCorruption());
    CHECK(s.message().find(pointer) != std::string::npos);
    CHECK(payload == copy);
    CHECK(opened == 0);
    for (const char* secret : {"张三", "13812345678", "路灯"}) {
      CHECK(s.message().find(secret) == std::string::npos);
    }
  };

  SECTION("a flipped ciphertext byte") {
    boost::json::value payload = sealed;
    boost::json::object& seal = payload.at("citizen").at("phone").at("$pii").as_object();
    std::string data = *privacy::Base64Decode(seal.at("d").as_string());
    data[3] = static_cast<char>(data[3] ^ 0x20);
    seal["d"] = privacy::Base64Encode(data);
    expect_corruption(payload, "evt-t", "/citizen/phone");
  }
  SECTION("a flipped tag byte") {
    boost::json::value payload = sealed;
    boost::json::object& seal = payload.at("text").at("$pii").as_object();
    std::string data = *privacy::Base64Decode(seal.at("d").as_string());
    data.back() = static_cast<char>(data.back() ^ 0x01);
    seal["d"] = privacy::Base64Encode(data);
    expect_corruption(payload, "evt-t", "/text");
  }
  SECTION("a sealed value moved to another field") {
    boost::json::value payload = sealed;
    payload.at("citizen").as_object()["name"] = payload.at("citizen").at("phone");
    expect_corruption(payload, "evt-t", "/citizen/name");
  }
  SECTION("sealed values swapped between array items") {
    boost::json::value payload = sealed;
    boost::json::array& items = payload.at("attachments").as_array();
    std::swap(items[0].as_object()["name"], items[1].as_object()["name"]);
    expect_corruption(payload, "evt-t", "/attachments/0/name");
  }
  SECTION("a sealed payload replayed under another event id") {
    expect_corruption(sealed, "evt-other", "/citizen/name");
  }
  SECTION("a sealed value that names another citizen") {
    boost::json::value payload = sealed;
    payload.at("age").at("$pii").as_object()["c"] = "citizen-someone-else";
    expect_corruption(payload, "evt-t", "/age");
  }
  SECTION("a malformed sealed value") {
    boost::json::value payload = sealed;
    payload.at("location").at("$pii").as_object().erase("n");
    expect_corruption(payload, "evt-t", "/location");
  }
  SECTION("redacted access still rejects a malformed sealed value") {
    boost::json::value payload = sealed;
    payload.at("location").as_object()["extra"] = 1;
    CHECK(f.Open(payload, "evt-t", PiiAccess::kRedacted).IsCorruption());
  }
}

TEST_CASE("SealFields rejects bad input and leaves the payload as it was", "[privacy]") {
  Fixture f;
  DataKey key = *f.keys->KeyFor("citizen-b");
  boost::json::value payload = SamplePayload();
  const boost::json::value original = payload;

  CHECK(SealFields(payload, {"text"}, "citizen-b", key, "evt-b").IsInvalidArgument());
  CHECK(SealFields(payload, {"/text", ""}, "citizen-b", key, "evt-b").IsInvalidArgument());
  CHECK(SealFields(payload, {"/text"}, "", key, "evt-b").IsInvalidArgument());
  CHECK(SealFields(payload, {"/text"}, "citizen-b", key, "").IsInvalidArgument());
  CHECK(SealFields(payload, {"/text"}, "citizen-b", key, "evt\nb").IsInvalidArgument());
  CHECK(SealFields(payload, {"/text"}, "citizen-b", DataKey{key.id, "short"}, "evt-b")
            .IsInvalidArgument());
  CHECK(SealFields(payload, {"/text"}, "citizen-b", DataKey{"XYZ", key.key}, "evt-b")
            .IsInvalidArgument());
  CHECK(payload == original);

  boost::json::value not_object = boost::json::parse("[1, 2]");
  CHECK(SealFields(not_object, {"/0"}, "citizen-b", key, "evt-b").IsInvalidArgument());

  // A client must not smuggle in a forged sealed value, anywhere in the payload.
  boost::json::value smuggled = SamplePayload();
  smuggled.as_object()["note"] = boost::json::parse(R"({"$pii": {"c": "x"}})");
  boost::json::value smuggled_copy = smuggled;
  Status s = SealFields(smuggled, {"/text"}, "citizen-b", key, "evt-b");
  CHECK(s.IsInvalidArgument());
  CHECK(smuggled == smuggled_copy);

  // The error never carries key material.
  DataKey bad{key.id, key.key.substr(0, 31)};
  Status bad_key = SealFields(payload, {"/text"}, "citizen-b", bad, "evt-b");
  CHECK(bad_key.message().find(bad.key) == std::string::npos);

  // Nothing to seal is fine.
  boost::json::value plain = SamplePayload();
  REQUIRE(SealFields(plain, {}, "citizen-b", key, "evt-b").ok());
  CHECK(plain == SamplePayload());
  std::size_t opened = 99;
  std::size_t redacted = 99;
  REQUIRE(f.Open(plain, "evt-b", PiiAccess::kPlaintext, &opened, &redacted).ok());
  CHECK(opened == 0);
  CHECK(redacted == 0);
}

}  // namespace
}  // namespace rexian
