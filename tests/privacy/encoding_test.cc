// Tests of the building blocks: base64, AES-256-GCM, PII pointers and the sealed-value form.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "privacy/aes_gcm.h"
#include "privacy/base64.h"
#include "privacy/exact_json_parse.h"
#include "privacy/pii_pointer.h"
#include "privacy/sealed_value.h"

namespace rexian::privacy {
namespace {

TEST_CASE("base64 encodes RFC 4648 test vectors and decodes them back", "[privacy]") {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CHECK(Base64Encode(plain) == encoded);
    std::optional<std::string> decoded = Base64Decode(encoded);
    REQUIRE(decoded);
    CHECK(*decoded == plain);
  }
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= binary.size(); n += 17) {
    std::string part = binary.substr(0, n);
    CHECK(Base64Decode(Base64Encode(part)) == part);
  }
}

TEST_CASE("base64 rejects all but the canonical spelling", "[privacy]") {
  for (std::string bad : {"Zg", "Zg=", "Zh==", "Zm9=", "Z===", "Zg==Zg==", " Zg==", "Zg==\n",
                          "Zm 9v", "Zm9v!A==", "=Zm9", "Zm=v", "Zm9-", "Zm9_"}) {
    INFO(bad);
    CHECK_FALSE(Base64Decode(bad));
  }
}

TEST_CASE("AES-256-GCM round-trips and detects a wrong key, nonce, AAD or byte", "[privacy]") {
  std::string key(32, 'k');
  std::string nonce(12, 'n');
  std::string plaintext = "\"市民来电：路灯不亮\"";
  Result<std::string> sealed = GcmSeal(key, nonce, "evt-1\n/text", plaintext);
  REQUIRE(sealed.ok());
  CHECK(sealed->size() == plaintext.size() + kGcmTagSize);
  CHECK(sealed->find("路灯") == std::string::npos);

  Result<std::string> opened = GcmOpen(key, nonce, "evt-1\n/text", *sealed);
  REQUIRE(opened.ok());
  CHECK(*opened == plaintext);

  std::string other_key(32, 'K');
  CHECK(GcmOpen(other_key, nonce, "evt-1\n/text", *sealed).status().IsCorruption());
  CHECK(GcmOpen(key, std::string(12, 'm'), "evt-1\n/text", *sealed).status().IsCorruption());
  CHECK(GcmOpen(key, nonce, "evt-2\n/text", *sealed).status().IsCorruption());
  for (std::size_t i = 0; i < sealed->size(); i += 7) {
    std::string flipped = *sealed;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
    CHECK(GcmOpen(key, nonce, "evt-1\n/text", flipped).status().IsCorruption());
  }
  CHECK(GcmOpen(key, nonce, "evt-1\n/text", sealed->substr(0, 10)).status().IsCorruption());
  CHECK(GcmSeal(std::string(16, 'k'), nonce, "", "x").status().IsInvalidArgument());
  CHECK(GcmSeal(key, std::string(16, 'n'), "", "x").status().IsInvalidArgument());
}

TEST_CASE("random bytes differ between draws", "[privacy]") {
  Result<std::string> a = RandomBytes(32);
  Result<std::string> b = RandomBytes(32);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->size() == 32);
  CHECK(*a != *b);
}

TEST_CASE("random nonces stay unique across pool refills, threads and fork", "[privacy]") {
  // 1,000 nonces of 12 bytes cross the per-thread 4 KiB block twice.
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    Result<std::string> nonce = RandomBytes(kGcmNonceSize);
    REQUIRE(nonce.ok());
    REQUIRE(nonce->size() == kGcmNonceSize);
    CHECK(seen.insert(*nonce).second);
  }
  std::string from_thread;
  std::thread([&] { from_thread = RandomBytes(kGcmNonceSize).value(); }).join();
  CHECK(seen.insert(from_thread).second);

  // A child forked mid-block must not hand out the bytes its parent will.
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    Result<std::string> nonce = RandomBytes(kGcmNonceSize);
    const bool ok = nonce.ok() && write(pipe_fds[1], nonce->data(), nonce->size()) ==
                                      static_cast<ssize_t>(kGcmNonceSize);
    _exit(ok ? 0 : 1);
  }
  close(pipe_fds[1]);
  std::string child_nonce(kGcmNonceSize, '\0');
  CHECK(read(pipe_fds[0], child_nonce.data(), child_nonce.size()) ==
        static_cast<ssize_t>(kGcmNonceSize));
  close(pipe_fds[0]);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const std::string parent_nonce = RandomBytes(kGcmNonceSize).value();
  CHECK(child_nonce != parent_nonce);
  CHECK(seen.count(child_nonce) == 0);
}

std::vector<std::string> Expand(const std::string& pointer, boost::json::value& doc) {
  Result<PiiPointer> parsed = PiiPointer::Parse(pointer);
  REQUIRE(parsed.ok());
  std::vector<PiiPointer::Match> matches;
  parsed->Expand(doc, matches);
  std::vector<std::string> out;
  for (const auto& m : matches) out.push_back(m.concrete + "=" + boost::json::serialize(*m.target));
  return out;
}

