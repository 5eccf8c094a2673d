// ScalarText, NumberOf and NumberText.
#include "kit/json_scalars.h"

#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <sstream>

namespace rexian::plugin_kit {

std::optional<std::string> ScalarText(const boost::json::value& value) {
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.as_int64());
  if (value.is_uint64()) return std::to_string(value.as_uint64());
  if (value.is_double()) {
    std::ostringstream out;
    out << value.as_double();
    return out.str();
  }
  return std::nullopt;
}

std::optional<double> NumberOf(const boost::json::value& value) {
  if (value.is_double()) return value.as_double();
  if (value.is_int64()) return static_cast<double>(value.as_int64());
  if (value.is_uint64()) return static_cast<double>(value.as_uint64());
  if (value.is_string()) {
    std::string_view s = value.as_string();
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(d)) return d;
  }
  return std::nullopt;
}

std::string NumberText(double number) {
  if (number == std::floor(number) && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<long long>(number));
  }
  std::ostringstream out;
  out << number;
  return out.str();
}

}  // namespace rexian::plugin_kit
