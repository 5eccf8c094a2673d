// Export/import line format of records.
#include "store/record_json.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>

#include "store/record_hash.h"

namespace rexian {

std::string FormatUtcMicros(std::int64_t micros) {
  using namespace std::chrono;
  sys_time<microseconds> t{microseconds{micros}};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                static_cast<long long>(hms.subseconds().count()));
  return buf;
}

bool ParseUtcMicros(std::string_view text, std::int64_t* micros) {
  int y, mo, d, h, mi, s;
  long long us;
  char z = 0;
  std::string copy(text);
  if (text.size() != 27 ||
      std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6lld%c", &y, &mo, &d, &h, &mi, &s, &us,
                  &z) != 8 ||
      z != 'Z') {
    return false;
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) return false;
  auto t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + microseconds{us};
  *micros = duration_cast<microseconds>(t.time_since_epoch()).count();
  return true;
}

std::string RecordToJsonLine(const RecordedEvent& r) {
  boost::json::object o;
  o["position"] = r.position;
  o["stream_id"] = r.stream_id;
  o["stream_version"] = r.stream_version;
  o["event_id"] = r.event_id;
  o["type"] = r.type;
  o["schema_version"] = r.schema_version;
  o["recorded_at"] = FormatUtcMicros(r.recorded_at_us);
  o["metadata"] = r.metadata;
  o["payload"] = r.payload;
  o["hash"] = HexEncode(r.hash);
  return boost::json::serialize(o);
}

Status RecordFromJsonLine(std::string_view line, RecordedEvent* out) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("not a JSON object");
  const boost::json::object& o = v.as_object();
  auto text = [&](const char* key, std::string* dst) -> Status {
    const boost::json::value* f = o.if_contains(key);
    if (f == nullptr || !f->is_string()) {
      return Status::InvalidArgument(std::string(key) + ": expected a string");
    }
    dst->assign(f->as_string().data(), f->as_string().size());
    return Status::OK();
  };
  auto number = [&](const char* key, std::uint64_t* dst) -> Status {
    const boost::json::value* f = o.if_contains(key);
    if (f == nullptr || !(f->is_uint64() || (f->is_int64() && f->as_int64() >= 0))) {
      return Status::InvalidArgument(std::string(key) + ": expected a non-negative integer");
    }
    *dst = f->is_uint64() ? f->as_uint64() : static_cast<std::uint64_t>(f->as_int64());
    return Status::OK();
  };
  std::uint64_t schema_version = 0;
  std::string recorded_at, hash_hex;
  Status s;
  if (!(s = number("position", &out->position)).ok()) return s;
  if (!(s = text("stream_id", &out->stream_id)).ok()) return s;
  if (!(s = number("stream_version", &out->stream_version)).ok()) return s;
  if (!(s = text("event_id", &out->event_id)).ok()) return s;
  if (!(s = text("type", &out->type)).ok()) return s;
  if (!(s = number("schema_version", &schema_version)).ok()) return s;
  if (!(s = text("recorded_at", &recorded_at)).ok()) return s;
  if (!(s = text("metadata", &out->metadata)).ok()) return s;
  if (!(s = text("payload", &out->payload)).ok()) return s;
  if (!(s = text("hash", &hash_hex)).ok()) return s;
  out->schema_version = static_cast<std::uint32_t>(schema_version);
  if (!ParseUtcMicros(recorded_at, &out->recorded_at_us)) {
    return Status::InvalidArgument("recorded_at: expected YYYY-MM-DDTHH:MM:SS.uuuuuuZ");
  }
  if (!HexDecode(hash_hex, &out->hash) || out->hash.size() != 32) {
    return Status::InvalidArgument("hash: expected 64 hex digits");
  }
  return Status::OK();
}

}  // namespace rexian
