// FastCheck gives valijson's verdict: shipped schemas, their examples and
// thousands of deterministic mutations of them, plus valijson's odd corners.
#include "schema/fast_check.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>
#include <vector>

#include "event_examples.h"
#include "schema/compiled_schema.h"
#include "schema/format_constraint.h"
#include "schema/json_file.h"
#include "schema/json_pointer.h"
#include "schema/schema_preparation.h"
#include "schema_test_support.h"

namespace rexian {
namespace {

using schema::FastCheck;
using testing::Json;

// valijson set up exactly as CompiledSchema sets it up: the verdict to match.
class ValijsonOracle {
 public:
  explicit ValijsonOracle(const boost::json::value& prepared) {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    schema::AddStringConstraints(parser);
    valijson::adapters::BoostJsonAdapter adapter(prepared);
    parser.populateSchema(adapter, schema_);
  }

  bool Accepts(const boost::json::value& instance) const {
    try {
      return validator_.validate(schema_, valijson::adapters::BoostJsonAdapter(instance), nullptr);
    } catch (const std::exception&) {
      return false;  // CompiledSchema turns a throw into InvalidArgument
    }
  }

 private:
  valijson::Schema schema_;
  // Not thread-safe (its regex cache), as CompiledSchema's thread_local one.
  mutable valijson::Validator validator_{valijson::Validator::kStrongTypes};
};

boost::json::value Prepared(boost::json::value document) {
  const Status status = schema::PrepareForValijson(document);
  REQUIRE(status.ok());
  return document;
}

boost::json::value ReadShipped(const std::string& relative) {
  Result<boost::json::value> document =
      schema::ReadJsonFile(testing::ShippedSchemasDir() + "/" + relative);
  INFO(relative);
  REQUIRE(document.ok());
  return std::move(document).value();
}

// One shipped schema and the valid instances the mutations start from.
struct Subject {
  std::string file;  // relative to schemas/
  std::vector<boost::json::value> seeds;
};

std::vector<Subject> ShippedSubjects() {
  std::map<std::string, Subject> by_file;
  auto add = [&](const std::string& file, const std::string& text) {
    Subject& subject = by_file[file];
    subject.file = file;
    subject.seeds.push_back(Json(text));
  };
  for (const testing::EventExample& example : testing::ValidEventExamples()) {
    add("events/" + example.type + "/v" + std::to_string(example.version) + ".json",
        example.payload);
  }
  for (const std::string& text : testing::ValidMetadataExamples())
    add("metadata.schema.json", text);
  for (const std::string& text : testing::ValidContactExamples()) add("contact.schema.json", text);
  // The exec plugin protocol (docs/plugin-exec-protocol.md), one line per message type.
  for (const char* text : {
           R"({"type":"hello","abi":1,"plugin":"mail","channel":"email",
               "config":{"host":"imap.example.cn","port":993},"max_line_bytes":1048576})",
           R"({"type":"submitted","id":"m-1","ok":true,"ticket_number":"3203-2025-000001",
               "ticket_id":"ticket-1","duplicate":false,"attached":false})",
           R"({"type":"submitted","id":7,"ok":false,"code":"invalid_argument","retry":false,
               "error":{"error":"bad phone","quarantine_id":"q-1",
                        "fields":[{"field":"/citizen/phone","message":"expected 11 digits"}]}})",
           R"({"type":"deliver","id":"d-1","reply":{"delivery_id":"dl-1","attempt":1,
               "kind":"acknowledgement","ticket_number":"3203-2025-000001",
               "channel_message_id":"","citizen":{"id":"u1","name":"张三"},"text":"已受理"}})",
           R"({"type":"result","id":"q","ok":true,"value":{"a":1}})",
           R"({"type":"result","id":null,"ok":false,
               "error":{"code":"not_found","message":"no such ticket"}})",
           R"({"type":"stop"})", R"({"type":"ready","deliver":true,"version":"2.1"})",
           R"({"type":"submit","id":"m-1","contact":{"channel":"web"}})",
           R"({"type":"delivered","id":"d-1","ok":false,"retry":false,"error":"no such user"})",
           R"({"type":"log","level":"warn","message":"disk almost full"})",
           R"({"type":"query","id":"q","query":"get_ticket","args":{"id":"ticket-1"}})",
           R"({"type":"metric","kind":"counter","name":"mails_read","value":2})",
           R"({"type":"metric","kind":"gauge","name":"queue_depth","value":-1.5})"}) {
    add("plugin-exec.schema.json", text);
  }
  std::vector<Subject> subjects;
  for (auto& [file, subject] : by_file) subjects.push_back(std::move(subject));
  return subjects;
}

