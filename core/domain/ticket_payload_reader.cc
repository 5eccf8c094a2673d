// Reading members of stored ticket payloads, tolerating absence.
#include "ticket_payload_reader.h"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <limits>

#include "ticket_time.h"

namespace rexian::ticket {

namespace json = boost::json;

std::optional<std::string> ReadString(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

std::optional<std::uint32_t> ReadCount(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
  if (value->is_uint64() && value->get_uint64() <= kMax) {
    return static_cast<std::uint32_t>(value->get_uint64());
  }
  if (value->is_int64() && value->get_int64() >= 0 &&
      static_cast<std::uint64_t>(value->get_int64()) <= kMax) {
    return static_cast<std::uint32_t>(value->get_int64());
  }
  return std::nullopt;
}

std::optional<bool> ReadBool(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_bool()) return std::nullopt;
  return value->get_bool();
}

std::optional<Time> ReadTime(const json::object& object, std::string_view key) {
  const std::optional<std::string> text = ReadString(object, key);
  return text ? ParseTime(*text) : std::nullopt;
}

std::vector<std::string> ReadStrings(const json::object& object, std::string_view key) {
  std::vector<std::string> result;
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_array()) return result;
  for (const json::value& item : value->get_array()) {
    if (item.is_string()) result.emplace_back(item.get_string());
  }
  return result;
}

const json::object* ReadObject(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->get_object() : nullptr;
}

std::optional<Classification> ReadClassification(const json::object& object) {
  std::optional<std::string> type = ReadString(object, "type");
  std::optional<std::string> domain = ReadString(object, "domain");
  if (!type || !domain) return std::nullopt;
  return Classification{std::move(*type), std::move(*domain), ReadString(object, "subcategory")};
}

}  // namespace rexian::ticket
