// TicketView: applying ticket events and answering queries.
#include "projections/ticket_view.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "domain/ticket_time.h"
#include "projections/json_scratch.h"
#include "store/lmdb_util.h"

namespace rexian {
namespace {

namespace json = boost::json;
using ticket::Time;

constexpr std::string_view kTicketPrefix = "ticket-";

std::string OpenedKey(std::uint64_t position) {
  std::string key;
  lmdb::AppendBigEndian(&key, position);
  return key;
}

// Key of the due index: deadline seconds (big-endian, so byte order is time
// order), the stage, the ticket id.
std::string DueKey(Time deadline, ticket::DeadlineStage stage, std::string_view id) {
  std::string key;
  lmdb::AppendBigEndian(&key, static_cast<std::uint64_t>(deadline.time_since_epoch().count()));
  key.push_back(stage == ticket::DeadlineStage::kResolution ? 'r' : 'a');
  key.append(id);
  return key;
}

bool Contains(const std::vector<Time>& times, Time t) {
  return std::find(times.begin(), times.end(), t) != times.end();
}

// The due-index keys a document should have now.
std::set<std::string> DueKeys(const TicketDocument& doc) {
  std::set<std::string> keys;
  const ticket::TicketState& s = doc.state;
  using ticket::TicketStatus;
  // A returned ticket waits for the platform to re-dispatch it with a new
  // deadline: its old one is no longer watched.
  const bool handling =
      s.status == TicketStatus::kDispatched || s.status == TicketStatus::kAcknowledged;
  if (handling && s.deadline && !s.resolved_at && !Contains(s.resolution_watch.overdue, *s.deadline)) {
    keys.insert(DueKey(*s.deadline, ticket::DeadlineStage::kResolution, doc.id));
  }
  if (s.status == TicketStatus::kDispatched && s.acknowledge_deadline && !s.acknowledged_at &&
      !Contains(s.acknowledgement_watch.overdue, *s.acknowledge_deadline)) {
    keys.insert(DueKey(*s.acknowledge_deadline, ticket::DeadlineStage::kAcknowledgement, doc.id));
  }
  return keys;
}

Status Put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val k = lmdb::Val(key), v = lmdb::Val(value);
  return lmdb::ToStatus(mdb_put(txn, dbi, &k, &v, 0), "write ticket view");
}

Status Delete(MDB_txn* txn, MDB_dbi dbi, std::string_view key) {
  MDB_val k = lmdb::Val(key);
  int rc = mdb_del(txn, dbi, &k, nullptr);
  return rc == MDB_NOTFOUND ? Status::OK() : lmdb::ToStatus(rc, "write ticket view");
}

}  // namespace

bool TicketFilter::Matches(const TicketDocument& doc) const {
  const ticket::TicketState& s = doc.state;
  auto eq = [](const std::optional<std::string>& want, std::string_view have) {
    return !want || *want == have;
  };
  if (!eq(status, ticket::StatusName(s.status)) || !eq(platform, s.platform_code) ||
      !eq(channel, s.channel) || !eq(citizen, doc.citizen)) {
    return false;
  }
  if (level && *level != (s.level == ticket::Level::kCity ? "city" : "county")) return false;
  if (department && s.lead_department != *department &&
      std::find(s.assisting_departments.begin(), s.assisting_departments.end(), *department) ==
          s.assisting_departments.end()) {
    return false;
  }
  if (type || domain || subcategory) {
    if (!s.classification) return false;
    if (!eq(type, s.classification->type_code) || !eq(domain, s.classification->domain_code)) {
      return false;
    }
    if (subcategory && s.classification->subcategory_code != *subcategory) return false;
  }
  if (overdue && *overdue != doc.overdue()) return false;
  if (created_from && s.opened_at < *created_from) return false;
  if (created_to && s.opened_at >= *created_to) return false;
  if (resolved_from || resolved_to) {
    if (!s.resolved_at) return false;
    if (resolved_from && *s.resolved_at < *resolved_from) return false;
    if (resolved_to && *s.resolved_at >= *resolved_to) return false;
  }
  return true;
}