// Strings, numbers and lengths the schema mentions, so that mutations land
// on both sides of every enum, bound and length.
struct SchemaLiterals {
  std::vector<boost::json::value> values;
  std::set<std::int64_t> lengths;
};

void CollectLiterals(const boost::json::value& node, SchemaLiterals* out) {
  if (const boost::json::object* object = node.if_object()) {
    for (const auto& member : *object) {
      const std::string_view key = member.key();
      const boost::json::value& v = member.value();
      if (key == "enum" && v.is_array()) {
        for (const boost::json::value& allowed : v.get_array()) out->values.push_back(allowed);
      }
      if ((key == "minimum" || key == "maximum") && v.is_number()) {
        const double bound = v.to_number<double>();
        for (double delta : {-1.0, -0.5, 0.0, 0.5, 1.0}) out->values.emplace_back(bound + delta);
        for (std::int64_t delta : {-1, 0, 1}) {
          out->values.emplace_back(static_cast<std::int64_t>(bound) + delta);
        }
      }
      if ((key == "minLength" || key == "maxLength" || key == "minItems" || key == "maxItems") &&
          v.is_int64()) {
        for (std::int64_t delta : {-1, 0, 1}) {
          if (v.get_int64() + delta >= 0) out->lengths.insert(v.get_int64() + delta);
        }
      }
      CollectLiterals(v, out);
    }
  } else if (const boost::json::array* array = node.if_array()) {
    for (const boost::json::value& item : *array) CollectLiterals(item, out);
  }
}

// Every JSON pointer inside `value`, the whole document ("") included.
void CollectPointers(const boost::json::value& value, const std::string& at,
                     std::vector<std::string>* out) {
  out->push_back(at);
  if (const boost::json::object* object = value.if_object()) {
    for (const auto& member : *object) {
      CollectPointers(member.value(), at + "/" + schema::EscapePointerToken(member.key()), out);
    }
  } else if (const boost::json::array* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      CollectPointers((*array)[i], at + "/" + std::to_string(i), out);
    }
  }
}

std::string Repeat(std::string_view unit, std::int64_t times) {
  std::string text;
  for (std::int64_t i = 0; i < times; ++i) text += unit;
  return text;
}

// Drops the last UTF-8 code point.
std::string DropLastCodePoint(std::string text) {
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((c & 0xC0) != 0x80) break;
  }
  return text;
}

