// The sealed format did not change: SealFields / OpenFields against a reference implementation of
// the format from one-shot OpenSSL calls, both ways, over generated payloads; tampering fails.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include "privacy/aes_gcm.h"
#include "privacy/base64.h"
#include "privacy/exact_json_parse.h"
#include "privacy/pii_pointer.h"
#include "privacy/pii_pointer_cache.h"
#include "rexian/privacy.h"
#include "temp_dir.h"

namespace rexian {
namespace {

namespace json = boost::json;
using testing::TempDir;

// ---- The reference: the format as docs/personal-data.md defines it, one EVP context per field.

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string EvpSeal(std::string_view key, std::string_view nonce, std::string_view aad,
                    std::string_view plaintext) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  std::string out(plaintext.size() + 16, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  int total = 0;
  REQUIRE(EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) == 1);
  REQUIRE(EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1);
  REQUIRE(EVP_EncryptUpdate(ctx, o, &len, Bytes(plaintext), static_cast<int>(plaintext.size())) ==
          1);
  total = len;
  REQUIRE(EVP_EncryptFinal_ex(ctx, o + total, &len) == 1);
  total += len;
  REQUIRE(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, o + total) == 1);
  EVP_CIPHER_CTX_free(ctx);
  return out;
}

std::optional<std::string> EvpOpen(std::string_view key, std::string_view nonce,
                                   std::string_view aad, std::string_view sealed) {
  if (sealed.size() < 16) return std::nullopt;
  std::string_view ciphertext = sealed.substr(0, sealed.size() - 16);
  std::string tag(sealed.substr(ciphertext.size()));
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  std::string out(ciphertext.size(), '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  bool ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) == 1 &&
            EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx, o, &len, Bytes(ciphertext),
                              static_cast<int>(ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, tag.data()) == 1;
  int total = len;
  ok = ok && EVP_DecryptFinal_ex(ctx, o + total, &len) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return std::nullopt;
  out.resize(static_cast<std::size_t>(total + len));
  return out;
}

// Seals as the format says: each outermost matched field's JSON text under a random 12-byte nonce,
// AAD = event id "\n" concrete pointer, replaced by {"$pii": {"c", "k", "n", "d"}}.
void ReferenceSeal(json::value& payload, const std::vector<std::string>& pointers,
                   const std::string& citizen, const DataKey& key, const std::string& event_id) {
  std::map<std::string, json::value*> by_pointer;
  for (const std::string& text : pointers) {
    Result<privacy::PiiPointer> pointer = privacy::PiiPointer::Parse(text);
    REQUIRE(pointer.ok());
    std::vector<privacy::PiiPointer::Match> matches;
    pointer->Expand(payload, matches);
    for (const auto& match : matches) by_pointer.emplace(match.concrete, match.target);
  }
  std::vector<std::pair<std::string, json::value*>> outermost;
  for (const auto& [pointer, target] : by_pointer) {
    bool covered = false;
    for (std::size_t i = 1; i < pointer.size(); ++i) {
      if (pointer[i] == '/' && by_pointer.count(pointer.substr(0, i)) > 0) covered = true;
    }
    if (!covered) outermost.emplace_back(pointer, target);
  }
  for (const auto& [pointer, target] : outermost) {
    std::string nonce(12, '\0');
    REQUIRE(RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), 12) == 1);
    std::string data = EvpSeal(key.key, nonce, event_id + "\n" + pointer, json::serialize(*target));
    json::object inner;
    inner["c"] = citizen;
    inner["k"] = key.id;
    inner["n"] = privacy::Base64Encode(nonce);
    inner["d"] = privacy::Base64Encode(data);
    json::object outer;
    outer["$pii"] = std::move(inner);
    *target = std::move(outer);
  }
}