TicketView::TicketView(std::unique_ptr<ViewStore> store, std::chrono::minutes utc_offset)
    : store_(std::move(store)),
      utc_offset_(utc_offset),
      tickets_db_(store_->db("tickets")),
      numbers_db_(store_->db("numbers")),
      opened_db_(store_->db("opened")),
      due_db_(store_->db("due")) {
  checkpoint_.store(store_->ReadCheckpoint());
}

void TicketView::Trim() {
  if (cache_.size() < kCachedDocuments) return;
  // Drop the older half, by the position of their last change: tickets
  // still being worked on are the ones the next batches touch.
  std::vector<std::uint64_t> last;
  last.reserve(cache_.size());
  for (const auto& [key, cached] : cache_) last.push_back(cached.doc.last_position);
  auto middle = last.begin() + static_cast<std::ptrdiff_t>(last.size() / 2);
  std::nth_element(last.begin(), middle, last.end());
  const std::uint64_t keep_from = *middle;
  std::erase_if(cache_, [keep_from](const auto& entry) {
    return entry.second.doc.last_position < keep_from;
  });
}

Result<std::unique_ptr<TicketView>> TicketView::Open(const std::string& dir,
                                                     std::chrono::minutes utc_offset,
                                                     bool read_only) {
  auto store = ViewStore::Open(dir, {"tickets", "numbers", "opened", "due"}, read_only);
  if (!store.ok()) return store.status();
  return std::unique_ptr<TicketView>(new TicketView(std::move(store).value(), utc_offset));
}

Status TicketView::Load(MDB_txn* txn, std::string_view id, TicketDocument* doc, bool* found) {
  MDB_val key = lmdb::Val(id), value;
  int rc = mdb_get(txn, tickets_db_, &key, &value);
  *found = rc == 0;
  if (rc == MDB_NOTFOUND) return Status::OK();
  if (rc != 0) return lmdb::ToStatus(rc, "read ticket view");
  boost::system::error_code ec;
  json::value v = json::parse(lmdb::View(value), ec);
  if (ec || !v.is_object()) return Status::Corruption("ticket view: document of '" + std::string(id) + "' is not JSON");
  auto parsed = TicketDocumentFromJson(v.as_object());
  if (!parsed.ok()) return parsed.status();
  *doc = std::move(parsed).value();
  return Status::OK();
}

// A document the batch changed: where it is cached, and what the view holds
// for it (whether it was in the view, its due keys there).
struct TicketView::Changed {
  DocumentCache::value_type* entry;
  bool is_new;
  std::set<std::string> due_before;
};

Status TicketView::Fold(MDB_txn* txn, const std::vector<RecordedEvent>& events,
                        std::vector<Changed>* changed) {
  JsonScratch scratch;
  for (const RecordedEvent& e : events) {
    if (e.stream_id.compare(0, kTicketPrefix.size(), kTicketPrefix) != 0 ||
        e.type.compare(0, 7, "ticket.") != 0) {
      continue;
    }
    auto it = cache_.find(e.stream_id);
    if (it == cache_.end()) {
      CachedDocument loaded;
      bool found = false;
      if (Status ls = Load(txn, e.stream_id, &loaded.doc, &found); !ls.ok()) return ls;
      it = cache_.emplace(e.stream_id, std::move(loaded)).first;
      it->second.changed = changed->size();
      changed->push_back(Changed{&*it, !found, found ? DueKeys(it->second.doc) : std::set<std::string>{}});
    } else if (it->second.changed == kUnchanged) {
      it->second.changed = changed->size();
      changed->push_back(Changed{&*it, false, DueKeys(it->second.doc)});
    }
    TicketDocument& doc = it->second.doc;
    scratch.Reset();
    const json::object* metadata = scratch.ParseObject(e.metadata);
    const json::object* payload = scratch.ParseObject(e.payload);
    if (payload == nullptr || metadata == nullptr) {
      return Status::Corruption("position " + std::to_string(e.position) + ": payload or metadata is not a JSON object");
    }
    Time occurred_at{};
    if (const json::value* at = metadata->if_contains("occurred_at"); at && at->is_string()) {
      occurred_at = ticket::ParseTime(at->as_string()).value_or(Time{});
    }
    if (e.type == "ticket.opened") {
      doc.id = e.stream_id;
      doc.opened_position = e.position;
      if (const json::value* c = metadata->if_contains("citizen"); c && c->is_string()) {
        doc.citizen = std::string(c->as_string());
      }
    }
    ticket::Evolve(doc.state, e.type, *payload, occurred_at);
    doc.last_position = e.position;
  }
  return Status::OK();
}

