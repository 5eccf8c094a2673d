// PostgreSQL side of store_append: scratch database, the same three phases.
#include "postgres_phases.h"

#include <unistd.h>

#include <atomic>

#include "store/pg_dsn.h"
#include "store_phases.h"

namespace rexian::bench {

PostgresPhases RunPostgresPhases(const BenchOptions& o, const TicketEventCorpus& corpus) {
  static std::atomic<int> counter{0};
  PostgresPhases p;
  p.measured = true;
  const std::string name =
      "rexian_bench_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  p.status = pg::ExecuteOnce(o.dsn, "DROP DATABASE IF EXISTS " + name);
  if (p.status.ok()) {
    p.status = pg::ExecuteOnce(o.dsn, "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
  }
  if (!p.status.ok()) return p;
  Result<std::string> dsn = pg::DsnWithDatabase(o.dsn, name);
  if (!dsn.ok()) {
    p.status = dsn.status();
    return p;
  }
  PgStoreOptions options;
  options.dsn = *dsn;
  if (o.max_batch_events > 0) options.max_batch_events = o.max_batch_events;
  {
    Result<std::unique_ptr<EventStore>> opened = OpenPgEventStore(options);
    if (!opened.ok()) {
      p.status = opened.status();
    } else {
      std::unique_ptr<EventStore> store = std::move(*opened);
      p.append = RunStoreAppends(store.get(), o, corpus);
      p.read = RunStoreRead(store.get());
      p.verify = RunStoreVerify(store.get());
      p.size_bytes = store->Stats().size_bytes;
      store->Close();
    }
  }
  Status dropped = pg::ExecuteOnce(o.dsn, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  if (p.status.ok() && !dropped.ok()) p.status = dropped;
  return p;
}

}  // namespace rexian::bench