TEST_CASE("PII pointers expand wildcards over arrays and skip what is missing", "[privacy]") {
  boost::json::value doc = boost::json::parse(R"({
    "citizen": {"name": "李四", "phone": null},
    "attachments": [{"name": "a.jpg"}, {"size": 3}, {"name": "c.amr"}],
    "tags": ["x", "y"],
    "a/b": {"m~n": 1},
    "*": 5,
    "text": "t"
  })");
  using V = std::vector<std::string>;
  CHECK(Expand("/citizen/name", doc) == V{"/citizen/name=\"李四\""});
  CHECK(Expand("/citizen/phone", doc) == V{"/citizen/phone=null"});
  CHECK(Expand("/citizen/email", doc).empty());
  CHECK(Expand("/missing/deeper", doc).empty());
  CHECK(Expand("/text/deeper", doc).empty());  // crosses a scalar
  CHECK(Expand("/attachments/*/name", doc) ==
        V{"/attachments/0/name=\"a.jpg\"", "/attachments/2/name=\"c.amr\""});
  CHECK(Expand("/attachments/1/size", doc) == V{"/attachments/1/size=3"});
  CHECK(Expand("/attachments/3/name", doc).empty());
  CHECK(Expand("/attachments/01/name", doc).empty());  // not an RFC 6901 index
  CHECK(Expand("/attachments/-/name", doc).empty());
  CHECK(Expand("/tags/*", doc) == V{"/tags/0=\"x\"", "/tags/1=\"y\""});
  CHECK(Expand("/a~1b/m~0n", doc) == V{"/a~1b/m~0n=1"});
  CHECK(Expand("/*", doc) == V{"/*=5"});  // on an object "*" is a member name
}

TEST_CASE("malformed PII pointers are rejected", "[privacy]") {
  for (std::string bad : {"", "citizen/name", "/a~", "/a~2b"}) {
    INFO(bad);
    CHECK(PiiPointer::Parse(bad).status().IsInvalidArgument());
  }
  CHECK(PiiPointer::Parse("/").ok());  // the member named ""
}

TEST_CASE("sealed objects parse only in the exact form they are built", "[privacy]") {
  SealedValue value{"citizen-1", "0123456789abcdef", std::string(12, '\x01'),
                    std::string(20, '\x02')};
  boost::json::value built = MakeSealedObject(value);
  CHECK(
      boost::json::serialize(built) ==
      R"({"$pii":{"c":"citizen-1","k":"0123456789abcdef","n":"AQEBAQEBAQEBAQEB","d":"AgICAgICAgICAgICAgICAgICAgI="}})");
  Result<SealedValue> parsed = ParseSealedObject(built.as_object());
  REQUIRE(parsed.ok());
  CHECK(parsed->citizen_id == value.citizen_id);
  CHECK(parsed->key_id == value.key_id);
  CHECK(parsed->nonce == value.nonce);
  CHECK(parsed->data == value.data);

  auto broken = [&](const std::function<void(boost::json::object&)>& damage) {
    boost::json::value copy = built;
    damage(copy.as_object()["$pii"].as_object());
    return ParseSealedObject(copy.as_object()).status();
  };
  CHECK(broken([](auto& o) { o.erase("n"); }).IsCorruption());
  CHECK(broken([](auto& o) { o["x"] = 1; }).IsCorruption());
  CHECK(broken([](auto& o) { o["k"] = "0123456789ABCDEF"; }).IsCorruption());
  CHECK(broken([](auto& o) { o["c"] = ""; }).IsCorruption());
  CHECK(broken([](auto& o) { o["n"] = "AQEBAQEBAQEBAQE="; }).IsCorruption());  // 11 bytes
  CHECK(broken([](auto& o) { o["d"] = "AgICAgICAgICAgI="; }).IsCorruption());  // shorter than a tag
  CHECK(broken([](auto& o) { o["d"] = 5; }).IsCorruption());
  boost::json::value extra = built;
  extra.as_object()["other"] = 1;
  CHECK(ParseSealedObject(extra.as_object()).status().IsCorruption());
  CHECK(FieldAad("evt-9", "/a/0") == "evt-9\n/a/0");
}

TEST_CASE("ParseJsonExactly gives back every serialised double bit for bit", "[privacy]") {
  std::mt19937_64 random(12345);
  std::uniform_real_distribution<double> coordinate(-180.0, 180.0);
  for (int i = 0; i < 20000; ++i) {
    double d = 0;
    if (i % 2) {
      d = coordinate(random);
    } else {
      std::uint64_t bits = random();
      std::memcpy(&d, &bits, sizeof d);
      if (!std::isfinite(d)) continue;
    }
    std::string text = boost::json::serialize(boost::json::value(d));
    Result<boost::json::value> exact = ParseJsonExactly(text);
    REQUIRE(exact.ok());
    REQUIRE(exact->is_double());
    double back = exact->as_double();
    INFO(text);
    REQUIRE(std::memcmp(&back, &d, sizeof d) == 0);
  }
}

TEST_CASE("ParseJsonExactly parses whole documents and rejects bad ones", "[privacy]") {
  const char* text =
      R"({"s":"长文本\u4e2d\"","i":-42,"u":18446744073709551615,"d":[0.1,1e-7,-0.0],"o":{},"n":null,"b":true})";
  Result<boost::json::value> parsed = ParseJsonExactly(text);
  REQUIRE(parsed.ok());
  CHECK(*parsed == boost::json::parse(text));
  CHECK(parsed->at("u").is_uint64());
  CHECK(std::signbit(parsed->at("d").at(2).as_double()));
  for (const char* bad : {"", "{", "[1,]", "1 2", "{\"a\" 1}", "nul", "[1e400x]"}) {
    INFO(bad);
    CHECK(ParseJsonExactly(bad).status().IsCorruption());
  }
  CHECK(ParseJsonExactly(" [1] ").ok());
}

}  // namespace
}  // namespace rexian::privacy