// Opens every sealed object of `payload` with `key` (all must be sealed under it); false if one
// fails to authenticate or is not in the format.
bool ReferenceOpen(json::value& value, const DataKey& key, const std::string& event_id,
                   const std::string& pointer = "") {
  if (json::object* object = value.if_object()) {
    if (json::value* seal = object->if_contains("$pii")) {
      const json::object& inner = seal->as_object();
      if (inner.at("k").as_string() != key.id) return false;
      std::optional<std::string> nonce = privacy::Base64Decode(inner.at("n").as_string());
      std::optional<std::string> data = privacy::Base64Decode(inner.at("d").as_string());
      if (!nonce || !data || nonce->size() != 12) return false;
      std::optional<std::string> plaintext =
          EvpOpen(key.key, *nonce, event_id + "\n" + pointer, *data);
      if (!plaintext) return false;
      Result<json::value> original = privacy::ParseJsonExactly(*plaintext);
      if (!original.ok()) return false;
      value = std::move(*original);
      return true;
    }
    for (auto& member : *object) {
      std::string child = pointer;
      privacy::AppendPointerToken(child, member.key());
      if (!ReferenceOpen(member.value(), key, event_id, child)) return false;
    }
  } else if (json::array* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (!ReferenceOpen((*array)[i], key, event_id, pointer + "/" + std::to_string(i))) {
        return false;
      }
    }
  }
  return true;
}

// The payload with every sealed object's random parts replaced by their lengths: two sealings of
// one payload by compatible code are equal in this form.
json::value Shape(json::value value) {
  if (json::object* object = value.if_object()) {
    if (json::value* seal = object->if_contains("$pii")) {
      json::object& inner = seal->as_object();
      inner["n"] = privacy::Base64Decode(inner.at("n").as_string())->size();
      inner["d"] = privacy::Base64Decode(inner.at("d").as_string())->size();
      return value;
    }
    for (auto& member : *object) member.value() = Shape(member.value());
  } else if (json::array* array = value.if_array()) {
    for (json::value& item : *array) item = Shape(item);
  }
  return value;
}

// ---- Generated payloads.

const std::vector<std::string> kPointers = {
    "/citizen/channel_id",
    "/citizen/name",
    "/citizen/phone",
    "/citizen/email",
    "/text",
    "/location/address",
    "/location/lat",
    "/location/lon",
    "/attachments/*/name",
    "/odd~0key~1with",
    "/nested",
    "/nested/inner/x",
    "/list/*",
    "/list/4/x",
    "/empty",
    "/missing/field",
    "/text",  // listed twice: sealed once
};

class PayloadMaker {
 public:
  explicit PayloadMaker(unsigned seed) : rng_(seed) {}

  // Text of 0..max_chars characters: Chinese, ASCII, 4-byte UTF-8, quotes, backslashes, controls.
  std::string Text(int max_chars) {
    static const std::vector<std::string> kPieces = {
        "市", "民", "反", "映", "小", "区", "门", "口", "路", "灯", "坏", "了",   "，", "。", "鼓",
        "楼", "a",  "Z",  "7",  " ",  "\"", "\\", "/",  "~",  "\n", "\t", "\x01", "😀",  "é"};
    std::string out;
    int n = Int(0, max_chars);
    for (int i = 0; i < n; ++i) out += kPieces[static_cast<std::size_t>(Int(0, 28))];
    return out;
  }

  json::value Payload() {
    json::object p;
    p["number"] = "T-" + std::to_string(Int(1000, 9999));
    json::object citizen;
    citizen["channel_id"] = "oABC" + Text(20);
    if (Coin()) citizen["name"] = Text(6);
    if (Coin()) citizen["phone"] = "138" + std::to_string(Int(10000000, 99999999));
    if (Coin()) citizen["email"] = json::value(nullptr);
    p["citizen"] = std::move(citizen);
    p["text"] = Text(Coin() ? 300 : 20);
    if (Coin()) {
      p["location"] = {{"address", Text(40)},
                       {"lat", Int(-90000, 90000) / 1000.0 + 0.0001},
                       {"lon", 117.1847 + Int(0, 1000) * 1e-7},
                       {"district_code", "gulou"}};
    }
    json::array attachments;
    for (int i = Int(0, 3); i > 0; --i) {
      json::object a{{"kind", "image"}, {"ref", "media-" + std::to_string(i)}};
      if (Coin()) a["name"] = Text(10) + ".jpg";
      attachments.push_back(std::move(a));
    }
    p["attachments"] = std::move(attachments);
    if (Coin()) p["odd~key/with"] = json::array{1, -2, std::uint64_t{18446744073709551615u}};
    if (Coin()) {
      p["nested"] = {{"inner", {{"x", Text(5)}, {"y", true}}}, {"empty_object", json::object()}};
    }
    if (Coin()) {
      p["list"] = json::array{1, Text(4), nullptr, false, {{"x", 1.5e-300}}, json::array()};
    }
    if (Coin()) p["empty"] = "";
    p["urgency"] = "normal";
    return p;
  }