// The values a location holding `v` is replaced by, one mutation each.
std::vector<boost::json::value> Replacements(const boost::json::value& v,
                                             const SchemaLiterals& literals) {
  std::vector<boost::json::value> out = {nullptr,
                                         true,
                                         false,
                                         0,
                                         1,
                                         -1,
                                         1.0,
                                         1.5,
                                         -2.5,
                                         "1",
                                         "",
                                         "x",
                                         std::numeric_limits<std::int64_t>::max(),
                                         std::numeric_limits<std::uint64_t>::max(),
                                         std::uint64_t{1} << 63,
                                         1e300,
                                         boost::json::array(),
                                         boost::json::object(),
                                         Json(R"({"k":"v"})"),
                                         Json(R"(["x"])"),
                                         "2025-03-01T09:30:00+08:00",
                                         "2025-02-29T00:00:00Z",
                                         "2024-02-29T23:59:60Z",
                                         "2025-03-01",
                                         "2025-03-01T09:30:00",
                                         "a@b.cn",
                                         "not an email",
                                         "3203-2025-000001",
                                         "ticket-1",
                                         "A1",
                                         "中文",
                                         "ok"};
  out.insert(out.end(), literals.values.begin(), literals.values.end());
  for (std::int64_t length : literals.lengths) {
    if (length > 5000) continue;
    out.emplace_back(Repeat("a", length));
    out.emplace_back(Repeat("中", length));
  }
  if (const boost::json::string* s = v.if_string()) {
    const std::string text(*s);
    out.emplace_back(text + "x");
    out.emplace_back(DropLastCodePoint(text));
    out.emplace_back(text + text);
    out.emplace_back(" " + text);
    out.emplace_back(text + "中");
    std::string with_nul = text;
    with_nul.insert(with_nul.size() / 2, 1, '\0');
    out.emplace_back(with_nul);
    std::string upper = text;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    out.emplace_back(upper);
  }
  if (v.is_int64()) {
    const std::int64_t n = v.get_int64();
    for (std::int64_t other : {n + 1, n - 1, -n, n * 1000}) out.emplace_back(other);
    out.emplace_back(static_cast<double>(n));
    out.emplace_back(static_cast<double>(n) + 0.5);
    out.emplace_back(std::to_string(n));
  }
  if (v.is_double()) {
    const double d = v.get_double();
    for (double other : {d + 1, d - 1, -d, d * 1000}) out.emplace_back(other);
    out.emplace_back(static_cast<std::int64_t>(d));
    out.emplace_back(boost::json::serialize(v));
  }
  if (const boost::json::array* array = v.if_array(); array != nullptr && !array->empty()) {
    boost::json::array twice = *array;
    twice.push_back((*array)[0]);
    out.emplace_back(twice);
    boost::json::array rest(array->begin() + 1, array->end());
    out.emplace_back(rest);
    boost::json::array with_wrong = *array;
    with_wrong.push_back(42);
    out.emplace_back(with_wrong);
    for (std::int64_t length : literals.lengths) {
      if (length > 300) continue;
      boost::json::array same;
      boost::json::array distinct;
      for (std::int64_t i = 0; i < length; ++i) {
        same.push_back((*array)[0]);
        if ((*array)[0].is_string()) {
          distinct.emplace_back(std::string((*array)[0].get_string()) + std::to_string(i));
        }
      }
      out.emplace_back(same);
      if (!distinct.empty()) out.emplace_back(distinct);
    }
  }
  return out;
}

// Every mutation of `seed`: each location replaced, each member dropped,
// extra members added, then pairs of those applied together.
std::vector<boost::json::value> Mutations(const boost::json::value& seed,
                                          const SchemaLiterals& literals, std::mt19937* random) {
  std::vector<std::string> pointers;
  CollectPointers(seed, "", &pointers);
  using Edit = std::function<void(boost::json::value&)>;
  std::vector<Edit> edits;
  for (const std::string& pointer : pointers) {
    const boost::json::value& at = seed.at_pointer(pointer);
    for (boost::json::value& replacement : Replacements(at, literals)) {
      edits.push_back([pointer, replacement](boost::json::value& doc) {
        boost::system::error_code ec;
        if (boost::json::value* target = doc.find_pointer(pointer, ec)) *target = replacement;
      });
    }
    if (const boost::json::object* object = at.if_object()) {
      for (const auto& member : *object) {
        const std::string key(member.key());
        edits.push_back([pointer, key](boost::json::value& doc) {
          boost::system::error_code ec;
          boost::json::value* target = doc.find_pointer(pointer, ec);
          if (target != nullptr && target->is_object()) target->get_object().erase(key);
        });
      }
      boost::json::object long_name;
      long_name[std::string(257, 'k')] = 1;
      for (const boost::json::value& member :
           {Json(R"({"zz_extra": "x"})"), Json(R"({"x-pii": true})"), Json(R"({"": 1})"),
            Json(R"({"line\nbreak": 1})"), boost::json::value(long_name)}) {
        edits.push_back([pointer, member](boost::json::value& doc) {
          boost::system::error_code ec;
          boost::json::value* target = doc.find_pointer(pointer, ec);
          if (target == nullptr || !target->is_object()) return;
          for (const auto& m : member.get_object()) target->get_object()[m.key()] = m.value();
        });
      }
    }
  }
  std::vector<boost::json::value> out;
  out.reserve(edits.size() * 2);
  for (const Edit& edit : edits) {
    boost::json::value copy = seed;
    edit(copy);
    out.push_back(std::move(copy));
  }
  // Nested: two edits at once (a dropped member and a wrong type elsewhere...).
  std::uniform_int_distribution<std::size_t> pick(0, edits.size() - 1);
  const std::size_t pairs = std::min<std::size_t>(edits.size(), 400);
  for (std::size_t i = 0; i < pairs; ++i) {
    boost::json::value copy = seed;
    edits[pick(*random)](copy);
    edits[pick(*random)](copy);
    out.push_back(std::move(copy));
  }
  return out;
}