Status TicketView::Apply(const std::vector<RecordedEvent>& events) {
  if (events.empty()) return Status::OK();
  // The batch is folded into the cached documents first, then written in
  // one transaction (in id order: LMDB inserts in key order touch each page
  // once) that ViewStore::Write may run again, so writing must not fold.
  std::vector<Changed> changed;
  Status s = store_->Read([&](MDB_txn* txn) { return Fold(txn, events, &changed); });
  std::sort(changed.begin(), changed.end(),
            [](const Changed& a, const Changed& b) { return a.entry->first < b.entry->first; });
  if (s.ok()) {
    s = store_->Write([&](MDB_txn* txn) -> Status {
      for (const Changed& c : changed) {
        const std::string& id = c.entry->first;
        const TicketDocument& doc = c.entry->second.doc;
        if (doc.id.empty()) continue;  // events of a stream never opened: nothing to show
        const std::string text = TicketDocumentText(doc, utc_offset_);
        if (Status ws = Put(txn, tickets_db_, id, text); !ws.ok()) return ws;
        if (c.is_new) {
          if (Status ws = Put(txn, numbers_db_, doc.state.number, id); !ws.ok()) return ws;
          if (Status ws = Put(txn, opened_db_, OpenedKey(doc.opened_position), id); !ws.ok()) return ws;
        }
        std::set<std::string> due_now = DueKeys(doc);
        for (const std::string& key : c.due_before) {
          if (!due_now.count(key)) {
            if (Status ws = Delete(txn, due_db_, key); !ws.ok()) return ws;
          }
        }
        for (const std::string& key : due_now) {
          if (!c.due_before.count(key)) {
            if (Status ws = Put(txn, due_db_, key, ""); !ws.ok()) return ws;
          }
        }
      }
      return ViewStore::PutCheckpoint(txn, store_->meta(), events.back().position);
    });
  }
  // The changed documents are now as committed, or (on failure) ahead of the
  // view: dropped, to be loaded again. Streams never opened are not kept.
  for (const Changed& c : changed) {
    c.entry->second.changed = kUnchanged;
    if (!s.ok() || c.entry->second.doc.id.empty()) cache_.erase(cache_.find(c.entry->first));
  }
  if (!s.ok()) return s;
  checkpoint_.store(events.back().position);
  Trim();
  return Status::OK();
}

Result<TicketDocument> TicketView::Get(std::string_view id_or_number) {
  TicketDocument doc;
  bool found = false;
  Status s = store_->Read([&](MDB_txn* txn) -> Status {
    std::string id(id_or_number);
    if (id.compare(0, kTicketPrefix.size(), kTicketPrefix) != 0) {
      MDB_val key = lmdb::Val(id_or_number), value;
      int rc = mdb_get(txn, numbers_db_, &key, &value);
      if (rc == MDB_NOTFOUND) return Status::OK();
      if (rc != 0) return lmdb::ToStatus(rc, "read ticket numbers");
      id = std::string(lmdb::View(value));
    }
    return Load(txn, id, &doc, &found);
  });
  if (!s.ok()) return s;
  if (!found) return Status::NotFound("no ticket '" + std::string(id_or_number) + "'");
  return doc;
}

