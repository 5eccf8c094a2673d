// EventLog: the validated, privacy-preserving front of the event store.
//
// Every production write goes through here: each event's type and version
// must be known, its payload and metadata must satisfy their JSON Schemas,
// and the fields a schema marks "x-pii" are sealed (AES-256-GCM) under the
// key of the citizen named in the metadata before the store ever sees them.
// The store's hash chain therefore covers ciphertext, so forgetting a citizen
// (destroying the key) leaves the chain and every count intact.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rexian/event_store.h"
#include "rexian/privacy.h"
#include "rexian/schema_registry.h"

namespace rexian {

class EventLog {
 public:
  // REQUIRES: store, schemas and keys outlive the log. Thread-safe.
  EventLog(EventStore* store, const SchemaRegistry* schemas, KeyStore* keys);

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Validates and seals every event of `request`, then appends it; `done`
  // runs when the append is durable or failed. Events with an empty
  // event_id get a fresh random one. A validation failure is reported
  // through `done` as InvalidArgument (unknown type: NotFound) naming the
  // event ("events[1]") and the JSON path and rule broken; nothing of the
  // request is appended then.
  void AppendAsync(AppendRequest request, AppendCallback done);

  // Blocking form of AppendAsync.
  AppendResult Append(AppendRequest request);

  // Validates and seals in place, without appending (what AppendAsync does
  // first). Exposed for tools that prepare events ahead of time.
  Status Prepare(AppendRequest* request);

  // Opens the sealed fields of a stored event for a reader: plaintext when
  // `access` allows it and the citizen's key still exists, the redaction
  // marker otherwise. Corruption if a sealed field fails authentication.
  Status Reveal(RecordedEvent* event, PiiAccess access) const;

  // Store reads with Reveal applied to every event.
  Status ReadStream(std::string_view stream_id, std::uint64_t from_version,
                    std::size_t max_count, PiiAccess access,
                    std::vector<RecordedEvent>* out) const;
  Status ReadAll(std::uint64_t from_position, std::size_t max_count, PiiAccess access,
                 const RecordVisitor& visitor) const;
  Result<std::unique_ptr<Subscription>> Subscribe(std::uint64_t from_position, PiiAccess access,
                                                  RecordVisitor handler) const;

  EventStore* store() const { return store_; }
  const SchemaRegistry* schemas() const { return schemas_; }
  KeyStore* keys() const { return keys_; }

 private:
  Status PrepareEvent(std::size_t index, NewEvent* event);

  EventStore* store_;
  const SchemaRegistry* schemas_;
  KeyStore* keys_;
};

// A time-ordered RFC 9562 version-7 UUID in its canonical text form: 48 bits
// of Unix milliseconds, then random bits that count up when the millisecond
// repeats, so the ids one process mints sort in the order they were made
// (and land at the right edge of the store's event-id index). Thread-safe.
std::string NewEventId();

}  // namespace rexian
