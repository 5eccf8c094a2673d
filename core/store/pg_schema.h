// The PostgreSQL backend's tables, created and migrated by rexian itself.
#pragma once

#include "store/pg_connection.h"

namespace rexian::pg {

// Tables (all in the connection's current schema, normally `public`):
//   rexian_schema_version  one row per applied migration
//   rexian_events          the log: one row per event, position is the key;
//                          unique (event_id) and (stream_id, stream_version)
//   rexian_head            one row: the last position, its hash and time.
//                          Every writer locks it (SELECT ... FOR UPDATE) for
//                          its whole transaction: positions are assigned and
//                          committed strictly in order, so a reader never
//                          sees position n+1 before n (no bigserial trap).
//   rexian_keys, rexian_retired_keys, rexian_key_tombstones
//                          the personal-data key store (pg_key_store.h)
//   rexian_secrets         named installation secrets (the pseudonym secret)
//   rexian_leases          reactor leases (pg_reactor_lease.h)
//
// metadata and payload are `text`, not `jsonb`: the chain hash covers their
// exact bytes, which jsonb would normalise.
inline constexpr int kSchemaVersion = 2;

// Brings the database's rexian tables up to kSchemaVersion inside one
// transaction, serialised across processes by an advisory lock. Unsupported
// if the database is newer than this build or not UTF-8 encoded.
Status MigrateSchema(Connection* conn);

}  // namespace rexian::pg