Result<TicketPage> TicketView::List(const TicketFilter& filter, std::size_t limit,
                                    std::string_view cursor) {
  std::uint64_t before = ~std::uint64_t{0};
  if (!cursor.empty()) {
    before = 0;
    for (char c : cursor) {
      if (c < '0' || c > '9' || before > (~std::uint64_t{0} - 9) / 10) {
        return Status::InvalidArgument("after: not a cursor returned by this API");
      }
      before = before * 10 + static_cast<std::uint64_t>(c - '0');
    }
  }
  TicketPage page;
  Status s = store_->Read([&](MDB_txn* txn) -> Status {
    lmdb::Cursor c;
    int rc = c.Open(txn, opened_db_);
    MDB_val key, value;
    std::string start = OpenedKey(before);
    if (rc == 0) {
      key = lmdb::Val(start);
      rc = c.Get(&key, &value, MDB_SET_RANGE);
      if (rc == MDB_NOTFOUND) rc = c.Get(&key, &value, MDB_LAST);
      else if (rc == 0) rc = c.Get(&key, &value, MDB_PREV);  // strictly before the cursor
    }
    while (rc == 0) {
      std::uint64_t position = lmdb::ReadBigEndian(lmdb::View(key));
      if (position < before) {
        TicketDocument doc;
        bool found = false;
        if (Status ls = Load(txn, lmdb::View(value), &doc, &found); !ls.ok()) return ls;
        if (found && filter.Matches(doc)) {
          if (page.items.size() == limit) {
            page.next = std::to_string(page.items.back().opened_position);
            return Status::OK();
          }
          page.items.push_back(std::move(doc));
        }
      }
      rc = c.Get(&key, &value, MDB_PREV);
    }
    return rc == MDB_NOTFOUND ? Status::OK() : lmdb::ToStatus(rc, "list tickets");
  });
  if (!s.ok()) return s;
  return page;
}

Status TicketView::ForEachDue(Time until, const std::function<bool(const DueDeadline&)>& visit) {
  std::vector<DueDeadline> due;
  Status s = store_->Read([&](MDB_txn* txn) -> Status {
    lmdb::Cursor c;
    int rc = c.Open(txn, due_db_);
    MDB_val key, value;
    if (rc == 0) rc = c.Get(&key, &value, MDB_FIRST);
    while (rc == 0) {
      std::string_view k = lmdb::View(key);
      Time deadline{std::chrono::seconds(static_cast<std::int64_t>(lmdb::ReadBigEndian(k)))};
      if (deadline > until) break;
      due.push_back(DueDeadline{std::string(k.substr(9)),
                                k[8] == 'r' ? ticket::DeadlineStage::kResolution
                                            : ticket::DeadlineStage::kAcknowledgement,
                                deadline});
      rc = c.Get(&key, &value, MDB_NEXT);
    }
    return rc == 0 || rc == MDB_NOTFOUND ? Status::OK() : lmdb::ToStatus(rc, "read due deadlines");
  });
  if (!s.ok()) return s;
  for (const DueDeadline& d : due) {
    if (!visit(d)) break;
  }
  return Status::OK();
}

Status TicketView::ForEach(const std::function<bool(const TicketDocument&)>& visit) {
  return store_->Read([&](MDB_txn* txn) -> Status {
    lmdb::Cursor c;
    int rc = c.Open(txn, tickets_db_);
    MDB_val key, value;
    if (rc == 0) rc = c.Get(&key, &value, MDB_FIRST);
    while (rc == 0) {
      TicketDocument doc;
      bool found = false;
      if (Status ls = Load(txn, lmdb::View(key), &doc, &found); !ls.ok()) return ls;
      if (!visit(doc)) return Status::OK();
      rc = c.Get(&key, &value, MDB_NEXT);
    }
    return rc == MDB_NOTFOUND ? Status::OK() : lmdb::ToStatus(rc, "read tickets");
  });
}

Status TicketView::Clear() {
  cache_.clear();
  Status s = store_->Clear();
  if (s.ok()) checkpoint_.store(0);
  return s;
}

}  // namespace rexian