TEST_CASE("fast check compiles every shipped schema", "[schema]") {
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::ShippedSchemasDir())) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    INFO(entry.path().string());
    Result<boost::json::value> document = schema::ReadJsonFile(entry.path().string());
    REQUIRE(document.ok());
    Result<std::unique_ptr<FastCheck>> check = FastCheck::Compile(Prepared(*document));
    INFO(check.status().ToString());
    REQUIRE(check.ok());
    CHECK((*check)->node_count() > 0);
    ++files;
  }
  CHECK(files >= 40);
}

TEST_CASE("fast check agrees with valijson on shipped schemas and mutations", "[schema]") {
  std::mt19937 random(12345);
  std::size_t compared = 0;
  std::size_t accepted = 0;
  std::size_t rejected = 0;
  std::size_t disagreements = 0;
  for (const Subject& subject : ShippedSubjects()) {
    INFO(subject.file);
    const boost::json::value document = ReadShipped(subject.file);
    const boost::json::value prepared = Prepared(document);
    const ValijsonOracle oracle(prepared);
    Result<std::unique_ptr<FastCheck>> check = FastCheck::Compile(prepared);
    REQUIRE(check.ok());
    SchemaLiterals literals;
    CollectLiterals(document, &literals);

    std::size_t subject_accepted = 0;
    std::size_t subject_rejected = 0;
    for (const boost::json::value& seed : subject.seeds) {
      INFO("seed " << boost::json::serialize(seed));
      CHECK(oracle.Accepts(seed));
      for (const boost::json::value& instance : Mutations(seed, literals, &random)) {
        const bool expected = oracle.Accepts(instance);
        const bool fast = (*check)->Accepts(instance);
        ++compared;
        (expected ? subject_accepted : subject_rejected)++;
        if (fast != expected) {
          ++disagreements;
          if (disagreements <= 20) {
            FAIL_CHECK("valijson " << (expected ? "accepts" : "rejects") << " but fast check "
                                   << (fast ? "accepts" : "rejects") << ": "
                                   << boost::json::serialize(instance));
          }
        }
      }
    }
    // Each schema sees both verdicts, or its mutations test nothing.
    CHECK(subject_accepted > 0);
    CHECK(subject_rejected > 0);
    accepted += subject_accepted;
    rejected += subject_rejected;
  }
  CHECK(disagreements == 0);
  CHECK(accepted >= 2000);
  CHECK(rejected >= 20000);
  WARN("fast check compared " << compared << " instances: " << accepted << " valid, " << rejected
                              << " invalid");
}

