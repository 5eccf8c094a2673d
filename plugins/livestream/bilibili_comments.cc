// DANMU_MSG / SUPER_CHAT_MESSAGE to Comment, and the client's own packets.
#include "livestream/bilibili_comments.h"

#include <boost/json.hpp>

#include "livestream/bilibili_packet.h"

namespace rexian::live {
namespace {

namespace json = boost::json;

std::optional<std::int64_t> IntegerOf(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  // A double outside int64's range (or NaN) is not an integer we can use;
  // converting it would be undefined behaviour (found by the fuzzer).
  if (v->is_double()) {
    const double d = v->as_double();
    if (!(d >= -9.2e18 && d <= 9.2e18)) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

std::string TextOf(const json::value* v) {
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (auto i = IntegerOf(v)) return std::to_string(*i);
  return "";
}

const json::value* At(const json::value* v, std::size_t i) {
  if (v == nullptr || !v->is_array() || v->as_array().size() <= i) return nullptr;
  return &v->as_array()[i];
}

const json::value* Member(const json::value* v, std::string_view name) {
  if (v == nullptr || !v->is_object()) return nullptr;
  return v->as_object().if_contains(name);
}

std::optional<Comment> Danmaku(const json::value& root) {
  const json::value* info = Member(&root, "info");
  Comment c;
  c.source = "bilibili";
  c.text = TextOf(At(info, 1));
  c.uid = TextOf(At(At(info, 2), 0));
  c.uname = TextOf(At(At(info, 2), 1));
  c.ts_ms = IntegerOf(At(At(info, 0), 4)).value_or(0);
  if (c.text.empty() || c.uid.empty()) return std::nullopt;
  const std::string check = TextOf(Member(At(info, 9), "ct"));
  c.platform_id = "dm-" + c.uid + "-" + std::to_string(c.ts_ms) + (check.empty() ? "" : "-" + check);
  return c;
}

std::optional<Comment> SuperChat(const json::value& root) {
  const json::value* data = Member(&root, "data");
  Comment c;
  c.source = "bilibili";
  c.text = TextOf(Member(data, "message"));
  c.uid = TextOf(Member(data, "uid"));
  c.uname = TextOf(Member(Member(data, "user_info"), "uname"));
  c.ts_ms = IntegerOf(Member(data, "start_time")).value_or(0) * 1000;
  const std::string id = TextOf(Member(data, "id"));
  if (c.text.empty() || c.uid.empty()) return std::nullopt;
  c.platform_id = id.empty() ? "" : "sc-" + id;
  return c;
}

}  // namespace

std::optional<Comment> CommentOfCommand(std::string_view json_body) {
  boost::system::error_code ec;
  json::value root = json::parse(json_body, ec);
  if (ec || !root.is_object()) return std::nullopt;
  const std::string cmd = TextOf(Member(&root, "cmd"));
  const std::string_view name = std::string_view(cmd).substr(0, cmd.find(':'));
  if (name == "DANMU_MSG") return Danmaku(root);
  if (name == "SUPER_CHAT_MESSAGE") return SuperChat(root);
  return std::nullopt;
}

std::string BilibiliAuthPacket(std::uint64_t room_id, std::uint64_t uid, std::string_view key) {
  json::object auth;
  auth["uid"] = uid;
  auth["roomid"] = room_id;
  auth["protover"] = 3;
  auth["platform"] = "web";
  auth["type"] = 2;
  if (!key.empty()) auth["key"] = key;
  return EncodeBilibili(kProtocolPlain, kOpAuth, 1, json::serialize(auth));
}

std::string BilibiliHeartbeatPacket() {
  return EncodeBilibili(kProtocolPlain, kOpHeartbeat, 1, "[object Object]");
}

bool AuthAccepted(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return false;
  auto code = IntegerOf(Member(&v, "code"));
  return code && *code == 0;
}

}  // namespace rexian::live
