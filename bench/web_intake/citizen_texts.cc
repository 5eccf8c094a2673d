// Reading and escaping the sample messages once, before any load.
#include "citizen_texts.h"

#include <boost/json.hpp>

#include <fstream>

namespace rexian::web_bench {
namespace {

namespace json = boost::json;

// Unicode code points of UTF-8 `s` (JSON Schema's maxLength counts these).
std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// The member `key` of `o` when it is a non-blank string; "" otherwise.
std::string_view Member(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  std::string_view s = v->get_string();
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos ? std::string_view{} : s;
}

}  // namespace

Result<std::vector<CitizenText>> LoadCitizenTexts(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read the sample messages " + path + " (use --texts)");
  std::vector<CitizenText> out;
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code ec;
    json::value parsed = json::parse(line, ec);
    if (ec || !parsed.is_object()) continue;
    const std::string_view text = Member(parsed.as_object(), "text");
    const std::string_view subject = Member(parsed.as_object(), "subject");
    if (text.empty() || CodePoints(text) > 10'000 || CodePoints(subject) > 200) continue;
    CitizenText t;
    t.text_json = json::serialize(json::string(text));
    if (!subject.empty()) t.subject_json = json::serialize(json::string(subject));
    out.push_back(std::move(t));
  }
  if (out.empty()) return Status::NotFound(path + ": no message with a text");
  return out;
}

}  // namespace rexian::web_bench
