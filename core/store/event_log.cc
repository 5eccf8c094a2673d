// EventLog: schema validation and personal-data sealing in front of the store.
#include "rexian/event_log.h"

#include <openssl/rand.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "privacy/pii_pointer.h"

namespace rexian {
namespace {

Status Prefix(std::string_view where, const Status& s) {
  std::string msg = std::string(where) + ": " + s.message();
  switch (s.code()) {
    case Status::Code::kNotFound: return Status::NotFound(msg);
    case Status::Code::kInvalidArgument: return Status::InvalidArgument(msg);
    case Status::Code::kCorruption: return Status::Corruption(msg);
    default: return Status::IoError(msg);
  }
}

Result<boost::json::value> ParseJson(std::string_view where, std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return Status::InvalidArgument(std::string(where) + ": not valid JSON: " + ec.message());
  if (!v.is_object()) return Status::InvalidArgument(std::string(where) + ": must be a JSON object");
  return v;
}

// Whether any of the PII pointers reaches a value in `payload`.
bool HoldsAnyField(boost::json::value& payload, const std::vector<std::string>& pointers) {
  std::vector<privacy::PiiPointer::Match> matches;
  for (const std::string& text : pointers) {
    auto pointer = privacy::PiiPointer::Parse(text);
    if (pointer.ok()) pointer->Expand(payload, matches);
    if (!matches.empty()) return true;
  }
  return false;
}

// The clock and counter behind NewEventId, shared by every thread.
struct EventIdClock {
  std::mutex mu;
  std::uint64_t ms = 0;      // 48-bit Unix milliseconds of the last id
  std::uint64_t rand_a = 0;  // 12 bits
  std::uint64_t rand_b = 0;  // 62 bits
};

std::uint64_t RandomU64() {
  std::uint64_t v = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v);
  return v;
}

}  // namespace

std::string NewEventId() {
  static EventIdClock clock;
  std::uint64_t ms, rand_a, rand_b;
  {
    std::lock_guard<std::mutex> lock(clock.mu);
    auto now = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    if (now > clock.ms) {
      // A new millisecond: fresh random bits; rand_a's top bit starts clear so
      // the counter below cannot roll over within the millisecond.
      clock.ms = now;
      clock.rand_a = RandomU64() & 0x7ff;
      clock.rand_b = RandomU64() & ((std::uint64_t{1} << 62) - 1);
    } else if (++clock.rand_b >> 62 != 0) {
      // Same millisecond (or the clock stepped back): the 74 random bits act
      // as a counter, so ids stay strictly increasing within the process.
      clock.rand_b = 0;
      if (++clock.rand_a >> 12 != 0) {
        clock.rand_a = 0;
        ++clock.ms;
      }
    }
    ms = clock.ms;
    rand_a = clock.rand_a;
    rand_b = clock.rand_b;
  }
  // RFC 9562 UUIDv7: unix_ts_ms(48) | ver=7(4) | rand_a(12) | var=10(2) | rand_b(62).
  const std::uint64_t hi = (ms & 0xffff'ffff'ffffull) << 16 | 0x7000 | rand_a;
  const std::uint64_t lo = std::uint64_t{2} << 62 | rand_b;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    std::uint64_t word = i < 16 ? hi : lo;
    out.push_back(kHex[(word >> (60 - 4 * (i % 16))) & 0xf]);
  }
  return out;
}

EventLog::EventLog(EventStore* store, const SchemaRegistry* schemas, KeyStore* keys)
    : store_(store), schemas_(schemas), keys_(keys) {}

