// The plugin kit's option table: defaults, each type's reading and errors
// naming the option, unknown keys, required rows, a plugin's own reader and
// the Markdown docs table.
#include "kit/option_table.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace rexian::plugin_kit {
namespace {

namespace json = boost::json;

struct Entry {
  std::string id;
  std::string secret;
};

struct SampleOptions {
  std::string greeting;
  std::string language;
  bool enabled = false;
  std::int64_t limit = 0;
  double rate = 0;
  std::vector<std::string> tags;
  std::vector<Entry> entries;
};

std::optional<std::string> ReadTags(const json::value& v, const std::string& where,
                                    SampleOptions* options) {
  if (!v.is_array()) return where + ": expected a list of strings";
  options->tags.clear();
  for (const json::value& item : v.as_array()) {
    if (!item.is_string()) return where + ": expected a list of strings";
    options->tags.emplace_back(item.as_string());
  }
  return std::nullopt;
}

const std::vector<OptionSpec<Entry>> kEntryTable = {
    {"id", OptionType::kString, "", "The entry's id.", &Entry::id, 0, 0, nullptr, true},
    {"secret", OptionType::kString, "", "Its secret.", &Entry::secret},
};

// A nested table read by a plugin's own reader, as the WeChat plugin reads
// its accounts.
std::optional<std::string> ReadEntries(const json::value& v, const std::string& where,
                                       SampleOptions* options) {
  if (!v.is_array()) return where + ": expected a list";
  options->entries.clear();
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!v.as_array()[i].is_object()) return at + ": expected an object";
    Entry entry;
    if (auto e = ApplyDefaults(kEntryTable, at + ".", &entry)) return e;
    if (auto e = ApplyMembers(kEntryTable, v.as_array()[i].as_object(), at + ".",
                              "unknown member", &entry)) {
      return e;
    }
    options->entries.push_back(entry);
  }
  return std::nullopt;
}

const std::vector<OptionSpec<SampleOptions>> kTable = {
    {"greeting", OptionType::kString, "hello", "What to say.", &SampleOptions::greeting},
    {"language", OptionType::kString, "zh", "`zh` or `en`.", &SampleOptions::language, 0, 0,
     "zh|en"},
    {"enabled", OptionType::kBool, "true", "Whether it runs.", &SampleOptions::enabled},
    {"limit", OptionType::kInteger, "1000", "Most items.", &SampleOptions::limit, 1, 1 << 20},
    {"rate", OptionType::kNumber, "2", "Per second.", &SampleOptions::rate, 0.01, 100000},
    {"tags", OptionType::kList, R"(["a","b"])", "Labels.", &ReadTags},
    {"entries", OptionType::kList, "", "Entries.", &ReadEntries},
};

Expected<SampleOptions> Parse(std::string_view config) {
  return ParseOptionTable(kTable, config, "docs/plugins/sample.md");
}

std::string ErrorOf(std::string_view config) {
  auto parsed = Parse(config);
  INFO(config);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error();
}

TEST_CASE("options not given take their defaults", "[plugins][kit]") {
  for (const char* config : {"", "{}", "null"}) {
    INFO(config);
    auto options = Parse(config);
    REQUIRE(options.ok());
    CHECK(options->greeting == "hello");
    CHECK(options->language == "zh");
    CHECK(options->enabled);
    CHECK(options->limit == 1000);
    CHECK(options->rate == 2);
    CHECK(options->tags == std::vector<std::string>{"a", "b"});
    CHECK(options->entries.empty());  // no default: as the struct initialises it
  }
}

TEST_CASE("each type reads JSON values and YAML strings", "[plugins][kit]") {
  auto options = Parse(R"({"greeting": 42, "language": "en", "enabled": "false", "limit": "20",
                           "rate": 0.5, "tags": ["x"], "entries": [{"id": "e1"}]})");
  REQUIRE(options.ok());
  CHECK(options->greeting == "42");
  CHECK(options->language == "en");
  CHECK_FALSE(options->enabled);
  CHECK(options->limit == 20);
  CHECK(options->rate == 0.5);
  CHECK(options->tags == std::vector<std::string>{"x"});
  REQUIRE(options->entries.size() == 1);
  CHECK(options->entries[0].id == "e1");

  auto as_strings = Parse(R"({"enabled": true, "limit": 7.0, "rate": "100000"})");
  REQUIRE(as_strings.ok());
  CHECK(as_strings->enabled);
  CHECK(as_strings->limit == 7);
  CHECK(as_strings->rate == 100000);
}

