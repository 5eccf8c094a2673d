// Quarantine: contacts intake refused, kept with the reasons until an operator deals with them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "intake/intake.h"
#include "rexian/event_log.h"
#include "rexian/ticket.h"

namespace rexian {

// One quarantined contact.
struct QuarantineEntry {
  std::string id;
  std::uint64_t position = 0;  // of its contact.quarantined event
  std::string quarantined_at;  // RFC 3339
  std::string source;
  std::string channel;             // "" when the contact had none
  std::string channel_message_id;  // "" when the contact had none
  std::vector<FieldError> errors;
  std::string raw;     // as submitted; "[redacted]" without personal-data access
  std::string status;  // "pending" | "replayed" | "discarded"
  std::string ticket_number;  // replayed
  std::string reason;         // discarded
  std::string released_by;    // user who replayed or discarded it
};

// The quarantine lives in the event log, in the stream "quarantine":
// contact.quarantined adds an entry, contact.released closes it. The raw
// text is sealed like every personal field (under the citizen's pseudonym
// when the contact named one, else under "q-<entry id>"). Thread-safe.
class Quarantine {
 public:
  static constexpr const char* kStream = "quarantine";

  // REQUIRES: log outlives the quarantine.
  Quarantine(EventLog* log, std::function<ticket::Time()> clock, std::chrono::minutes utc_offset);

  // Keeps `raw` with `errors`; `done` gets the entry id once durable.
  // `citizen` is the pseudonym to seal under ("" when unknown).
  void Add(const ContactSource& source, const std::string& raw, const std::vector<FieldError>& errors,
           const std::string& citizen, std::function<void(Result<std::string>)> done);

  // Every entry, oldest first; with `pending_only`, those not yet released.
  Result<std::vector<QuarantineEntry>> List(bool pending_only, PiiAccess access) const;

  // One entry. NotFound when unknown.
  Result<QuarantineEntry> Get(const std::string& id, PiiAccess access) const;

  // Closes a pending entry: outcome "replayed" (with the ticket number) or
  // "discarded" (with a reason). `done` gets Conflict when it was already
  // released (also when two operators race: the stream version decides),
  // NotFound for an unknown id, OK once durable. Reads the stream in the
  // calling thread, then appends without blocking, so it may be called from
  // an append callback.
  void Release(const std::string& id, const std::string& outcome, const std::string& ticket_number,
               bool corrected, const std::string& reason, const ticket::Actor& actor,
               std::function<void(Status)> done);

 private:
  Result<std::vector<QuarantineEntry>> Fold(PiiAccess access, std::uint64_t* version) const;

  EventLog* log_;
  std::function<ticket::Time()> clock_;
  std::chrono::minutes utc_offset_;
};

}  // namespace rexian
