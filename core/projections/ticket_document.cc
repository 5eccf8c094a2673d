// JSON form of the ticket view's documents.
#include "projections/ticket_document.h"

#include <boost/json.hpp>
#include <charconv>
#include <cstdlib>

#include "domain/ticket_names.h"
#include "domain/ticket_time.h"

namespace rexian {
namespace {

using ticket::Time;
using Minutes = std::chrono::minutes;
namespace json = boost::json;

json::value TimeJson(const std::optional<Time>& t, Minutes offset) {
  return t ? json::value(ticket::FormatTime(*t, offset)) : json::value(nullptr);
}

json::value OptString(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::array Times(const std::vector<Time>& times, Minutes offset) {
  json::array out;
  for (Time t : times) out.emplace_back(ticket::FormatTime(t, offset));
  return out;
}

json::array Strings(const std::vector<std::string>& strings) {
  json::array out;
  for (const auto& s : strings) out.emplace_back(s);
  return out;
}

json::object Watch(const ticket::DeadlineWatch& w, Minutes offset) {
  return {{"warned", Times(w.warned, offset)}, {"overdue", Times(w.overdue, offset)}};
}

// Writes JSON text the way json::serialize does (no spaces, members in the
// order written, strings escaped as Boost.JSON escapes them).
class TextWriter {
 public:
  explicit TextWriter(std::string* out) : out_(out) {}

  // Opens an object or array; Key or Item starts each member or element.
  void Open(char bracket) {
    out_->push_back(bracket);
    first_ = true;
  }
  void Close(char bracket) {
    out_->push_back(bracket);
    first_ = false;
  }
  void Key(std::string_view key) {
    Item();
    out_->push_back('"');
    out_->append(key);  // keys are plain ASCII literals
    out_->append("\":");
    first_ = true;  // the value that follows needs no comma
  }
  void Item() {
    if (!first_) out_->push_back(',');
    first_ = false;
  }
  void Str(std::string_view s) {
    first_ = false;
    for (char c : s) {
      if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\') {
        out_->append(json::serialize(json::string_view(s.data(), s.size())));
        return;
      }
    }
    out_->push_back('"');
    out_->append(s);
    out_->push_back('"');
  }
  void OptStr(const std::optional<std::string>& s) {
    if (s) Str(*s);
    else Null();
  }
  // ticket::FormatTime's text, without its snprintf calls (the view writes
  // a dozen times per document); FormatTime itself outside years 0-9999.
  void Instant(ticket::Time t, Minutes offset) {
    const auto local = t + offset;
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day date{day};
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return Str(ticket::FormatTime(t, offset));
    const std::chrono::hh_mm_ss clock{local - day};
    char text[32];
    char* at = text;
    *at++ = '"';
    at = Digits(at, year, 4);
    *at++ = '-';
    at = Digits(at, static_cast<int>(static_cast<unsigned>(date.month())), 2);
    *at++ = '-';
    at = Digits(at, static_cast<int>(static_cast<unsigned>(date.day())), 2);
    *at++ = 'T';
    at = Digits(at, static_cast<int>(clock.hours().count()), 2);
    *at++ = ':';
    at = Digits(at, static_cast<int>(clock.minutes().count()), 2);
    *at++ = ':';
    at = Digits(at, static_cast<int>(clock.seconds().count()), 2);
    if (offset == Minutes{0}) {
      *at++ = 'Z';
    } else {
      const auto magnitude = std::abs(offset.count());
      *at++ = offset.count() < 0 ? '-' : '+';
      at = Digits(at, static_cast<int>(magnitude / 60), 2);
      *at++ = ':';
      at = Digits(at, static_cast<int>(magnitude % 60), 2);
    }
    *at++ = '"';
    out_->append(text, at);
    first_ = false;
  }
  void OptInstant(const std::optional<ticket::Time>& t, Minutes offset) {
    if (t) Instant(*t, offset);
    else Null();
  }
  void U64(std::uint64_t n) {
    first_ = false;
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    out_->append(digits, end);
  }
  void Bool(bool b) {
    first_ = false;
    out_->append(b ? "true" : "false");
  }
  void Null() {
    first_ = false;
    out_->append("null");
  }

 private:
  // Writes `value` (0 <= value < 10^width) with `width` digits.
  static char* Digits(char* at, int value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10) at[i] = static_cast<char>('0' + value % 10);
    return at + width;
  }