TEST_CASE("a member given as null keeps its default", "[plugins][kit]") {
  auto options = Parse(R"({"limit": null, "greeting": null})");
  REQUIRE(options.ok());
  CHECK(options->limit == 1000);
  CHECK(options->greeting == "hello");
}

TEST_CASE("errors name the option and what was expected", "[plugins][kit]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"greeting": true})", "greeting: expected a string"},
      {R"({"greeting": [1]})", "greeting: expected a string"},
      {R"({"language": "fr"})", "language: expected one of zh|en"},
      {R"({"enabled": "yes"})", "enabled: expected true or false"},
      {R"({"enabled": 1})", "enabled: expected true or false"},
      {R"({"limit": 0})", "limit: expected an integer in [1, 1048576]"},
      {R"({"limit": 2.5})", "limit: expected an integer in [1, 1048576]"},
      {R"({"limit": "many"})", "limit: expected an integer in [1, 1048576]"},
      {R"({"rate": 0.001})", "rate: expected a number in [0.01, 100000]"},
      {R"({"rate": "fast"})", "rate: expected a number in [0.01, 100000]"},
      {R"({"tags": "x"})", "tags: expected a list of strings"},
      {R"({"colour": 1})", "colour: unknown option (see docs/plugins/sample.md)"},
      {R"({"entries": [{"secret": "s"}]})", "entries[0].id: required"},
      {R"({"entries": [{"id": ""}]})", "entries[0].id: required"},
      {R"({"entries": [{"id": "a", "colour": 1}]})", "entries[0].colour: unknown member"},
      {R"({"entries": [{"id": 1.5, "secret": false}]})", "entries[0].secret: expected a string"},
      {"[1]", "configuration: expected an object of options"},
      {"\"text\"", "configuration: expected an object of options"},
  };
  for (const auto& [config, message] : cases) CHECK(ErrorOf(config) == message);
  CHECK(ErrorOf("{nope").starts_with("configuration is not JSON: "));
}

TEST_CASE("a failed option leaves the member as it was", "[plugins][kit]") {
  std::int64_t limit = 5;
  CHECK(ReadIntegerOption(json::value(99), 1, 10, "limit", &limit) ==
        std::optional<std::string>("limit: expected an integer in [1, 10]"));
  CHECK(limit == 5);
  std::string text = "kept";
  CHECK(ReadStringOption(json::value("b"), "a|c", "x", &text).has_value());
  CHECK(text == "kept");
}

TEST_CASE("a bad default is reported as the default's fault", "[plugins][kit]") {
  const std::vector<OptionSpec<SampleOptions>> bad = {
      {"limit", OptionType::kInteger, "0", "Most items.", &SampleOptions::limit, 1, 10},
  };
  auto parsed = ParseOptionTable(bad, "{}", "docs/x.md");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error() == "default of limit: expected an integer in [1, 10]");
  const std::vector<OptionSpec<SampleOptions>> not_json = {
      {"tags", OptionType::kList, "[oops", "Labels.", &ReadTags},
  };
  CHECK(ParseOptionTable(not_json, "{}", "docs/x.md").error() == "default of tags is not JSON");
}

TEST_CASE("the docs table lists every option with type and default", "[plugins][kit]") {
  std::vector<OptionDoc> docs = OptionDocsOf(kTable);
  for (const OptionDoc& d : OptionDocsOf(kEntryTable)) docs.push_back(d);
  CHECK(MarkdownOptionTable(docs) ==
        "| option | type | default | description |\n"
        "|---|---|---|---|\n"
        "| `greeting` | string | `hello` | What to say. |\n"
        "| `language` | string | `zh` | `zh` or `en`. |\n"
        "| `enabled` | bool | `true` | Whether it runs. |\n"
        "| `limit` | integer | `1000` | Most items. |\n"
        "| `rate` | number | `2` | Per second. |\n"
        "| `tags` | list | `[\"a\",\"b\"]` | Labels. |\n"
        "| `entries` | list | (empty) | Entries. |\n"
        "| `id` | string | required | The entry's id. |\n"
        "| `secret` | string | (empty) | Its secret. |\n");
  CHECK(std::string(OptionTypeName(OptionType::kEnum)) == "enum");
}

}  // namespace
}  // namespace rexian::plugin_kit