// Hand-written schemas for the keywords the shipped ones do not use and
// valijson's surprising corners, each checked against valijson itself.
TEST_CASE("fast check agrees with valijson on its odd corners", "[schema]") {
  struct Case {
    const char* schema;
    std::vector<boost::json::value> instances;
  };
  const boost::json::value big = std::numeric_limits<std::uint64_t>::max();
  const boost::json::value nul_string = boost::json::string(std::string("ab\0cd", 5));
  const std::vector<Case> cases = {
      {R"({"type": "integer", "minimum": 1, "maximum": 3})",
       {1, 3, 1.0, 2.0, 2.5, 0, 4, "2", big, std::numeric_limits<std::int64_t>::max(), nullptr}},
      {R"({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5})",
       {0, 0.0, 1e-300, 1, 1.5, 1.49, -1, big, true}},
      {R"({"type": ["string", "null"], "minLength": 2, "maxLength": 3})",
       {nullptr, "a", "ab", "abc", "abcd", "中文", "中文字", "中文字符", nul_string, 12, true}},
      {R"({"enum": [1, "a", null, [1, {"k": 2}], {"x": 1, "y": [true]}]})",
       {1, 1.0, "1", "a", Json(R"("a")"), nullptr, Json("[1, {\"k\": 2}]"),
        Json("[1.0, {\"k\": 2.0}]"), Json("[{\"k\": 2}, 1]"), Json(R"({"y": [true], "x": 1})"),
        Json(R"({"x": 1})"), big, false}},
      {R"({"enum": ["ab"]})", {"ab", nul_string, "abc"}},
      {R"({"const": {"a": [1, 2]}})", {Json(R"({"a": [1, 2]})"), Json(R"({"a": [2, 1]})"), 1}},
      {R"({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3,
           "uniqueItems": true})",
       {Json("[1]"), Json("[1, 2, 3]"), Json("[1, 1]"), Json("[1, 1.0]"), Json("[]"),
        Json("[1, 2, 3, 4]"), Json("[1, \"2\"]"), Json("{}")}},
      {R"({"uniqueItems": true})",
       {Json(R"([{"a": 1, "b": 2}, {"b": 2, "a": 1}])"), Json(R"([{"a": 1}, {"a": 2}])"),
        Json("[[1], [1.0]]"), Json("[null, false, 0, \"\"]"), Json("[1, 2]")}},
      {R"({"contains": {"const": 2}})", {Json("[1, 2]"), Json("[1]"), Json("[]"), 2}},
      {R"({"type": "object", "required": ["a"], "minProperties": 1, "maxProperties": 2,
           "properties": {"a": {"type": "string"}, "b": false},
           "patternProperties": {"^x-[a-z]+$": {"type": "integer"}, "^.{1,3}$": {}},
           "additionalProperties": {"type": "boolean"}})",
       {Json(R"({"a": "s"})"), Json(R"({"a": 1})"), Json(R"({"a": "s", "b": 1})"),
        Json(R"({"a": "s", "x-ab": 1})"), Json(R"({"a": "s", "x-ab": "1"})"),
        Json(R"({"a": "s", "x-abcd": 1})"), Json(R"({"a": "s", "x-ab\n": 1})"),
        Json(R"({"a": "s", "\nx-ab": 1})"), Json(R"({"a": "s", "long-name": true})"),
        Json(R"({"a": "s", "long-name": 1})"), Json(R"({"a": "s", "c": 1, "d": 2})"),
        Json(R"({"b": "s"})"), Json("{}"), Json("[]")}},
      {R"({"anyOf": [{"type": "string"}, {"minimum": 3}],
           "allOf": [{"not": {"const": 5}}],
           "oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]})",
       {"s", 3, 2, 5, 4.5, 5.0, nullptr, true}},
      {R"({"if": {"type": "integer"}, "then": {"minimum": 10}, "else": {"type": "string"}})",
       {10, 9, "s", 1.0, nullptr}},
      {R"({"then": {"type": "string"}})", {1, "s"}},
      {R"({"definitions": {"tree": {"type": "object", "additionalProperties": false,
             "properties": {"v": {"type": "integer"},
                            "kids": {"type": "array", "items": {"$ref": "#/definitions/tree"}}}}},
           "$ref": "#/definitions/tree", "type": "string"})",
       {Json(R"({"v": 1, "kids": [{"v": 2, "kids": []}, {"kids": [{"v": 3}]}]})"),
        Json(R"({"v": 1, "kids": [{"v": "2"}]})"), Json(R"({"v": 1, "kids": [{"w": 2}]})"), "s"}},
      {R"({"properties": {"when": {"format": "date-time"}, "code": {"pattern": "^[a-z]{2}$"}}})",
       {Json(R"({"when": "2025-03-01T09:30:00Z", "code": "ab"})"),
        Json(R"({"when": "2025-02-29T09:30:00Z"})"), Json(R"({"code": "abc"})"),
        Json(R"({"code": 12, "when": 1})"), Json(R"({"code": "ab\u0000zz"})"),
        Json(R"({"when": "2025-03-01T09:30:00Z\u0000junk"})")}},
      {"true", {1, "s", nullptr}},
      {"false", {1, "s", nullptr}},
  };
  std::size_t compared = 0;
  for (const Case& c : cases) {
    INFO(c.schema);
    const boost::json::value prepared = Prepared(Json(c.schema));
    if (!prepared.is_object()) {
      // valijson's SchemaParser needs an object root; FastCheck must still cope.
      Result<std::unique_ptr<FastCheck>> check = FastCheck::Compile(prepared);
      REQUIRE(check.ok());
      for (const boost::json::value& instance : c.instances) {
        CHECK((*check)->Accepts(instance) == prepared.get_bool());
      }
      continue;
    }
    const ValijsonOracle oracle(prepared);
    Result<std::unique_ptr<FastCheck>> check = FastCheck::Compile(prepared);
    INFO(check.status().ToString());
    REQUIRE(check.ok());
    std::set<bool> verdicts;
    for (const boost::json::value& instance : c.instances) {
      INFO(boost::json::serialize(instance));
      const bool expected = oracle.Accepts(instance);
      CHECK((*check)->Accepts(instance) == expected);
      verdicts.insert(expected);
      ++compared;
    }
    if (c.instances.size() > 2) CHECK(verdicts.size() == 2);
  }
  CHECK(compared > 80);
}

