// JSON Pointer (RFC 6901) helpers.
#include "json_pointer.h"

#include <boost/json/value.hpp>
#include <charconv>

namespace rexian::schema {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string JoinPointer(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& token : tokens) {
    out += '/';
    out += EscapePointerToken(token);
  }
  return out;
}

std::vector<std::string> SplitPointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::string current;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(current));
      current.clear();
    } else if (pointer[i] == '~' && i + 1 < pointer.size() &&
               (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
      current += pointer[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      current += pointer[i];
    }
  }
  return tokens;
}

const boost::json::value* FindAtPointer(const boost::json::value& document,
                                        const std::vector<std::string>& tokens) {
  const boost::json::value* at = &document;
  for (const std::string& token : tokens) {
    if (const boost::json::object* object = at->if_object()) {
      at = object->if_contains(token);
    } else if (const boost::json::array* array = at->if_array()) {
      std::size_t index = 0;
      const char* end = token.data() + token.size();
      auto [ptr, ec] = std::from_chars(token.data(), end, index);
      if (ec != std::errc() || ptr != end || index >= array->size()) return nullptr;
      at = &(*array)[index];
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

}  // namespace rexian::schema
