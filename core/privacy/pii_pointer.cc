// Parsing and expansion of PII pointers over a Boost.JSON payload.
#include "privacy/pii_pointer.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>

namespace rexian::privacy {
namespace {

// RFC 6901 array index: "0" or digits without a leading zero.
bool ParseIndex(std::string_view token, std::size_t& index) {
  if (token.empty() || (token.size() > 1 && token[0] == '0')) return false;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
  return ec == std::errc() && end == token.data() + token.size();
}

}  // namespace

Result<PiiPointer> PiiPointer::Parse(std::string_view text) {
  auto invalid = [&](std::string_view why) {
    return Status::InvalidArgument("PII pointer \"" + std::string(text) +
                                   "\": " + std::string(why));
  };
  if (text.empty()) return invalid("the whole payload cannot be a personal field");
  if (text[0] != '/') return invalid("must start with '/'");
  std::vector<std::string> tokens;
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (text[i] == '~') {
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      if (next != '0' && next != '1') return invalid("'~' must be followed by '0' or '1'");
      token.push_back(next == '0' ? '~' : '/');
      ++i;
    } else {
      token.push_back(text[i]);
    }
  }
  return PiiPointer(std::move(tokens));
}

void PiiPointer::Expand(boost::json::value& payload, std::vector<Match>& out) const {
  std::string concrete;
  ExpandFrom(payload, 0, concrete, out);
}

void PiiPointer::ExpandFrom(boost::json::value& at, std::size_t depth, std::string& concrete,
                            std::vector<Match>& out) const {
  if (depth == tokens_.size()) {
    out.push_back({concrete, &at});
    return;
  }
  const std::string& token = tokens_[depth];
  std::size_t mark = concrete.size();
  if (boost::json::object* object = at.if_object()) {
    if (boost::json::value* member = object->if_contains(token)) {
      AppendPointerToken(concrete, token);
      ExpandFrom(*member, depth + 1, concrete, out);
      concrete.resize(mark);
    }
  } else if (boost::json::array* array = at.if_array()) {
    std::size_t index = 0;
    if (token == "*") {
      for (std::size_t i = 0; i < array->size(); ++i) {
        AppendPointerToken(concrete, std::to_string(i));
        ExpandFrom((*array)[i], depth + 1, concrete, out);
        concrete.resize(mark);
      }
    } else if (ParseIndex(token, index) && index < array->size()) {
      AppendPointerToken(concrete, token);
      ExpandFrom((*array)[index], depth + 1, concrete, out);
      concrete.resize(mark);
    }
  }
}

void AppendPointerToken(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  if (token.find_first_of("~/") == std::string_view::npos) {  // the usual case: nothing to escape
    pointer.append(token);
    return;
  }
  for (char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer.push_back(c);
    }
  }
}

}  // namespace rexian::privacy
