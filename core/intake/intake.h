// Intake: turns the contacts channels submit into work orders.
//
// Every channel (in-process plugin, exec plugin, the HTTP API) hands its
// contacts here. A contact (schemas/contact.schema.json) is validated,
// deduplicated by (channel, channel_message_id), given a pseudonymous citizen
// id, classified from the taxonomy's keywords when the channel suggested
// nothing, and then either opens a work order or, as a follow-up from the
// same citizen about one of their open tickets, is added to that ticket.
// A contact that fails validation is kept in the quarantine with the reason,
// so nothing a citizen sent is silently dropped.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"
#include "rexian/ticket.h"

namespace rexian {

class TicketService;
class TicketView;

// One thing wrong with a contact: where (a JSON Pointer into the contact,
// "" for the document itself) and what.
struct FieldError {
  std::string field;    // "/citizen/id"
  std::string message;  // "is required", "must match ^[a-z]..."; never quotes personal data
};

// The answer to one submit.
struct SubmitOutcome {
  // OK: accepted and durable. InvalidArgument: the contact is malformed
  // (see errors; it was quarantined). Unavailable / NoSpace: the log could
  // not take it now; retry later, nothing was accepted.
  Status status;
  std::string ticket_id;      // OK: "ticket-<number>"
  std::string ticket_number;  // OK
  bool duplicate = false;     // OK: an earlier submit of this contact was accepted
  bool attached = false;      // OK: added to an open ticket instead of opening one
  std::uint64_t position = 0; // OK and not duplicate: log position written
  std::vector<FieldError> errors;  // InvalidArgument: at least one
  std::string quarantine_id;       // InvalidArgument: the quarantine entry, if kept

  // {"error": message, "fields": [{"field", "message"}...], "quarantine_id"}
  // for a failed outcome (the JSON rexian_submit_result.error_json carries);
  // "" for OK.
  std::string ErrorJson() const;
};
using SubmitCallback = std::function<void(SubmitOutcome)>;

// Who submits: the plugin instance (or "api:<user>") and the channel it is
// configured for. A contact naming another channel is refused (/channel).
struct ContactSource {
  std::string name;     // "web", "wechat-xuzhou", "api:demo-agent"
  std::string channel;  // "web"; empty: any channel (trusted API callers)
  // The business time the contact is taken in at (its events' occurred_at);
  // unset: the intake's clock. Set by replays of dated traffic (the
  // simulator), whose contacts are submitted concurrently, each at its own time.
  std::optional<ticket::Time> taken_at = std::nullopt;
};

struct IntakeOptions {
  std::function<ticket::Time()> clock;  // domain "now"; required
  // Secret for pseudonymous citizen ids (see Pseudonymize); at least 16 bytes.
  std::string pseudonym_secret;
  // A contact quoting one of the same citizen's open ticket numbers (or
  // naming it in "follow_up_of") is added to that ticket.
  bool attach_follow_ups = true;
  // Threads that run submits. A submit blocks while a new citizen's data key
  // is made durable (the key store group-commits the keys of concurrent
  // callers), so many workers mean large key batches; none of this blocks
  // the caller (an HTTP I/O thread, a plugin's thread).
  std::size_t workers = 32;
};

class Quarantine;

// The idempotency key of a contact: its first event's id is this plus "#0".
// POST /v1/tickets with a channel_message_id uses the same key, so the two
// routes cannot open one contact twice.
std::string ContactKey(std::string_view channel, std::string_view channel_message_id);

// The pseudonymous citizen id of a channel's citizen id under `secret`:
// "c-" + 32 hex digits of HMAC-SHA256(secret, channel + "\n" + id).
std::string PseudonymOf(std::string_view secret, std::string_view channel,
                        std::string_view channel_citizen_id);

// Thread-safe. Submit never blocks: the work runs on the intake's own
// workers and the outcome arrives through the callback (on a worker or a
// store thread) once durable. Destroying the intake finishes the submits
// already queued.
class Intake {
 public:
  // REQUIRES: the pointers outlive the intake.
  Intake(TicketService* tickets, TicketView* view, Quarantine* quarantine, IntakeOptions options);
  ~Intake();

  Intake(const Intake&) = delete;
  Intake& operator=(const Intake&) = delete;

  // What to do with a contact that is refused as malformed.
  enum class QuarantinePolicy {
    kKeep,    // keep it in the quarantine (every channel's submit)
    kReturn,  // only answer the errors (replaying a quarantined contact)
  };

  // Validates and accepts one contact (JSON text). `done` is called exactly
  // once, possibly before Submit returns. A retry of an accepted contact
  // (same channel and channel_message_id) is answered with the original
  // ticket and writes nothing, whatever its other members say.
  void Submit(const ContactSource& source, std::string contact_json, SubmitCallback done,
              QuarantinePolicy policy = QuarantinePolicy::kKeep);

  // The ticket a contact (channel, channel_message_id) was accepted into.
  // NotFound when no such contact was accepted.
  Result<SubmitOutcome> FindContact(std::string_view channel, std::string_view channel_message_id);

  // The pseudonymous citizen id of a channel's citizen id: "c-" + 32 hex
  // digits of HMAC-SHA256(secret, channel + "\n" + id). Stable, and not
  // reversible without the secret.
  std::string Pseudonymize(std::string_view channel, std::string_view channel_citizen_id) const;

 private:
  // Submit's work, on a worker.
  void SubmitNow(const ContactSource& source, std::string contact_json, SubmitCallback done,
                 QuarantinePolicy policy);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rexian
