// The store phases on PostgreSQL, in a scratch database of their own.
#pragma once

#include "bench_options.h"
#include "bench_report.h"
#include "ticket_event_corpus.h"

namespace rexian::bench {

// Creates a fresh database on the server of `options.dsn`, runs the append,
// read and verify phases of store_phases.h on a PgEventStore there, and
// drops the database. A failure to set up is reported in the status.
PostgresPhases RunPostgresPhases(const BenchOptions& options, const TicketEventCorpus& corpus);

}  // namespace rexian::bench
