// The personal-data key store and the pseudonym secret in PostgreSQL, shared by every rexian node.
#pragma once

#include <memory>
#include <string>

#include "rexian/privacy.h"
#include "rexian/status.h"

namespace rexian {

// How a PostgreSQL key store is opened.
struct PgKeyStoreOptions {
  // libpq connection string: the event log's (store.dsn). The keys live in
  // the same database, in tables rexian creates and migrates with the log's.
  std::string dsn;
  bool read_only = false;
  // Concurrent creations share one INSERT (one commit), up to 1,024 keys.
  // False gives every creation a statement of its own.
  bool group_commit = true;
  std::size_t connections = 4;  // pooled connections for reads and writes
};

// Opens the key store in PostgreSQL (creating or migrating its tables). The
// KeyStore contract holds across every process and node on the database:
// concurrent KeyFor calls for one citizen, on any node, get the same key (a
// unique constraint decides); a Forget on one node is seen by every other at
// its next call (nothing is cached). Key material is stored as it is in the
// LMDB key store: raw 32-byte keys, protected by the database's access
// control, not wrapped under a master key; docs/operations-cluster.md says
// what remains on disk after a Forget. Stats count this store's own work.
// Backup is Unsupported (the keys are backed up with the database).
// Unavailable if the server cannot be reached; lost connections are
// re-established by themselves at the next call.
Result<std::unique_ptr<KeyStore>> OpenPgKeyStore(const PgKeyStoreOptions& options);

// The installation's pseudonym secret (32 random bytes, see
// intake/pseudonym_secret.h) kept in PostgreSQL: created once by whichever
// node comes first (INSERT ... ON CONFLICT DO NOTHING) and read back, so
// every node derives the same pseudonym for a citizen. Unavailable if the
// server cannot be reached; Corruption if the stored secret has another size.
Result<std::string> LoadPgPseudonymSecret(const std::string& dsn);

}  // namespace rexian
