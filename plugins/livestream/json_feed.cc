// Mapping a JSON feed message to a Comment.
#include "livestream/json_feed.h"

#include <boost/json.hpp>

namespace rexian::live {

std::optional<Comment> CommentOfFeedMessage(std::string_view message) {
  namespace json = boost::json;
  boost::system::error_code ec;
  json::value v = json::parse(message, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  auto text_of = [&](std::string_view name) -> std::optional<std::string> {
    const json::value* m = o.if_contains(name);
    if (m == nullptr) return std::string();
    if (m->is_string()) return std::string(m->as_string());
    if (m->is_int64()) return std::to_string(m->as_int64());
    if (m->is_uint64()) return std::to_string(m->as_uint64());
    return std::nullopt;
  };
  auto uid = text_of("uid"), uname = text_of("uname"), text = text_of("text"), id = text_of("id");
  if (!uid || !uname || !text || !id || uid->empty() || text->empty()) return std::nullopt;
  Comment c;
  c.source = "json";
  c.uid = *uid;
  c.uname = *uname;
  c.text = *text;
  c.platform_id = *id;
  if (const json::value* ts = o.if_contains("ts")) {
    double t = ts->is_int64() ? static_cast<double>(ts->as_int64())
               : ts->is_uint64() ? static_cast<double>(ts->as_uint64())
               : ts->is_double() ? ts->as_double() : -1;
    if (t < 0 || t > 1e14) return std::nullopt;
    c.ts_ms = static_cast<std::int64_t>(t < 1e11 ? t * 1000 : t);  // seconds or milliseconds
  }
  return c;
}

}  // namespace rexian::live