 private:
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Coin() { return Int(0, 1) == 1; }
  std::mt19937 rng_;
};

struct Keys {
  TempDir tmp;
  std::unique_ptr<KeyStore> store;

  Keys() {
    Result<std::unique_ptr<KeyStore>> opened = KeyStore::Open(tmp.path("keys"));
    REQUIRE(opened.ok());
    store = std::move(*opened);
  }
  DataKey For(const std::string& citizen) {
    Result<DataKey> key = store->KeyFor(citizen);
    REQUIRE(key.ok());
    return *key;
  }
};

TEST_CASE("GcmSealer and GcmOpener produce and accept exactly the one-shot EVP bytes",
          "[privacy]") {
  std::string key_a(32, 'a');
  std::string key_b(32, '\0');
  for (std::size_t i = 0; i < 32; ++i) key_b[i] = static_cast<char>(i * 7 + 3);
  PayloadMaker maker(7);
  privacy::GcmSealer sealer;
  privacy::GcmOpener opener;
  std::string sealed;
  std::string opened;
  for (int i = 0; i < 200; ++i) {
    const std::string& key = (i / 50) % 2 == 0 ? key_a : key_b;  // switches keys every 50
    if (i % 50 == 0) {
      REQUIRE(sealer.SetKey(key).ok());
      REQUIRE(opener.SetKey(key).ok());
    }
    std::string nonce(12, static_cast<char>(i));
    std::string aad = "evt-" + std::to_string(i) + "\n/text";
    std::string plaintext = json::serialize(json::value(maker.Text(i)));
    REQUIRE(sealer.Seal(nonce, aad, plaintext, sealed).ok());
    CHECK(sealed == EvpSeal(key, nonce, aad, plaintext));
    Result<std::string> one_shot = privacy::GcmSeal(key, nonce, aad, plaintext);
    REQUIRE(one_shot.ok());
    CHECK(*one_shot == sealed);
    REQUIRE(opener.Open(nonce, aad, sealed, opened).ok());
    CHECK(opened == plaintext);
    std::string flipped = sealed;
    flipped[static_cast<std::size_t>(i) % flipped.size()] ^= 0x01;
    CHECK(opener.Open(nonce, aad, flipped, opened).IsCorruption());
    CHECK(opened.empty());
    CHECK(opener.Open(nonce, aad + "x", sealed, opened).IsCorruption());
  }
  privacy::GcmSealer unkeyed;
  CHECK(unkeyed.Seal(std::string(12, 'n'), "", "x", sealed).IsInvalidArgument());
  CHECK(sealer.SetKey(std::string(16, 'k')).IsInvalidArgument());
  CHECK(sealer.Seal(std::string(12, 'n'), "", "x", sealed).IsInvalidArgument());  // unkeyed now
}

TEST_CASE("two sealers alive at once on one thread do not share a context", "[privacy]") {
  std::string key_a(32, 'a');
  std::string key_b(32, 'b');
  std::string nonce(12, 'n');
  privacy::GcmSealer a;
  REQUIRE(a.SetKey(key_a).ok());
  std::string out;
  {
    privacy::GcmSealer b;
    REQUIRE(b.SetKey(key_b).ok());
    REQUIRE(a.Seal(nonce, "aad", "text", out).ok());
    CHECK(out == EvpSeal(key_a, nonce, "aad", "text"));
    REQUIRE(b.Seal(nonce, "aad", "text", out).ok());
    CHECK(out == EvpSeal(key_b, nonce, "aad", "text"));
  }
  privacy::GcmOpener c;  // gets the context b gave back, reset
  CHECK(c.Open(nonce, "aad", out, out).IsInvalidArgument());
  REQUIRE(c.SetKey(key_b).ok());
  std::string opened;
  REQUIRE(c.Open(nonce, "aad", EvpSeal(key_b, nonce, "aad", "text"), opened).ok());
  CHECK(opened == "text");
  REQUIRE(a.Seal(nonce, "aad", "text", out).ok());
  CHECK(out == EvpSeal(key_a, nonce, "aad", "text"));
}

