// Personal-data protection: per-citizen data keys and the sealing of an event payload's personal
// fields.
//
// Personal fields (names, phone numbers, OpenIDs, citizens' free text) are stored encrypted under a
// per-citizen data key. Forgetting a citizen destroys the key: the log, its hash chain (computed
// over the stored ciphertext) and the statistics stay intact while the fields read as "[redacted]".
// See docs/personal-data.md for the format, the threat model and what Forget does and does not
// erase.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/status.h"

namespace rexian {

// A citizen's data key. `id` is 16 lowercase hex characters (random, never reused by a store);
// `key` is 32 raw bytes of AES-256 key material. Never log or print `key`.
struct DataKey {
  std::string id;
  std::string key;
};

// A data key with what the store knows about it.
struct KeyInfo {
  DataKey key;
  std::string citizen_id;          // the citizen the key belongs to
  std::int64_t created_at_us = 0;  // UTC, microseconds since the Unix epoch
};

// How a key store is opened. The map size is the LMDB map's initial size; the store grows it
// (doubling) when it fills, and adopts a size grown by another process.
//
// `group_commit` (the default) lets concurrent KeyFor calls that create keys share one durable
// transaction: calls that arrive while a creation is being committed queue up, and the next commit
// carries all of them (up to 1,024). Each caller still returns only after its own key is
// durable. False gives every creation a transaction of its own (the former write path, kept as the
// benchmarks' baseline).
struct KeyStoreOptions {
  bool read_only = false;
  std::size_t initial_map_size = std::size_t{256} << 20;
  bool group_commit = true;
};

// Counters of key creation, shared by every KeyStore the process has open on one directory: they
// count from the first of those opens and restart when the last one closes. Only the process's own
// work is counted.
struct KeyStoreStats {
  std::uint64_t creation_requests = 0;  // KeyFor calls that found no key and asked a writer for one
  std::uint64_t creation_commits = 0;   // durable write transactions that carried those requests
  std::uint64_t largest_commit = 0;     // most requests one of those transactions carried
};

// Per-citizen data keys, in their own LMDB environment (a directory separate from the event log).
//
// Thread-safe: one KeyStore may be used from any number of threads. Several processes may open the
// same directory (`rexian forget` runs while the server is up); every call reads the current
// committed state, so nothing is cached across calls and a Forget by any process is seen by every
// other at its next call. Within one process, stores opened on the same directory share one LMDB
// environment (LMDB forbids opening an environment twice in one process).
class KeyStore {
 public:
  // Opens (creating when writable) the key store in `dir`. Created files are readable by the owner
  // only. NotFound if `read_only` and `dir` holds no key store.
  static Result<std::unique_ptr<KeyStore>> Open(const std::string& dir, bool read_only = false);
  static Result<std::unique_ptr<KeyStore>> Open(const std::string& dir,
                                                const KeyStoreOptions& options);

  KeyStore(const KeyStore&) = delete;
  KeyStore& operator=(const KeyStore&) = delete;
  virtual ~KeyStore() = default;

  // The citizen's current key, created (random, from RAND_bytes) if the citizen has none or had
  // theirs forgotten: a citizen who returns after being forgotten gets a NEW key and the old data
  // stays unreadable. A created key is durable before this returns. Concurrent callers for the same
  // citizen, in any thread or process, all get the same key. An existing key is a read that never
  // waits for a writer; a creation may wait for the commit that carries it (see group_commit).
  // InvalidArgument for an empty or over-long (> 256 bytes) citizen id, or when the store is
  // read-only and the citizen has no key.
  virtual Result<DataKey> KeyFor(std::string_view citizen_id) = 0;

  // The key with this id. NotFound if it never existed or was destroyed.
  virtual Result<DataKey> Find(std::string_view key_id) = 0;

  // Like Find, with the key's citizen and creation time.
  virtual Result<KeyInfo> Describe(std::string_view key_id) = 0;

