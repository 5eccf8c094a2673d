// JsonMember: reading optional members of stored JSON documents.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace rexian {

// The string member `key` of `o`, or "" when it is absent or not a string.
inline std::string StringMember(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace rexian