TEST_CASE("sealing is compatible with the reference both ways over generated payloads",
          "[privacy]") {
  Keys keys;
  PayloadMaker maker(12345);
  for (int i = 0; i < 300; ++i) {
    const std::string citizen = "citizen-" + std::to_string(i % 7);
    const std::string event_id = "evt-" + std::to_string(i);
    DataKey key = keys.For(citizen);
    const json::value original = maker.Payload();
    INFO(json::serialize(original));

    // New seal, reference open.
    json::value sealed_new = original;
    REQUIRE(SealFields(sealed_new, kPointers, citizen, key, event_id).ok());
    CHECK(sealed_new != original);
    json::value opened_by_reference = sealed_new;
    REQUIRE(ReferenceOpen(opened_by_reference, key, event_id));
    CHECK(opened_by_reference == original);
    CHECK(json::serialize(opened_by_reference) == json::serialize(original));

    // Reference seal, new open.
    json::value sealed_old = original;
    ReferenceSeal(sealed_old, kPointers, citizen, key, event_id);
    json::value opened_new = sealed_old;
    std::size_t opened = 0;
    REQUIRE(OpenFields(opened_new, *keys.store, PiiAccess::kPlaintext, event_id, &opened).ok());
    CHECK(opened_new == original);
    CHECK(json::serialize(opened_new) == json::serialize(original));

    // The same fields sealed, in the same layout, with ciphertexts of the same length.
    CHECK(json::serialize(Shape(sealed_new)) == json::serialize(Shape(sealed_old)));

    // And the new code opens its own.
    json::value round_trip = sealed_new;
    REQUIRE(OpenFields(round_trip, *keys.store, PiiAccess::kPlaintext, event_id).ok());
    CHECK(round_trip == original);
  }
}

TEST_CASE("fields under different keys in one payload all open", "[privacy]") {
  Keys keys;
  DataKey k1 = keys.For("citizen-1");
  DataKey k2 = keys.For("citizen-2");
  json::value a = json::parse(R"({"a": "甲", "c": [1, 2]})");
  json::value b = json::parse(R"({"b": "乙"})");
  REQUIRE(SealFields(a, {"/a", "/c"}, "citizen-1", k1, "evt-m").ok());
  ReferenceSeal(b, {"/b"}, "citizen-2", k2, "evt-m");
  // Keys alternate field by field (a: k1, b: k2, c: k1): the opener is re-keyed each time.
  json::value mixed = {{"a", a.at("a")}, {"b", b.at("b")}, {"c", a.at("c")}};
  std::size_t opened = 0;
  REQUIRE(OpenFields(mixed, *keys.store, PiiAccess::kPlaintext, "evt-m", &opened).ok());
  CHECK(opened == 3);
  CHECK(mixed == json::parse(R"({"a": "甲", "b": "乙", "c": [1, 2]})"));
}