  // Destroys every key of the citizen and records a tombstone with the time; returns how many keys
  // were destroyed (0 if none). Idempotent. Each key record is overwritten with zeros in one
  // durable transaction and deleted in a second one; see docs/personal-data.md for what remains on
  // disk.
  virtual Result<std::size_t> Forget(std::string_view citizen_id) = 0;

  // Whether the citizen has been forgotten at least once. False also when the store cannot be read;
  // use LastForgottenAt to tell the two apart.
  virtual bool WasForgotten(std::string_view citizen_id) = 0;

  // When the citizen was last forgotten (UTC microseconds). NotFound if never.
  virtual Result<std::int64_t> LastForgottenAt(std::string_view citizen_id) = 0;

  // Consistent hot copy (compacted: free pages are not copied) into `dest_dir`, which is created if
  // missing and must otherwise be empty. Safe while other threads and processes use the store.
  virtual Status Backup(const std::string& dest_dir) = 0;

  // The key-creation counters of the process's stores on this directory (see KeyStoreStats).
  // Thread-safe and cheap; never touches the disk.
  virtual KeyStoreStats Stats() const = 0;

 protected:
  KeyStore() = default;
};

// Who is reading personal fields: the plaintext (roles allowed to see personal data, the citizen's
// own replies) or the redacted form (statistics, the operations feed for most roles, exports).
enum class PiiAccess { kPlaintext, kRedacted };

// What a personal field reads as when it is redacted or its key was destroyed.
inline constexpr std::string_view kRedactedMarker = "[redacted]";

// Replaces the value at each pointer of `pointers` that exists in `payload` by a sealed object:
//   {"$pii": {"c": "<citizen id>", "k": "<key id>", "n": "<base64 12-byte nonce>",
//             "d": "<base64 ciphertext||16-byte tag>"}}
// Pointers are JSON Pointers (RFC 6901) in which a "*" token means every item of an array; missing
// optional fields (and pointers whose path crosses a non-container) are skipped; a pointer below
// another sealed pointer is covered by it. The plaintext is the field's JSON serialisation, so any
// JSON value round-trips exactly. AES-256-GCM, a fresh random nonce per field,
// AAD = event_id + "\n" + concrete pointer (e.g. "/attachments/0/name"), so a sealed value cannot
// be moved to another event or field undetected. InvalidArgument if `payload` is not an object, a
// pointer is malformed or empty, `key` is not a valid DataKey, `citizen_id` or `event_id` is empty,
// or `payload` already contains a member named
// "$pii" (a client must not be able to smuggle in a forged sealed value). On error `payload` is
// unchanged. Never puts key material or plaintext in an error message.
Status SealFields(boost::json::value& payload, const std::vector<std::string>& pointers,
                  std::string_view citizen_id, const DataKey& key, std::string_view event_id);

// Walks the whole payload and replaces every sealed object: with the original JSON value when
// `access` is kPlaintext, the key still exists and authentication passes; otherwise with the string
// kRedactedMarker. A sealed object that fails authentication with an existing key, names another
// citizen than its key's, or is malformed, is tampering: Corruption naming the pointer. Other key
// store errors are returned as they are (a store that cannot be read is not a forgotten key).
// Keys are looked up once per call and not kept after it. On error `payload` is unchanged.
// Counts: *opened and *redacted (either may be null), set on success.
Status OpenFields(boost::json::value& payload, KeyStore& keys, PiiAccess access,
                  std::string_view event_id, std::size_t* opened = nullptr,
                  std::size_t* redacted = nullptr);

// Cheap pre-check on a payload's JSON text as rexian stores it (boost::json serialisation, which
// never escapes '$'): could it contain sealed fields? A substring test for "\"$pii\"". False means
// OpenFields would change nothing; true may be a false positive.
bool MayHaveSealedFields(std::string_view payload_json);

}  // namespace rexian
