// TicketView: the work-order view, one document per ticket, in its own LMDB environment.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "projections/ticket_document.h"
#include "projections/view_store.h"
#include "rexian/projection.h"

namespace rexian {

// Query filters of GET /v1/tickets; every set member must match.
struct TicketFilter {
  std::optional<std::string> status, level, platform, department, type, domain, subcategory,
      channel, citizen;
  std::optional<bool> overdue;
  std::optional<ticket::Time> created_from, created_to;    // [from, to)
  std::optional<ticket::Time> resolved_from, resolved_to;  // [from, to)

  bool Matches(const TicketDocument& doc) const;
};

// One page of a listing, newest first. `next` is the cursor of the following
// page (absent on the last one); a cursor stays valid while tickets are
// opened, so paging is stable.
struct TicketPage {
  std::vector<TicketDocument> items;
  std::optional<std::string> next;
};

// A deadline the watcher has to look at: the ticket and which stage.
struct DueDeadline {
  std::string ticket_id;
  ticket::DeadlineStage stage;
  ticket::Time deadline;
};

// Databases: tickets (id -> JSON document), numbers (number -> id), opened
// (big-endian opened position -> id, for listing), due (big-endian deadline
// seconds, stage, id -> "" for unresolved deadlines not yet marked overdue).
class TicketView final : public Projection {
 public:
  // Opens (creating) the view in `dir`; documents spell times with
  // `utc_offset`.
  static Result<std::unique_ptr<TicketView>> Open(const std::string& dir,
                                                  std::chrono::minutes utc_offset,
                                                  bool read_only = false);

  const char* name() const override { return "tickets"; }
  std::uint64_t checkpoint() const override { return checkpoint_.load(); }
  // Applies ticket events. Keeps the documents it wrote last in memory (up
  // to kCachedDocuments, the least recently changed are dropped first), so
  // a ticket touched by batch after batch is not read back and parsed each
  // time. One caller at a time (with Clear).
  Status Apply(const std::vector<RecordedEvent>& events) override;

  // By stream id ("ticket-…") or number. NotFound when unknown.
  Result<TicketDocument> Get(std::string_view id_or_number);
  // Up to `limit` matching documents, newest first, starting after `cursor`
  // (empty: from the newest). InvalidArgument for a malformed cursor.
  Result<TicketPage> List(const TicketFilter& filter, std::size_t limit, std::string_view cursor);
  // Visits the due deadlines up to `until`, earliest first.
  Status ForEachDue(ticket::Time until, const std::function<bool(const DueDeadline&)>& visit);
  // Every document in id order (for rebuild comparisons and exports).
  Status ForEach(const std::function<bool(const TicketDocument&)>& visit);
  // Drops every document and the checkpoint.
  Status Clear();

  std::chrono::minutes utc_offset() const { return utc_offset_; }

 private:
  // A document in memory, and whether the batch being applied changed it
  // (its index in that batch's list of changed documents).
  struct CachedDocument {
    TicketDocument doc;
    std::size_t changed = kUnchanged;
  };
  static constexpr std::size_t kUnchanged = ~std::size_t{0};
  using DocumentCache = std::unordered_map<std::string, CachedDocument>;
  struct Changed;  // see ticket_view.cc

  TicketView(std::unique_ptr<ViewStore> store, std::chrono::minutes utc_offset);
  Status Load(MDB_txn* txn, std::string_view id, TicketDocument* doc, bool* found);
  // Folds `events` into the cached documents (loading those not cached),
  // listing each changed one once in `changed`.
  Status Fold(MDB_txn* txn, const std::vector<RecordedEvent>& events, std::vector<Changed>* changed);
  // Drops the older half of the cache once it holds kCachedDocuments.
  void Trim();

  // Documents as committed (and, during Apply, as the batch changes them),
  // so Apply need not Load them; see Apply.
  static constexpr std::size_t kCachedDocuments = 1 << 16;

  std::unique_ptr<ViewStore> store_;
  std::chrono::minutes utc_offset_;
  std::atomic<std::uint64_t> checkpoint_{0};
  MDB_dbi tickets_db_, numbers_db_, opened_db_, due_db_;
  DocumentCache cache_;  // touched only by Apply and Clear
};

}  // namespace rexian
