// Building contacts, live.* payloads and ids.
#include "livestream/live_records.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "web/api_keys.h"

namespace rexian::live {
namespace {

namespace json = boost::json;

bool IsKeyChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '.' || c == ':' || c == '-';
}

// Cuts `text` to at most `max_chars` Unicode characters (contact limits).
std::string Clip(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      if (chars == max_chars) return text.substr(0, i);
      ++chars;
    }
  }
  return text;
}

}  // namespace

bool IsSessionId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!IsKeyChar(c)) return false;
  }
  return true;
}

std::string StreamOf(const std::string& session_id) { return "live-" + session_id; }

std::string ChannelMessageIdOf(const Comment& comment) {
  // Hashed even when the platform gave an id: Bilibili's danmaku ids carry
  // the viewer's uid, and the channel message id is stored unsealed.
  const std::string identity = comment.platform_id.empty()
                                   ? "h\n" + comment.uid + '\n' + std::to_string(comment.ts_ms) + '\n' + comment.text
                                   : "p\n" + comment.platform_id;
  return comment.source + ":" + web::Sha256Hex(identity).substr(0, 32);
}

std::string QuestionIdOf(const std::string& channel_message_id) {
  return "q" + web::Sha256Hex(channel_message_id).substr(0, 16);
}

std::string Rfc3339OfMs(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(unix_ms % 1000));
  return text;
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string QuestionContact(const std::string& channel, const std::string& session_id,
                            const Comment& comment, const std::string& channel_message_id) {
  json::object citizen;
  citizen["id"] = Clip(comment.source + ":" + comment.uid, 256);
  if (!comment.uname.empty()) citizen["name"] = Clip(comment.uname, 100);
  json::object extra;
  extra["source"] = comment.source;
  if (!comment.platform_id.empty()) extra["platform_comment_id"] = comment.platform_id;
  json::object contact;
  contact["channel"] = channel;
  contact["channel_message_id"] = channel_message_id;
  contact["received_at"] = Rfc3339OfMs(comment.ts_ms > 0 ? comment.ts_ms : NowMs());
  contact["citizen"] = std::move(citizen);
  contact["text"] = Clip(comment.text, 10000);
  contact["session_id"] = session_id;
  contact["extra"] = std::move(extra);
  return json::serialize(contact);
}

std::string SessionStartedPayload(const SessionInfo& info) {
  json::object o;
  o["session"] = info.id;
  o["title"] = info.title;
  if (!info.programme.empty()) o["programme"] = info.programme;
  json::array units;
  for (const std::string& u : info.units) units.emplace_back(u);
  o["units"] = std::move(units);
  o["starts_at"] = info.starts_at;
  json::array feeds;
  for (const std::string& f : info.feeds) feeds.emplace_back(f);
  o["feeds"] = std::move(feeds);
  return json::serialize(o);
}

std::string SessionEndedPayload(const std::string& session_id, const std::string& ended_at,
                                const SessionCounts& counts) {
  json::object rejected;
  for (std::size_t i = 0; i < kRejectionReasons.size(); ++i) rejected[kRejectionReasons[i]] = counts.rejected[i];
  json::object o;
  o["session"] = session_id;
  o["ended_at"] = ended_at;
  o["received"] = counts.received;
  o["accepted"] = counts.accepted;
  o["failed"] = counts.failed;
  o["rejected"] = std::move(rejected);
  return json::serialize(o);
}

std::string QuestionAcceptedPayload(const std::string& session_id, const std::string& question,
                                    const std::string& source, const std::string& ticket_number) {
  return json::serialize(json::object{{"session", session_id},
                                      {"question", question},
                                      {"source", source},
                                      {"ticket_number", ticket_number}});
}

std::string QuestionRejectedPayload(const std::string& session_id, const char* reason,
                                    std::int64_t count) {
  return json::serialize(json::object{{"session", session_id}, {"reason", reason}, {"count", count}});
}

std::string AnsweredOnAirPayload(const std::string& session_id, const std::string& question,
                                 const std::string& ticket_number, const std::string& unit) {
  json::object o{{"session", session_id}, {"question", question}, {"ticket_number", ticket_number}};
  if (!unit.empty()) o["unit"] = unit;
  return json::serialize(o);
}

std::string QuestionDispatchedPayload(const std::string& session_id, const std::string& question,
                                      const std::string& ticket_number,
                                      const std::string& lead_department) {
  json::object o{{"session", session_id}, {"question", question}, {"ticket_number", ticket_number}};
  if (!lead_department.empty()) o["lead_department"] = lead_department;
  return json::serialize(o);
}

}  // namespace rexian::live