  std::string* out_;
  bool first_ = true;
};

void WriteTimes(TextWriter& w, const std::vector<Time>& times, Minutes offset) {
  w.Open('[');
  for (Time t : times) {
    w.Item();
    w.Instant(t, offset);
  }
  w.Close(']');
}

void WriteWatch(TextWriter& w, const ticket::DeadlineWatch& watch, Minutes offset) {
  w.Open('{');
  w.Key("warned");
  WriteTimes(w, watch.warned, offset);
  w.Key("overdue");
  WriteTimes(w, watch.overdue, offset);
  w.Close('}');
}

// Reads members of one JSON object, remembering the first problem.
class Reader {
 public:
  explicit Reader(const json::object& o, std::string where = "") : o_(o), where_(std::move(where)) {}

  std::string Str(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v != nullptr && v->is_string()) return std::string(v->as_string());
    Fail(key, "a string");
    return {};
  }
  std::optional<std::string> OptStr(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_string()) return std::string(v->as_string());
    Fail(key, "a string or null");
    return std::nullopt;
  }
  std::uint64_t U64(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v != nullptr && v->is_uint64()) return v->as_uint64();
    if (v != nullptr && v->is_int64() && v->as_int64() >= 0) return static_cast<std::uint64_t>(v->as_int64());
    Fail(key, "a non-negative integer");
    return 0;
  }
  bool Bool(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v != nullptr && v->is_bool()) return v->as_bool();
    Fail(key, "a boolean");
    return false;
  }
  std::optional<bool> OptBool(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return Bool(key);
  }
  std::optional<Time> OptTime(const char* key) {
    auto s = OptStr(key);
    if (!s) return std::nullopt;
    auto t = ticket::ParseTime(*s);
    if (!t) Fail(key, "an RFC 3339 time");
    return t;
  }
  Time TimeOf(const char* key) {
    auto t = OptTime(key);
    if (!t) Fail(key, "an RFC 3339 time");
    return t.value_or(Time{});
  }
  std::vector<std::string> StrList(const char* key) {
    std::vector<std::string> out;
    const json::value* v = o_.if_contains(key);
    if (v == nullptr || !v->is_array()) {
      Fail(key, "an array of strings");
      return out;
    }
    for (const auto& item : v->as_array()) {
      if (item.is_string()) out.emplace_back(item.as_string());
      else Fail(key, "an array of strings");
    }
    return out;
  }
  std::vector<Time> TimeList(const char* key) {
    std::vector<Time> out;
    for (const std::string& s : StrList(key)) {
      auto t = ticket::ParseTime(s);
      if (t) out.push_back(*t);
      else Fail(key, "an array of RFC 3339 times");
    }
    return out;
  }
  const json::object* Obj(const char* key, bool optional) {
    const json::value* v = o_.if_contains(key);
    if (v != nullptr && v->is_object()) return &v->as_object();
    if (!(optional && (v == nullptr || v->is_null()))) Fail(key, "an object");
    return nullptr;
  }
  const json::array* Arr(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v != nullptr && v->is_array()) return &v->as_array();
    Fail(key, "an array");
    return nullptr;
  }
  void Fail(const char* key, const char* expected) {
    if (error_.empty()) error_ = where_ + key + ": expected " + expected;
  }
  void Adopt(const Reader& inner) {
    if (error_.empty()) error_ = inner.error_;
  }
  const std::string& error() const { return error_; }

 private:
  const json::object& o_;
  std::string where_;
  std::string error_;
};

ticket::DeadlineWatch ReadWatch(Reader& parent, const char* key) {
  ticket::DeadlineWatch w;
  if (const json::object* o = parent.Obj(key, false)) {
    Reader r(*o, std::string(key) + ".");
    w.warned = r.TimeList("warned");
    w.overdue = r.TimeList("overdue");
    parent.Adopt(r);
  }
  return w;
}

