// StatisticsView: the counts the city steers by, folded from the log per ticket.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/ticket_stat.h"
#include "projections/view_store.h"
#include "rexian/config.h"
#include "rexian/projection.h"

namespace rexian {

// Which requests a count covers; every set member must match.
struct StatsScope {
  std::optional<std::string> level;     // "city" | "county" (the receiving platform's)
  std::optional<std::string> platform;  // receiving platform code
  std::optional<std::string> channel, type, domain, subcategory, department;
};

// Counts over the requests received in a period (a cohort): every figure is
// about those requests, whenever the later events happened. Definitions in
// docs/statistics.md.
struct StatsCounts {
  std::int64_t received = 0;     // requests (merged duplicates excluded)
  std::int64_t answered = 0;     // answered on first contact
  std::int64_t dispatched = 0;   // dispatched to departments
  std::int64_t resolved_on_time = 0, resolved_late = 0;  // dispatched and resolved
  std::int64_t satisfied = 0, basically_satisfied = 0, dissatisfied = 0;  // latest ratings
  std::int64_t reopened = 0;     // reopened at least once
  std::int64_t merged = 0;       // merged into another request (not in `received`)
  std::int64_t open = 0;         // not yet resolved, answered or closed
  std::int64_t overdue = 0;      // open, dispatched, past the deadline in force
  // received by code; by_department counts dispatched requests by lead department.
  std::map<std::string, std::int64_t> by_channel, by_level, by_platform, by_type, by_domain,
      by_subcategory, by_department;
};

// Databases: tickets (stream id -> TicketStat), dict (kind byte + code ->
// index). The whole view is also held in memory (32 bytes per ticket plus
// an index), indexed by the local day each request was received, so a count
// over a year is one pass over that year's tickets. Thread-safe: Apply runs
// on the projection runner, queries on any thread.
class StatisticsView final : public Projection {
 public:
  // Opens (creating) the view in `dir`, loading it into memory. Local days
  // are computed with `utc_offset` (the city's time zone).
  // `canonical` (may be empty) turns a code as events spell it into the
  // one the view counts under, given its kind ('t' type, 'd' domain, ...):
  // the taxonomy accepts a type or domain by key or by code, the view counts
  // both under the code.
  using Canonical = std::function<std::string(char kind, std::string_view code)>;
  static Result<std::unique_ptr<StatisticsView>> Open(const std::string& dir,
                                                      std::chrono::minutes utc_offset,
                                                      bool read_only = false,
                                                      Canonical canonical = {});

  const char* name() const override { return "statistics"; }
  std::uint64_t checkpoint() const override { return checkpoint_.load(); }
  Status Apply(const std::vector<RecordedEvent>& events) override;

  // Counts the requests received on local days first..last (inclusive) in
  // `scope`. `now` (Unix seconds) decides which open tickets are overdue.
  StatsCounts Count(std::chrono::sys_days first, std::chrono::sys_days last,
                    const StatsScope& scope, std::int64_t now) const;
  // The same over requests received in [from, to) (Unix seconds).
  StatsCounts CountBetween(std::int64_t from, std::int64_t to, const StatsScope& scope,
                           std::int64_t now) const;

  // Tickets known (merged ones included).
  std::size_t size() const;
  std::chrono::minutes utc_offset() const { return utc_offset_; }

  // Empties the view, on disk and in memory (for rebuild).
  Status Clear();

 private:
  enum CodeKind : char { kPlatform = 'p', kChannel = 'c', kType = 't', kDomain = 'd',
                         kSubcategory = 's', kDepartment = 'g' };
  struct Pending;

  StatisticsView(std::unique_ptr<ViewStore> store, std::chrono::minutes utc_offset,
                 Canonical canonical);
  Status Load();
  void Insert(std::string_view stream_id, const TicketStat& stat);
  std::optional<std::uint32_t> Find(std::string_view stream_id) const;
  std::uint64_t PackedKey(std::string_view stream_id) const;
  CodeIndex Intern(Pending* pending, CodeKind kind, std::string_view code) const;
  std::int32_t LocalDay(std::int64_t unix_seconds) const;
  void Accumulate(const TicketStat& t, const StatsScope& scope, const std::array<CodeIndex, 6>& want,
                  std::int64_t now, StatsCounts* out,
                  std::array<std::vector<std::int64_t>, 7>* by) const;
  StatsCounts CountDays(std::int32_t first_day, std::int32_t last_day, std::int64_t from,
                        std::int64_t to, const StatsScope& scope, std::int64_t now) const;

  std::unique_ptr<ViewStore> store_;
  std::chrono::minutes utc_offset_;
  Canonical canonical_;
  std::atomic<std::uint64_t> checkpoint_{0};

  mutable std::shared_mutex mu_;
  std::vector<TicketStat> tickets_;
  std::unordered_map<std::uint64_t, std::uint32_t> packed_index_;  // "ticket-<p>-<yyyy>-<seq>"
  std::unordered_map<std::string, std::uint32_t> other_index_;     // any other stream id
  std::map<std::int32_t, std::vector<std::uint32_t>> by_day_;      // local day -> tickets
  std::map<std::string, CodeIndex> codes_;                         // kind byte + code
  std::vector<std::string> code_names_;                            // index -> code
};

// The spelling the view counts under for `taxonomy`: types and domains by
// their code, whether an event names them by key or by code.
StatisticsView::Canonical CanonicalCodes(const Taxonomy& taxonomy);

}  // namespace rexian
