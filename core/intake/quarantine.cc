// Quarantine: two event types in one stream, folded on every read.
#include "intake/quarantine.h"

#include <boost/json.hpp>

#include "service/event_metadata.h"

namespace rexian {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Quarantine::Quarantine(EventLog* log, std::function<ticket::Time()> clock,
                       std::chrono::minutes utc_offset)
    : log_(log), clock_(std::move(clock)), utc_offset_(utc_offset) {}

void Quarantine::Add(const ContactSource& source, const std::string& raw,
                     const std::vector<FieldError>& errors, const std::string& citizen,
                     std::function<void(Result<std::string>)> done) {
  const std::string id = NewEventId();
  json::object payload;
  payload["quarantine_id"] = id;
  payload["source"] = source.name.empty() ? std::string("unknown") : source.name.substr(0, 100);
  // Channel and message id help an operator find the entry; copy them only
  // when the raw text is a JSON object holding them as short strings.
  boost::system::error_code ec;
  const json::value parsed = json::parse(raw, ec);
  if (!ec && parsed.is_object()) {
    const std::string channel = Str(parsed.as_object(), "channel");
    const std::string message = Str(parsed.as_object(), "channel_message_id");
    if (!channel.empty() && channel.size() <= 100) payload["channel"] = channel;
    if (!message.empty() && message.size() <= 256) payload["channel_message_id"] = message;
  }
  json::array list;
  for (std::size_t i = 0; i < errors.size() && i < 100; ++i) {
    list.push_back(json::object{{"field", errors[i].field.substr(0, 300)},
                                {"message", errors[i].message.substr(0, 1000)}});
  }
  payload["errors"] = std::move(list);
  payload["raw"] = raw;

  AppendRequest request;
  request.stream_id = kStream;
  request.expected = ExpectedVersion::Any();
  NewEvent event;
  event.event_id = id;
  event.type = "contact.quarantined";
  event.schema_version = 1;
  event.payload = json::serialize(payload);
  event.metadata = EventMetadataJson(ticket::SystemActor("intake"), clock_(), utc_offset_,
                                     citizen.empty() ? "q-" + id : citizen, "");
  request.events.push_back(std::move(event));
  log_->AppendAsync(std::move(request), [id, done = std::move(done)](AppendResult r) {
    if (!r.status.ok()) {
      done(r.status);
    } else {
      done(id);
    }
  });
}

Result<std::vector<QuarantineEntry>> Quarantine::Fold(PiiAccess access,
                                                      std::uint64_t* version) const {
  std::vector<RecordedEvent> events;
  if (Status s = log_->ReadStream(kStream, 1, ~std::size_t{0}, access, &events); !s.ok()) return s;
  std::vector<QuarantineEntry> entries;
  for (const RecordedEvent& e : events) {
    boost::system::error_code ec;
    json::value payload = json::parse(e.payload, ec);
    if (ec || !payload.is_object()) {
      return Status::Corruption("quarantine event at position " + std::to_string(e.position) +
                                " is not a JSON object");
    }
    const json::object& p = payload.as_object();
    boost::system::error_code metadata_ec;
    const json::value metadata = json::parse(e.metadata, metadata_ec);
    if (e.type == "contact.quarantined") {
      QuarantineEntry entry;
      entry.id = Str(p, "quarantine_id");
      entry.position = e.position;
      if (metadata.is_object()) entry.quarantined_at = Str(metadata.as_object(), "occurred_at");
      entry.source = Str(p, "source");
      entry.channel = Str(p, "channel");
      entry.channel_message_id = Str(p, "channel_message_id");
      if (const json::value* errs = p.if_contains("errors"); errs && errs->is_array()) {
        for (const json::value& err : errs->as_array()) {
          if (!err.is_object()) continue;
          entry.errors.push_back({Str(err.as_object(), "field"), Str(err.as_object(), "message")});
        }
      }
      entry.raw = Str(p, "raw");
      entry.status = "pending";
      entries.push_back(std::move(entry));
    } else if (e.type == "contact.released") {
      const std::string id = Str(p, "quarantine_id");
      for (QuarantineEntry& entry : entries) {
        if (entry.id != id) continue;
        entry.status = Str(p, "outcome");
        entry.ticket_number = Str(p, "ticket_number");
        entry.reason = Str(p, "reason");
        if (metadata.is_object()) {
          if (const json::value* actor = metadata.as_object().if_contains("actor");
              actor && actor->is_object()) {
            entry.released_by = Str(actor->as_object(), "user");
          }
        }
      }
    }
  }
  if (version != nullptr) *version = events.empty() ? 0 : events.back().stream_version;
  return entries;
}

Result<std::vector<QuarantineEntry>> Quarantine::List(bool pending_only, PiiAccess access) const {
  auto entries = Fold(access, nullptr);
  if (!entries.ok() || !pending_only) return entries;
  std::vector<QuarantineEntry> pending;
  for (QuarantineEntry& e : *entries) {
    if (e.status == "pending") pending.push_back(std::move(e));
  }
  return pending;
}

Result<QuarantineEntry> Quarantine::Get(const std::string& id, PiiAccess access) const {
  auto entries = Fold(access, nullptr);
  if (!entries.ok()) return entries.status();
  for (QuarantineEntry& e : *entries) {
    if (e.id == id) return std::move(e);
  }
  return Status::NotFound("no quarantined contact '" + id + "'");
}

void Quarantine::Release(const std::string& id, const std::string& outcome,
                         const std::string& ticket_number, bool corrected, const std::string& reason,
                         const ticket::Actor& actor, std::function<void(Status)> done) {
  std::uint64_t version = 0;
  auto entries = Fold(PiiAccess::kRedacted, &version);
  if (!entries.ok()) return done(entries.status());
  const QuarantineEntry* entry = nullptr;
  for (const QuarantineEntry& e : *entries) {
    if (e.id == id) entry = &e;
  }
  if (entry == nullptr) return done(Status::NotFound("no quarantined contact '" + id + "'"));
  if (entry->status != "pending") {
    return done(Status::Conflict("quarantined contact '" + id + "' was already " + entry->status));
  }
  json::object payload{{"quarantine_id", id}, {"outcome", outcome}};
  if (!ticket_number.empty()) payload["ticket_number"] = ticket_number;
  if (outcome == "replayed") payload["corrected"] = corrected;
  if (!reason.empty()) payload["reason"] = reason;

  AppendRequest request;
  request.stream_id = kStream;
  request.expected = ExpectedVersion::Exact(version);  // version >= 1: the entry exists
  NewEvent event;
  event.type = "contact.released";
  event.schema_version = 1;
  event.payload = json::serialize(payload);
  event.metadata = EventMetadataJson(actor, clock_(), utc_offset_, "", "");
  request.events.push_back(std::move(event));
  log_->AppendAsync(std::move(request),
                    [done = std::move(done)](AppendResult r) { done(r.status); });
}

}  // namespace rexian
