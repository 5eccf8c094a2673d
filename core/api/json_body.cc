// Typed reading of JSON request bodies.
#include "api/json_body.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"

namespace rexian::api {

namespace json = boost::json;

JsonBody::JsonBody(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) {
    status_ = Status::InvalidArgument("body: not valid JSON (" + ec.message() + ")");
  } else if (!v.is_object()) {
    status_ = Status::InvalidArgument("body: expected a JSON object");
  } else {
    object_ = std::move(v.as_object());
  }
}

JsonBody::JsonBody(const json::object& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

void JsonBody::Fail(const char* key, const std::string& expected) {
  if (status_.ok()) status_ = Status::InvalidArgument(prefix_ + "/" + key + ": expected " + expected);
}

void JsonBody::Adopt(const JsonBody& nested) {
  if (status_.ok()) status_ = nested.status_;
}

bool JsonBody::Has(const char* key) const {
  const json::value* v = object_.if_contains(key);
  return v != nullptr && !v->is_null();
}

std::string JsonBody::Str(const char* key) {
  const json::value* v = object_.if_contains(key);
  if (v != nullptr && v->is_string() && !v->as_string().empty()) return std::string(v->as_string());
  Fail(key, v == nullptr ? "a non-empty string (missing)" : "a non-empty string");
  return {};
}

std::optional<std::string> JsonBody::OptStr(const char* key) {
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string() && !v->as_string().empty()) return std::string(v->as_string());
  Fail(key, "a non-empty string");
  return std::nullopt;
}

bool JsonBody::Bool(const char* key) {
  const json::value* v = object_.if_contains(key);
  if (v != nullptr && v->is_bool()) return v->as_bool();
  Fail(key, v == nullptr ? "true or false (missing)" : "true or false");
  return false;
}

std::optional<double> JsonBody::OptNumber(const char* key) {
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  Fail(key, "a number");
  return std::nullopt;
}

std::optional<ticket::Time> JsonBody::OptTime(const char* key) {
  auto s = OptStr(key);
  if (!s) return std::nullopt;
  auto t = ticket::ParseTime(*s);
  if (!t) Fail(key, "an RFC 3339 date-time with offset, e.g. 2025-05-06T18:00:00+08:00");
  return t;
}

ticket::Time JsonBody::TimeOf(const char* key) {
  if (!Has(key)) {
    Fail(key, "an RFC 3339 date-time (missing)");
    return {};
  }
  return OptTime(key).value_or(ticket::Time{});
}

std::vector<std::string> JsonBody::StrList(const char* key) {
  std::vector<std::string> out;
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    Fail(key, "an array of strings");
    return out;
  }
  for (const json::value& item : v->as_array()) {
    if (!item.is_string() || item.as_string().empty()) {
      Fail(key, "an array of non-empty strings");
      return {};
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<JsonBody> JsonBody::Object(const char* key) {
  const json::value* v = object_.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_object()) {
    Fail(key, "an object");
    return std::nullopt;
  }
  return JsonBody(v->as_object(), prefix_ + "/" + key);
}

void JsonBody::OnlyKeys(std::initializer_list<const char*> known) {
  for (const auto& [name, value] : object_) {
    bool ok = false;
    for (const char* k : known) ok = ok || name == k;
    if (!ok) {
      if (status_.ok()) {
        status_ = Status::InvalidArgument(prefix_ + "/" + std::string(name) + ": unknown field");
      }
      return;
    }
  }
}

}  // namespace rexian::api