Status EventLog::PrepareEvent(std::size_t index, NewEvent* event) {
  const std::string where = "events[" + std::to_string(index) + "]";
  if (event->event_id.empty()) event->event_id = NewEventId();
  if (!schemas_->HasEventType(event->type, event->schema_version)) {
    return Status::NotFound(where + ": unknown event type '" + event->type + "' version " +
                            std::to_string(event->schema_version));
  }
  auto metadata = ParseJson(where + ".metadata", event->metadata);
  if (!metadata.ok()) return metadata.status();
  Status s = schemas_->ValidateMetadata(*metadata);
  if (!s.ok()) return Prefix(where + ".metadata", s);
  auto payload = ParseJson(where + ".payload", event->payload);
  if (!payload.ok()) return payload.status();
  s = schemas_->ValidateEvent(event->type, event->schema_version, *payload);
  if (!s.ok()) return Prefix(where + ".payload", s);

  const std::vector<std::string>& personal =
      schemas_->PersonalFields(event->type, event->schema_version);
  if (personal.empty()) return Status::OK();
  const boost::json::value* citizen = metadata->as_object().if_contains("citizen");
  if (citizen == nullptr || !citizen->is_string() || citizen->as_string().empty()) {
    // Nothing personal present means nothing to seal.
    if (!HoldsAnyField(*payload, personal)) return Status::OK();
    return Status::InvalidArgument(where + ".metadata.citizen: required, because the payload "
                                   "holds personal fields to seal under the citizen's key");
  }
  std::string_view citizen_id(citizen->as_string().data(), citizen->as_string().size());
  auto key = keys_->KeyFor(citizen_id);
  if (!key.ok()) return Prefix(where + ": personal-data key", key.status());
  s = SealFields(*payload, personal, citizen_id, *key, event->event_id);
  if (!s.ok()) return Prefix(where + ".payload", s);
  event->payload = boost::json::serialize(*payload);
  return Status::OK();
}

Status EventLog::Prepare(AppendRequest* request) {
  for (std::size_t i = 0; i < request->events.size(); ++i) {
    Status s = PrepareEvent(i, &request->events[i]);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

void EventLog::AppendAsync(AppendRequest request, AppendCallback done) {
  Status s = Prepare(&request);
  if (!s.ok()) {
    done(AppendResult{s});
    return;
  }
  store_->AppendAsync(std::move(request), std::move(done));
}

AppendResult EventLog::Append(AppendRequest request) {
  Status s = Prepare(&request);
  if (!s.ok()) return AppendResult{s};
  return store_->Append(std::move(request));
}

Status EventLog::Reveal(RecordedEvent* event, PiiAccess access) const {
  if (!MayHaveSealedFields(event->payload)) return Status::OK();
  boost::system::error_code ec;
  boost::json::value payload = boost::json::parse(event->payload, ec);
  if (ec) {
    return Status::Corruption("position " + std::to_string(event->position) +
                              ": stored payload is not JSON");
  }
  Status s = OpenFields(payload, *keys_, access, event->event_id);
  if (!s.ok()) return Prefix("position " + std::to_string(event->position), s);
  event->payload = boost::json::serialize(payload);
  return Status::OK();
}

Status EventLog::ReadStream(std::string_view stream_id, std::uint64_t from_version,
                            std::size_t max_count, PiiAccess access,
                            std::vector<RecordedEvent>* out) const {
  const std::size_t first = out->size();
  Status s = store_->ReadStream(stream_id, from_version, max_count, out);
  for (std::size_t i = first; s.ok() && i < out->size(); ++i) s = Reveal(&(*out)[i], access);
  return s;
}

Status EventLog::ReadAll(std::uint64_t from_position, std::size_t max_count, PiiAccess access,
                         const RecordVisitor& visitor) const {
  Status failure;
  Status s = store_->ReadAll(from_position, max_count, [&](const RecordedEvent& e) {
    if (!MayHaveSealedFields(e.payload)) return visitor(e);  // nothing to open: no copy
    RecordedEvent copy = e;
    failure = Reveal(&copy, access);
    return failure.ok() && visitor(copy);
  });
  return failure.ok() ? s : failure;
}

Result<std::unique_ptr<Subscription>> EventLog::Subscribe(std::uint64_t from_position,
                                                          PiiAccess access,
                                                          RecordVisitor handler) const {
  return store_->Subscribe(from_position, [this, access, handler](const RecordedEvent& e) {
    if (!MayHaveSealedFields(e.payload)) return handler(e);
    RecordedEvent copy = e;
    // A record that fails authentication is delivered redacted rather than
    // stalling every consumer; Verify and reads report it.
    if (!Reveal(&copy, access).ok()) {
      copy = e;
      Reveal(&copy, PiiAccess::kRedacted);
    }
    return handler(copy);
  });
}

}  // namespace rexian
