// StringPattern: the linear matcher agrees with std::regex (ECMAScript
// regex_search) on every pattern the shipped schemas use, and on hand-picked
// edge cases; patterns outside its subset fall back to std::regex.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <random>
#include <regex>
#include <set>

#include "schema/json_file.h"
#include "schema/string_pattern.h"
#include "schema_test_support.h"

namespace rexian::schema {
namespace {

void CollectPatterns(const boost::json::value& node, std::set<std::string>* out) {
  if (const boost::json::object* object = node.if_object()) {
    for (const auto& member : *object) {
      if (member.key() == "pattern" && member.value().is_string()) {
        out->insert(std::string(member.value().get_string()));
      }
      CollectPatterns(member.value(), out);
    }
  } else if (const boost::json::array* array = node.if_array()) {
    for (const boost::json::value& item : *array) CollectPatterns(item, out);
  }
}

std::set<std::string> ShippedPatterns() {
  std::set<std::string> patterns;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::ShippedSchemasDir())) {
    if (entry.path().extension() != ".json") continue;
    Result<boost::json::value> document = ReadJsonFile(entry.path().string());
    REQUIRE(document.ok());
    CollectPatterns(*document, &patterns);
  }
  return patterns;
}

bool RegexSays(const std::string& pattern, const std::string& text) {
  return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
}

// Strings near the pattern's language: pieces of its own characters, digits,
// punctuation, a space, a byte of UTF-8, at lengths around its counts.
std::vector<std::string> Probes(const std::string& pattern, std::mt19937* random) {
  const std::string alphabet = "aZ09_-.:@+ ()*#!~q" + std::string("\xE5\xBE\x90");
  std::vector<std::string> probes = {"", "a", "ab", "1", "ticket-", "ticket-x", "q0123456789abcdef"};
  for (int i = 0; i < 400; ++i) {
    const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 140)(*random);
    std::string text;
    for (std::size_t j = 0; j < length; ++j) {
      // Mostly characters the pattern itself mentions, so matches happen.
      if ((*random)() % 4 != 0) {
        text += pattern[(*random)() % pattern.size()];
      } else {
        text += alphabet[(*random)() % alphabet.size()];
      }
    }
    probes.push_back(text);
  }
  for (std::size_t length : {1, 2, 3, 4, 31, 32, 33, 36, 39, 40, 64, 65, 80, 81, 128, 129}) {
    probes.push_back(std::string(length, 'a'));
    probes.push_back(std::string(length, '7'));
    probes.push_back("A" + std::string(length, '-'));
  }
  probes.push_back("1234-5678-1234567");
  probes.push_back("0516-8888-1234567");
  probes.push_back("+86 (516) 8888-1234");
  return probes;
}

TEST_CASE("every shipped schema pattern runs linearly and agrees with std::regex",
          "[schema][pattern]") {
  const std::set<std::string> patterns = ShippedPatterns();
  REQUIRE(patterns.size() >= 20);
  std::mt19937 random(20251128);
  std::size_t matched = 0;
  for (const std::string& source : patterns) {
    Result<StringPattern> pattern = StringPattern::Compile(source);
    REQUIRE(pattern.ok());
    INFO("pattern " << source);
    CHECK(pattern->is_linear());
    for (const std::string& text : Probes(source, &random)) {
      INFO("text \"" << text << "\"");
      const bool expected = RegexSays(source, text);
      REQUIRE(pattern->Matches(text) == expected);
      matched += expected ? 1 : 0;
    }
  }
  CHECK(matched > 100);  // the probes do reach the patterns' languages
}

TEST_CASE("linear patterns: counts, escapes, classes and literals", "[schema][pattern]") {
  struct Case {
    const char* pattern;
    const char* text;
    bool matches;
  };
  const Case cases[] = {
      {"^$", "", true},
      {"^$", "a", false},
      {"^a?b*c+$", "c", true},
      {"^a?b*c+$", "abbbcc", true},
      {"^a?b*c+$", "aab", false},
      {"^[a-c]{2}$", "ab", true},
      {"^[a-c]{2}$", "abc", false},
      {"^[a-c]{2,}$", "abcabc", true},
      {"^[a-c]{2,}$", "a", false},
      {"^x[0-9]{0,3}y$", "xy", true},
      {"^x[0-9]{0,3}y$", "x1234y", false},
      {"^\\d{3}\\.\\d$", "123.4", true},
      {"^\\d{3}\\.\\d$", "123x4", false},
      {"^[\\d-]{3}$", "1-2", true},
      {"^[\\]\\-]+$", "]-]", true},
      {"^[a-]+$", "a-a", true},
      {"^[+]?[0-9]{2}$", "+12", true},
      {"^[+]?[0-9]{2}$", "++12", false},
      {"^[a-z]+[a-z0-9]{2}$", "abc12", true},  // needs giving back: no greedy trap
      {"^[a-z0-9]*[0-9]{3}$", "ab123", true},
      {"^[a-z0-9]*[0-9]{3}$", "ab12", false},
      {"^[!-~]{1,3}$", "\xE5\xBE\x90", false},  // bytes above ASCII never match a class
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " on \"" << c.text << "\"");
    Result<StringPattern> pattern = StringPattern::Compile(c.pattern);
    REQUIRE(pattern.ok());
    CHECK(pattern->is_linear());
    CHECK(pattern->Matches(c.text) == c.matches);
    CHECK(RegexSays(c.pattern, c.text) == c.matches);
  }
}

TEST_CASE("patterns outside the linear subset fall back to std::regex", "[schema][pattern]") {
  struct Case {
    const char* pattern;
    const char* text;
    bool matches;
  };
  const Case cases[] = {
      {"abc", "xxabcxx", true},         // unanchored: a search
      {"^abc", "abcdef", true},         // anchored at one end only
      {"^(ab)+$", "abab", true},        // groups
      {"^a|b$", "xb", true},            // alternation
      {"^[^a]$", "b", true},            // negated class
      {"^.{2}$", "ab", true},           // any character
      {"^\\w+$", "a_1", true},          // \w
      {"^a{2}?$", "aa", true},          // lazy quantifier
      {"^a\\$", "a$", true},            // escaped final dollar
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " on \"" << c.text << "\"");
    Result<StringPattern> pattern = StringPattern::Compile(c.pattern);
    REQUIRE(pattern.ok());
    CHECK_FALSE(pattern->is_linear());
    CHECK(pattern->Matches(c.text) == c.matches);
  }
}

TEST_CASE("an invalid pattern is refused with its text", "[schema][pattern]") {
  Result<StringPattern> pattern = StringPattern::Compile("^[a-$");
  REQUIRE_FALSE(pattern.ok());
  CHECK(pattern.status().message().find("^[a-$") != std::string::npos);
  CHECK(pattern.status().message().find("not a valid regular expression") != std::string::npos);
}

}  // namespace
}  // namespace rexian::schema