TEST_CASE("a flipped bit in nonce, ciphertext, tag or AAD fails to open", "[privacy]") {
  Keys keys;
  DataKey key = keys.For("citizen-t");
  PayloadMaker maker(99);
  json::value original = maker.Payload();
  original.as_object()["text"] = "路灯坏了三天";
  json::value sealed = original;
  REQUIRE(SealFields(sealed, kPointers, "citizen-t", key, "evt-t").ok());

  auto flip = [](json::value& payload, const std::string& member, std::size_t byte) {
    json::object& seal = payload.at("text").at("$pii").as_object();
    std::string raw = *privacy::Base64Decode(seal.at(member).as_string());
    raw[byte % raw.size()] ^= 0x10;
    seal[member] = privacy::Base64Encode(raw);
  };
  auto expect_tampered = [&](json::value payload, const std::string& event_id,
                             const std::string& pointer = "/text") {
    json::value before = payload;
    Status s = OpenFields(payload, *keys.store, PiiAccess::kPlaintext, event_id);
    INFO(s.ToString());
    CHECK(s.IsCorruption());
    CHECK(s.message().find("sealed field " + pointer + " ") != std::string::npos);
    CHECK(s.message().find("路灯") == std::string::npos);
    CHECK(payload == before);
    CHECK_FALSE(ReferenceOpen(payload, key, event_id));
  };

  const std::size_t ciphertext_size = json::serialize(original.at("text")).size();
  for (std::size_t byte = 0; byte < ciphertext_size + 16; byte += 3) {
    json::value payload = sealed;
    flip(payload, "d", byte);  // ciphertext bytes, then the tag's
    expect_tampered(payload, "evt-t");
  }
  for (std::size_t byte = 0; byte < 12; ++byte) {
    json::value payload = sealed;
    flip(payload, "n", byte);
    expect_tampered(payload, "evt-t");
  }
  // AAD: another event id (the first field in the walk fails).
  expect_tampered(sealed, "evt-u", "/citizen/channel_id");
  expect_tampered(sealed, "evt-T", "/citizen/channel_id");
  {
    json::value moved = sealed;  // AAD: another pointer
    moved.as_object()["text"] = sealed.at("citizen").at("channel_id");
    Status s = OpenFields(moved, *keys.store, PiiAccess::kPlaintext, "evt-t");
    CHECK(s.IsCorruption());
  }
  // A failed open leaves this thread's cipher context fit for the next call.
  json::value good = sealed;
  REQUIRE(OpenFields(good, *keys.store, PiiAccess::kPlaintext, "evt-t").ok());
  CHECK(good == original);
}

TEST_CASE("threads seal and open concurrently, each with its own cipher context", "[privacy]") {
  Keys keys;
  std::vector<DataKey> citizen_keys;
  for (int t = 0; t < 4; ++t) citizen_keys.push_back(keys.For("citizen-" + std::to_string(t)));
  std::vector<int> failures(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      PayloadMaker maker(static_cast<unsigned>(t));
      const std::string citizen = "citizen-" + std::to_string(t);
      const DataKey& key = citizen_keys[static_cast<std::size_t>(t)];
      for (int i = 0; i < 100; ++i) {
        const std::string event_id = "evt-" + std::to_string(t) + "-" + std::to_string(i);
        json::value original = maker.Payload();
        json::value payload = original;
        bool ok = SealFields(payload, kPointers, citizen, key, event_id).ok() &&
                  OpenFields(payload, *keys.store, PiiAccess::kPlaintext, event_id).ok() &&
                  payload == original;
        if (!ok) ++failures[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(failures == std::vector<int>(4, 0));
}

TEST_CASE("pointer lists are parsed once per thread and looked up by content", "[privacy]") {
  std::vector<std::string> list = {"/a/*/b", "/c"};
  std::vector<std::string> same = list;  // another vector, equal texts
  Result<const std::vector<privacy::PiiPointer>*> first = privacy::CachedPiiPointers(list);
  REQUIRE(first.ok());
  CHECK((*first)->size() == 2);
  Result<const std::vector<privacy::PiiPointer>*> again = privacy::CachedPiiPointers(same);
  REQUIRE(again.ok());
  CHECK(*again == *first);
  Result<const std::vector<privacy::PiiPointer>*> other =
      privacy::CachedPiiPointers({"/a/*/b", "/d"});
  REQUIRE(other.ok());
  CHECK(*other != *first);
  CHECK(privacy::CachedPiiPointers({"/ok", "no-slash"}).status().IsInvalidArgument());
  CHECK(
      privacy::CachedPiiPointers({"/ok", "no-slash"}).status().IsInvalidArgument());  // not cached
  // A malformed list still fails SealFields with the payload unchanged.
  Keys keys;
  json::value payload = {{"ok", "x"}};
  CHECK(SealFields(payload, {"/ok", "bad~2"}, "c", keys.For("c"), "evt").IsInvalidArgument());
  CHECK(payload == json::value{{"ok", "x"}});
}

}  // namespace
}  // namespace rexian