TEST_CASE("fast check refuses keywords it does not implement", "[schema]") {
  for (const char* text : {
           R"({"type": "integer", "multipleOf": 2})",
           R"({"properties": {"a": {"dependencies": {"b": ["c"]}}}})",
           R"({"propertyNames": {"maxLength": 3}})",
           R"({"items": [{"type": "string"}], "additionalItems": false})", R"({"type": "any"})",
           R"({"$ref": "other.json#/definitions/x"})",
           R"({"id": "http://example.cn/s", "type": "string"})",
           R"({"properties": {"a": {"someFutureKeyword": 1}}})",
           R"({"format": "date-time"})",  // not prepared: valijson's own format would run
       }) {
    INFO(text);
    Result<std::unique_ptr<FastCheck>> check = FastCheck::Compile(Json(text));
    REQUIRE_FALSE(check.ok());
    CHECK(check.status().code() == Status::Code::kUnsupported);
  }
  // Annotations are no reason to fall back.
  Result<std::unique_ptr<FastCheck>> annotated = FastCheck::Compile(Json(
      R"({"$schema": "http://json-schema.org/draft-07/schema#", "$id": "x", "title": "t",
          "description": "d", "$comment": "c", "examples": [1], "default": 1, "x-pii": true,
          "x-anything": {"type": "string"}, "definitions": {"unused": {"multipleOf": 3}},
          "type": "integer"})"));
  REQUIRE(annotated.ok());
  CHECK((*annotated)->Accepts(Json("1")));
  CHECK_FALSE((*annotated)->Accepts(Json("\"1\"")));
}

// Not run by CTest (hidden tag); run by hand:
//   build/fastcheck/tests/schema/test_schema "[.timing]"
TEST_CASE("fast check timing on ticket.opened", "[.timing][schema]") {
  const boost::json::value document = ReadShipped("events/ticket.opened/v1.json");
  const boost::json::value prepared = Prepared(document);
  const ValijsonOracle oracle(prepared);
  Result<std::unique_ptr<FastCheck>> check = FastCheck::Compile(prepared);
  REQUIRE(check.ok());
  Result<std::unique_ptr<schema::CompiledSchema>> compiled =
      schema::CompiledSchema::Compile("ticket.opened v1", document);
  REQUIRE(compiled.ok());
  boost::json::value payload;
  for (const testing::EventExample& example : testing::ValidEventExamples()) {
    if (example.type == "ticket.opened") {
      payload = Json(example.payload);  // the first: a WeChat message, everything filled in
      break;
    }
  }
  constexpr int kRounds = 100000;
  // CPU time of this thread: the machine is shared, wall time is noisy.
  auto cpu_seconds = [] {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
  };
  auto time = [&](const char* what, const std::function<bool()>& run) {
    const double start = cpu_seconds();
    int passed = 0;
    for (int i = 0; i < kRounds; ++i) passed += run() ? 1 : 0;
    const double took = cpu_seconds() - start;
    std::cout << what << ": " << kRounds << " x in " << took << " s CPU = " << took / kRounds * 1e6
              << " us each\n";
    CHECK(passed == kRounds);
  };
  time("valijson validate (Validate before)", [&] { return oracle.Accepts(payload); });
  time("FastCheck::Accepts", [&] { return (*check)->Accepts(payload); });
  time("CompiledSchema::Validate", [&] { return (*compiled)->Validate(payload).ok(); });
}

}  // namespace
}  // namespace rexian