std::optional<ticket::TicketStatus> ParseStatus(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(ticket::TicketStatus::kMerged); ++i) {
    auto status = static_cast<ticket::TicketStatus>(i);
    if (ticket::StatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace

bool TicketDocument::overdue() const {
  const auto& s = state;
  if (!s.deadline || s.resolved_at || ticket::IsTerminal(s.status)) return false;
  const auto& marked = s.resolution_watch.overdue;
  return std::find(marked.begin(), marked.end(), *s.deadline) != marked.end();
}

json::object TicketDocumentToJson(const TicketDocument& doc, Minutes offset) {
  const ticket::TicketState& s = doc.state;
  json::object o;
  o["id"] = doc.id;
  o["number"] = s.number;
  o["version"] = s.version;
  o["status"] = ticket::StatusName(s.status);
  o["platform"] = s.platform_code;
  o["level"] = ticket::LevelName(s.level);
  o["channel"] = s.channel;
  o["urgency"] = ticket::UrgencyName(s.urgency);
  o["session_id"] = OptString(s.session_id);
  o["citizen"] = doc.citizen;
  o["opened_at"] = ticket::FormatTime(s.opened_at, offset);
  if (s.classification) {
    o["classification"] = json::object{{"type", s.classification->type_code},
                                       {"domain", s.classification->domain_code},
                                       {"subcategory", OptString(s.classification->subcategory_code)}};
  } else {
    o["classification"] = nullptr;
  }
  o["answered_at"] = TimeJson(s.answered_at, offset);
  o["dispatch_number"] = s.dispatch_number;
  o["lead_department"] = s.lead_department;
  o["assisting_departments"] = Strings(s.assisting_departments);
  o["sla_policy_id"] = s.sla_policy_id;
  o["routing_rule_id"] = OptString(s.routing_rule_id);
  o["acknowledge_deadline"] = TimeJson(s.acknowledge_deadline, offset);
  o["original_deadline"] = TimeJson(s.original_deadline, offset);
  o["deadline"] = TimeJson(s.deadline, offset);
  o["acknowledged_at"] = TimeJson(s.acknowledged_at, offset);
  if (s.pending_extension) {
    o["pending_extension"] = json::object{
        {"department", s.pending_extension->department},
        {"requested_deadline", ticket::FormatTime(s.pending_extension->requested_deadline, offset)},
        {"requested_at", ticket::FormatTime(s.pending_extension->requested_at, offset)}};
  } else {
    o["pending_extension"] = nullptr;
  }
  o["acknowledgement_watch"] = Watch(s.acknowledgement_watch, offset);
  o["resolution_watch"] = Watch(s.resolution_watch, offset);
  o["resolved_at"] = TimeJson(s.resolved_at, offset);
  o["on_time"] = s.on_time ? json::value(*s.on_time) : json::value(nullptr);
  o["overdue"] = doc.overdue();
  json::array follow_ups;
  for (const auto& f : s.follow_ups) {
    follow_ups.push_back(json::object{{"rating", ticket::RatingName(f.rating)},
                                      {"solved", f.solved},
                                      {"at", ticket::FormatTime(f.at, offset)}});
  }
  o["follow_ups"] = std::move(follow_ups);
  o["rating"] = s.follow_ups.empty() ? json::value(nullptr)
                                     : json::value(ticket::RatingName(s.follow_ups.back().rating));
  o["counts"] = json::object{{"returns", s.returns},
                             {"progress_notes", s.progress_notes},
                             {"extension_requests", s.extension_requests},
                             {"extensions_approved", s.extensions_approved},
                             {"extensions_refused", s.extensions_refused},
                             {"urges", s.urges},
                             {"supervisions", s.supervisions},
                             {"resolutions", s.resolutions},
                             {"reopens", s.reopens},
                             {"contacts_added", s.contacts_added}};
  o["merged_into"] = OptString(s.merged_into);
  o["closed_outcome"] = OptString(s.closed_outcome);
  o["closed_at"] = TimeJson(s.closed_at, offset);
  o["opened_position"] = doc.opened_position;
  o["last_position"] = doc.last_position;
  return o;
}

std::string TicketDocumentText(const TicketDocument& doc, Minutes offset) {
  const ticket::TicketState& s = doc.state;
  std::string out;
  out.reserve(1536);
  TextWriter w(&out);
  w.Open('{');
  w.Key("id"); w.Str(doc.id);
  w.Key("number"); w.Str(s.number);
  w.Key("version"); w.U64(s.version);
  w.Key("status"); w.Str(ticket::StatusName(s.status));
  w.Key("platform"); w.Str(s.platform_code);
  w.Key("level"); w.Str(ticket::LevelName(s.level));
  w.Key("channel"); w.Str(s.channel);
  w.Key("urgency"); w.Str(ticket::UrgencyName(s.urgency));
  w.Key("session_id"); w.OptStr(s.session_id);
  w.Key("citizen"); w.Str(doc.citizen);
  w.Key("opened_at"); w.Instant(s.opened_at, offset);
  w.Key("classification");
  if (s.classification) {
    w.Open('{');
    w.Key("type"); w.Str(s.classification->type_code);
    w.Key("domain"); w.Str(s.classification->domain_code);
    w.Key("subcategory"); w.OptStr(s.classification->subcategory_code);
    w.Close('}');
  } else {
    w.Null();
  }
  w.Key("answered_at"); w.OptInstant(s.answered_at, offset);
  w.Key("dispatch_number"); w.U64(s.dispatch_number);
  w.Key("lead_department"); w.Str(s.lead_department);
  w.Key("assisting_departments");
  w.Open('[');
  for (const std::string& d : s.assisting_departments) {
    w.Item();
    w.Str(d);
  }
  w.Close(']');
  w.Key("sla_policy_id"); w.Str(s.sla_policy_id);
  w.Key("routing_rule_id"); w.OptStr(s.routing_rule_id);
  w.Key("acknowledge_deadline"); w.OptInstant(s.acknowledge_deadline, offset);
  w.Key("original_deadline"); w.OptInstant(s.original_deadline, offset);
  w.Key("deadline"); w.OptInstant(s.deadline, offset);
  w.Key("acknowledged_at"); w.OptInstant(s.acknowledged_at, offset);
  w.Key("pending_extension");
  if (s.pending_extension) {
    w.Open('{');
    w.Key("department"); w.Str(s.pending_extension->department);
    w.Key("requested_deadline"); w.Instant(s.pending_extension->requested_deadline, offset);
    w.Key("requested_at"); w.Instant(s.pending_extension->requested_at, offset);
    w.Close('}');
  } else {
    w.Null();
  }
  w.Key("acknowledgement_watch"), WriteWatch(w, s.acknowledgement_watch, offset);
  w.Key("resolution_watch"), WriteWatch(w, s.resolution_watch, offset);
  w.Key("resolved_at"); w.OptInstant(s.resolved_at, offset);
  w.Key("on_time");
  if (s.on_time) w.Bool(*s.on_time);
  else w.Null();
  w.Key("overdue"); w.Bool(doc.overdue());
  w.Key("follow_ups");
  w.Open('[');
  for (const auto& f : s.follow_ups) {
    w.Item();
    w.Open('{');
    w.Key("rating"); w.Str(ticket::RatingName(f.rating));
    w.Key("solved"); w.Bool(f.solved);
    w.Key("at"); w.Instant(f.at, offset);
    w.Close('}');
  }
  w.Close(']');
  w.Key("rating");
  if (s.follow_ups.empty()) w.Null();
  else w.Str(ticket::RatingName(s.follow_ups.back().rating));
  w.Key("counts");
  w.Open('{');
  w.Key("returns"); w.U64(s.returns);
  w.Key("progress_notes"); w.U64(s.progress_notes);
  w.Key("extension_requests"); w.U64(s.extension_requests);
  w.Key("extensions_approved"); w.U64(s.extensions_approved);
  w.Key("extensions_refused"); w.U64(s.extensions_refused);
  w.Key("urges"); w.U64(s.urges);
  w.Key("supervisions"); w.U64(s.supervisions);
  w.Key("resolutions"); w.U64(s.resolutions);
  w.Key("reopens"); w.U64(s.reopens);
  w.Key("contacts_added"); w.U64(s.contacts_added);
  w.Close('}');
  w.Key("merged_into"); w.OptStr(s.merged_into);
  w.Key("closed_outcome"); w.OptStr(s.closed_outcome);
  w.Key("closed_at"); w.OptInstant(s.closed_at, offset);
  w.Key("opened_position"); w.U64(doc.opened_position);
  w.Key("last_position"); w.U64(doc.last_position);
  w.Close('}');
  return out;
}

Result<TicketDocument> TicketDocumentFromJson(const json::object& o) {
  TicketDocument doc;
  ticket::TicketState& s = doc.state;
  Reader r(o);
  doc.id = r.Str("id");
  doc.citizen = r.Str("citizen");
  doc.opened_position = r.U64("opened_position");
  doc.last_position = r.U64("last_position");
  s.number = r.Str("number");
  s.version = r.U64("version");
  if (auto status = ParseStatus(r.Str("status"))) s.status = *status;
  else r.Fail("status", "a ticket status");
  s.platform_code = r.Str("platform");
  if (auto level = ticket::ParseLevel(r.Str("level"))) s.level = *level;
  else r.Fail("level", "city or county");
  s.channel = r.Str("channel");
  if (auto urgency = ticket::ParseUrgency(r.Str("urgency"))) s.urgency = *urgency;
  else r.Fail("urgency", "normal or urgent");
  s.session_id = r.OptStr("session_id");
  s.opened_at = r.TimeOf("opened_at");
  if (const json::object* c = r.Obj("classification", true)) {
    Reader cr(*c, "classification.");
    s.classification = ticket::Classification{cr.Str("type"), cr.Str("domain"), cr.OptStr("subcategory")};
    r.Adopt(cr);
  }
  s.answered_at = r.OptTime("answered_at");
  s.dispatch_number = static_cast<std::uint32_t>(r.U64("dispatch_number"));
  s.lead_department = r.Str("lead_department");
  s.assisting_departments = r.StrList("assisting_departments");
  s.sla_policy_id = r.Str("sla_policy_id");
  s.routing_rule_id = r.OptStr("routing_rule_id");
  s.acknowledge_deadline = r.OptTime("acknowledge_deadline");
  s.original_deadline = r.OptTime("original_deadline");
  s.deadline = r.OptTime("deadline");
  s.acknowledged_at = r.OptTime("acknowledged_at");
  if (const json::object* p = r.Obj("pending_extension", true)) {
    Reader pr(*p, "pending_extension.");
    s.pending_extension = ticket::PendingExtension{pr.Str("department"), pr.TimeOf("requested_deadline"),
                                                   pr.TimeOf("requested_at")};
    r.Adopt(pr);
  }
  s.acknowledgement_watch = ReadWatch(r, "acknowledgement_watch");
  s.resolution_watch = ReadWatch(r, "resolution_watch");
  s.resolved_at = r.OptTime("resolved_at");
  s.on_time = r.OptBool("on_time");
  if (const json::array* follow_ups = r.Arr("follow_ups")) {
    for (const auto& item : *follow_ups) {
      if (!item.is_object()) {
        r.Fail("follow_ups", "an array of objects");
        break;
      }
      Reader fr(item.as_object(), "follow_ups[].");
      ticket::FollowUp f;
      if (auto rating = ticket::ParseRating(fr.Str("rating"))) f.rating = *rating;
      else fr.Fail("rating", "a rating");
      f.solved = fr.Bool("solved");
      f.at = fr.TimeOf("at");
      r.Adopt(fr);
      s.follow_ups.push_back(f);
    }
  }
  if (const json::object* c = r.Obj("counts", false)) {
    Reader cr(*c, "counts.");
    s.returns = static_cast<std::uint32_t>(cr.U64("returns"));
    s.progress_notes = static_cast<std::uint32_t>(cr.U64("progress_notes"));
    s.extension_requests = static_cast<std::uint32_t>(cr.U64("extension_requests"));
    s.extensions_approved = static_cast<std::uint32_t>(cr.U64("extensions_approved"));
    s.extensions_refused = static_cast<std::uint32_t>(cr.U64("extensions_refused"));
    s.urges = static_cast<std::uint32_t>(cr.U64("urges"));
    s.supervisions = static_cast<std::uint32_t>(cr.U64("supervisions"));
    s.resolutions = static_cast<std::uint32_t>(cr.U64("resolutions"));
    s.reopens = static_cast<std::uint32_t>(cr.U64("reopens"));
    // Absent from documents written before follow-up contacts existed.
    if (c->contains("contacts_added")) {
      s.contacts_added = static_cast<std::uint32_t>(cr.U64("contacts_added"));
    }
    r.Adopt(cr);
  }
  s.merged_into = r.OptStr("merged_into");
  s.closed_outcome = r.OptStr("closed_outcome");
  s.closed_at = r.OptTime("closed_at");
  if (!r.error().empty()) return Status::InvalidArgument("ticket document: " + r.error());
  return doc;
}

}  // namespace rexian
