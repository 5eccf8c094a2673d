// StatisticsView: folding ticket events into per-ticket records, and counting them.
#include "projections/statistics_view.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <mutex>

#include "projections/json_scratch.h"
#include "projections/statistics_fold.h"
#include "store/lmdb_util.h"

namespace rexian {
namespace {

namespace json = boost::json;
constexpr std::string_view kTicketPrefix = "ticket-";
constexpr std::int64_t kDay = 86400;

// Dimensions counted "by code", in the order of StatsCounts' by_* maps
// after by_level: platform, channel, type, domain, sub-category, department.
enum Dim { kDimPlatform, kDimChannel, kDimType, kDimDomain, kDimSubcategory, kDimDepartment };

// Calls `visit` with every key and value of `dbi`, stopping at the first error.
template <typename Visit>
Status ForEach(MDB_txn* txn, MDB_dbi dbi, Visit visit) {
  MDB_cursor* cursor = nullptr;
  if (int rc = mdb_cursor_open(txn, dbi, &cursor); rc != 0) return lmdb::ToStatus(rc, "read statistics view");
  MDB_val k, v;
  Status s;
  for (int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST); rc == 0 && s.ok();
       rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
    s = visit(lmdb::View(k), lmdb::View(v));
  }
  mdb_cursor_close(cursor);
  return s;
}

std::int32_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return static_cast<std::int32_t>(q);
}

}  // namespace

// Changes of one Apply, kept aside until the transaction commits.
struct StatisticsView::Pending {
  std::unordered_map<std::string, TicketStat> tickets;  // stream id -> new state
  // The members of `tickets` in id order, for writing.
  std::vector<const std::pair<const std::string, TicketStat>*> InOrder() const {
    std::vector<const std::pair<const std::string, TicketStat>*> out;
    out.reserve(tickets.size());
    for (const auto& entry : tickets) out.push_back(&entry);
    std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    return out;
  }
  std::map<std::string, CodeIndex, std::less<>> new_codes;  // kind byte + code
};

StatisticsView::StatisticsView(std::unique_ptr<ViewStore> store, std::chrono::minutes utc_offset,
                               Canonical canonical)
    : store_(std::move(store)), utc_offset_(utc_offset), canonical_(std::move(canonical)) {}

Result<std::unique_ptr<StatisticsView>> StatisticsView::Open(const std::string& dir,
                                                             std::chrono::minutes utc_offset,
                                                             bool read_only, Canonical canonical) {
  auto store = ViewStore::Open(dir, {"tickets", "dict"}, read_only);
  if (!store.ok()) return store.status();
  std::unique_ptr<StatisticsView> view(
      new StatisticsView(std::move(store).value(), utc_offset, std::move(canonical)));
  if (Status s = view->Load(); !s.ok()) return s;
  return view;
}

Status StatisticsView::Load() {
  std::unique_lock lock(mu_);
  Status s = store_->Read([&](MDB_txn* txn) -> Status {
    // The dictionary first: ticket keys are packed with platform indexes.
    std::vector<std::pair<CodeIndex, std::string>> dict;
    Status ds = ForEach(txn, store_->db("dict"), [&](std::string_view k, std::string_view v) {
      if (v.size() != 2) return Status::Corruption("statistics view: bad dictionary entry");
      CodeIndex i = static_cast<CodeIndex>(static_cast<unsigned char>(v[0]) |
                                           (static_cast<unsigned char>(v[1]) << 8));
      dict.emplace_back(i, std::string(k));
      return Status::OK();
    });
    if (!ds.ok()) return ds;
    code_names_.assign(dict.size(), "");
    for (auto& [i, key] : dict) {
      if (i >= code_names_.size()) return Status::Corruption("statistics view: dictionary has a gap");
      code_names_[i] = key.substr(1);
      codes_[key] = i;
    }
    return ForEach(txn, store_->db("tickets"), [&](std::string_view k, std::string_view v) {
      TicketStat stat;
      if (!DecodeTicketStat(v, &stat)) {
        return Status::Corruption("statistics view: record of '" + std::string(k) + "' is malformed");
      }
      Insert(k, stat);
      return Status::OK();
    });
  });
  if (!s.ok()) return s;
  checkpoint_.store(store_->ReadCheckpoint());
  return Status::OK();
}

std::int32_t StatisticsView::LocalDay(std::int64_t unix_seconds) const {
  return FloorDiv(unix_seconds + utc_offset_.count() * 60, kDay);
}

// "ticket-<platform>-<year>-<sequence>" with a known platform packs into 64
// bits (platform 16, year 16, sequence 32); 0 when it does not.
std::uint64_t StatisticsView::PackedKey(std::string_view id) const {
  if (id.substr(0, kTicketPrefix.size()) != kTicketPrefix) return 0;
  id.remove_prefix(kTicketPrefix.size());
  std::size_t a = id.find('-');
  std::size_t b = a == std::string_view::npos ? a : id.find('-', a + 1);
  if (b == std::string_view::npos || id.find('-', b + 1) != std::string_view::npos) return 0;
  std::string key = std::string(1, kPlatform) + std::string(id.substr(0, a));
  auto p = codes_.find(key);
  if (p == codes_.end()) return 0;
  std::string_view year = id.substr(a + 1, b - a - 1), seq = id.substr(b + 1);
  unsigned y = 0;
  std::uint64_t n = 0;
  if (year.size() != 4 || seq.empty() || seq.size() > 8) return 0;
  if (std::from_chars(year.data(), year.data() + year.size(), y).ptr != year.data() + year.size()) return 0;
  if (std::from_chars(seq.data(), seq.data() + seq.size(), n).ptr != seq.data() + seq.size()) return 0;
  // Leading zeros matter to the id: keep the sequence's width in the key too.
  return (static_cast<std::uint64_t>(p->second) << 48) | (static_cast<std::uint64_t>(y) << 32) |
         (static_cast<std::uint64_t>(seq.size()) << 28) | n;
}

std::optional<std::uint32_t> StatisticsView::Find(std::string_view id) const {
  if (std::uint64_t key = PackedKey(id); key != 0) {
    auto it = packed_index_.find(key);
    if (it != packed_index_.end()) return it->second;
    return std::nullopt;
  }
  auto it = other_index_.find(std::string(id));
  if (it != other_index_.end()) return it->second;
  return std::nullopt;
}

void StatisticsView::Insert(std::string_view id, const TicketStat& stat) {
  if (auto at = Find(id)) {
    TicketStat& old = tickets_[*at];
    if (old.received_at != stat.received_at) {
      auto& v = by_day_[LocalDay(old.received_at)];
      v.erase(std::remove(v.begin(), v.end(), *at), v.end());
      by_day_[LocalDay(stat.received_at)].push_back(*at);
    }
    old = stat;
    return;
  }
  auto index = static_cast<std::uint32_t>(tickets_.size());
  tickets_.push_back(stat);
  if (std::uint64_t key = PackedKey(id); key != 0) {
    packed_index_.emplace(key, index);
  } else {
    other_index_.emplace(std::string(id), index);
  }
  by_day_[LocalDay(stat.received_at)].push_back(index);
}

CodeIndex StatisticsView::Intern(Pending* pending, CodeKind kind, std::string_view code) const {
  if (code.empty()) return kNoCode;
  std::string key = std::string(1, kind) + (canonical_ ? canonical_(kind, code) : std::string(code));
  if (auto it = codes_.find(key); it != codes_.end()) return it->second;
  if (auto it = pending->new_codes.find(key); it != pending->new_codes.end()) return it->second;
  std::size_t next = code_names_.size() + pending->new_codes.size();
  if (next >= kNoCode) return kNoCode;  // 65,535 distinct codes: the rest count as "none"
  auto index = static_cast<CodeIndex>(next);
  pending->new_codes.emplace(key, index);
  return index;
}

Status StatisticsView::Apply(const std::vector<RecordedEvent>& events) {
  if (events.empty()) return Status::OK();
  Pending pending;
  pending.tickets.reserve(events.size());
  {
    static const json::object kEmpty;
    JsonScratch scratch;
    std::shared_lock lock(mu_);
    InternCode intern = [&](char kind, std::string_view code) {
      return Intern(&pending, static_cast<CodeKind>(kind), code);
    };
    for (const RecordedEvent& e : events) {
      if (e.stream_id.compare(0, kTicketPrefix.size(), kTicketPrefix) != 0 ||
          e.type.compare(0, 7, "ticket.") != 0) {
        continue;
      }
      auto it = pending.tickets.find(e.stream_id);
      if (it == pending.tickets.end()) {
        if (e.type != "ticket.opened" && !Find(e.stream_id)) continue;  // never opened: not a request
        TicketStat start;
        if (auto at = Find(e.stream_id)) start = tickets_[*at];
        it = pending.tickets.emplace(e.stream_id, start).first;
      }
      // Only what the fold reads is parsed: most events need neither part.
      const TicketStatInputs inputs = TicketStatInputsOf(e.type);
      scratch.Reset();
      const json::object* metadata = inputs.occurred_at ? scratch.ParseObject(e.metadata) : &kEmpty;
      const json::object* payload = inputs.payload ? scratch.ParseObject(e.payload) : &kEmpty;
      if (payload == nullptr || metadata == nullptr) {
        return Status::Corruption("position " + std::to_string(e.position) +
                                  ": payload or metadata is not a JSON object");
      }
      FoldTicketStat(&it->second, e.type, *payload, EventTime(*metadata, e.recorded_at_us), intern);
    }
  }
  const auto in_order = pending.InOrder();
  Status s = store_->Write([&](MDB_txn* txn) -> Status {
    for (const auto& [key, index] : pending.new_codes) {
      std::string value{static_cast<char>(index & 0xFF), static_cast<char>(index >> 8)};
      MDB_val k = lmdb::Val(key), v = lmdb::Val(value);
      if (int rc = mdb_put(txn, store_->db("dict"), &k, &v, 0); rc != 0) {
        return lmdb::ToStatus(rc, "write statistics view");
      }
    }
    for (const auto* entry : in_order) {
      const std::string& id = entry->first;
      const TicketStat& stat = entry->second;
      std::string value = EncodeTicketStat(stat);
      MDB_val k = lmdb::Val(id), v = lmdb::Val(value);
      if (int rc = mdb_put(txn, store_->db("tickets"), &k, &v, 0); rc != 0) {
        return lmdb::ToStatus(rc, "write statistics view");
      }
    }
    return ViewStore::PutCheckpoint(txn, store_->meta(), events.back().position);
  });
  if (!s.ok()) return s;
  std::unique_lock lock(mu_);
  std::vector<std::pair<CodeIndex, std::string>> added;
  for (auto& [key, index] : pending.new_codes) added.emplace_back(index, key);
  std::sort(added.begin(), added.end());
  for (auto& [index, key] : added) {
    codes_[key] = index;
    code_names_.push_back(key.substr(1));
  }
  for (const auto* entry : in_order) Insert(entry->first, entry->second);
  checkpoint_.store(events.back().position);
  return Status::OK();
}

void StatisticsView::Accumulate(const TicketStat& t, const StatsScope& scope,
                                const std::array<CodeIndex, 6>& want, std::int64_t now,
                                StatsCounts* out, std::array<std::vector<std::int64_t>, 7>* by) const {
  if (scope.level && (*scope.level == "county") != (t.county == 1)) return;
  const CodeIndex have[6] = {t.platform, t.channel, t.type, t.domain, t.subcategory, t.department};
  for (int d = 0; d < 6; ++d) {
    if (want[d] != kNoCode && want[d] != have[d]) return;
  }
  if (t.has(TicketStat::kMerged)) {
    ++out->merged;
    return;
  }
  ++out->received;
  (*by)[6][t.county] += 1;
  for (int d = 0; d < 5; ++d) {
    if (have[d] != kNoCode) (*by)[d][have[d]] += 1;
  }
  if (t.has(TicketStat::kAnswered)) ++out->answered;
  if (t.has(TicketStat::kReopened)) ++out->reopened;
  if (t.has(TicketStat::kDispatched)) {
    ++out->dispatched;
    if (t.department != kNoCode) (*by)[kDimDepartment][t.department] += 1;
    if (t.has(TicketStat::kResolved)) {
      ++(t.has(TicketStat::kOnTime) ? out->resolved_on_time : out->resolved_late);
    }
    if (t.rating == TicketStat::kSatisfied) ++out->satisfied;
    if (t.rating == TicketStat::kBasicallySatisfied) ++out->basically_satisfied;
    if (t.rating == TicketStat::kDissatisfied) ++out->dissatisfied;
  }
  const bool done = t.has(TicketStat::kResolved) || t.has(TicketStat::kAnswered) ||
                    t.has(TicketStat::kClosed);
  if (!done) {
    ++out->open;
    if (t.has(TicketStat::kDispatched) && t.deadline != 0 && now > t.deadline) ++out->overdue;
  }
}

StatsCounts StatisticsView::CountDays(std::int32_t first_day, std::int32_t last_day,
                                      std::int64_t from, std::int64_t to, const StatsScope& scope,
                                      std::int64_t now) const {
  StatsCounts out;
  std::shared_lock lock(mu_);
  auto code = [&](CodeKind kind, const std::optional<std::string>& c) -> CodeIndex {
    if (!c) return kNoCode;
    auto it = codes_.find(std::string(1, kind) + (canonical_ ? canonical_(kind, *c) : *c));
    return it == codes_.end() ? kNoCode - 1 : it->second;  // unknown code: matches nothing
  };
  std::array<CodeIndex, 6> want = {code(kPlatform, scope.platform), code(kChannel, scope.channel),
                                   code(kType, scope.type), code(kDomain, scope.domain),
                                   code(kSubcategory, scope.subcategory),
                                   code(kDepartment, scope.department)};
  std::array<std::vector<std::int64_t>, 7> by;
  for (int d = 0; d < 6; ++d) by[d].assign(code_names_.size(), 0);
  by[6].assign(2, 0);
  for (auto it = by_day_.lower_bound(first_day); it != by_day_.end() && it->first <= last_day; ++it) {
    for (std::uint32_t i : it->second) {
      const TicketStat& t = tickets_[i];
      if (t.received_at < from || t.received_at >= to) continue;
      Accumulate(t, scope, want, now, &out, &by);
    }
  }
  std::map<std::string, std::int64_t>* maps[6] = {&out.by_platform, &out.by_channel, &out.by_type,
                                                  &out.by_domain, &out.by_subcategory,
                                                  &out.by_department};
  for (int d = 0; d < 6; ++d) {
    for (std::size_t i = 0; i < by[d].size(); ++i) {
      if (by[d][i] != 0) (*maps[d])[code_names_[i]] = by[d][i];
    }
  }
  if (by[6][0]) out.by_level["city"] = by[6][0];
  if (by[6][1]) out.by_level["county"] = by[6][1];
  return out;
}

StatsCounts StatisticsView::Count(std::chrono::sys_days first, std::chrono::sys_days last,
                                  const StatsScope& scope, std::int64_t now) const {
  auto day = [](std::chrono::sys_days d) {
    return static_cast<std::int32_t>(d.time_since_epoch().count());
  };
  return CountDays(day(first), day(last), INT64_MIN, INT64_MAX, scope, now);
}

StatsCounts StatisticsView::CountBetween(std::int64_t from, std::int64_t to, const StatsScope& scope,
                                         std::int64_t now) const {
  return CountDays(LocalDay(from), LocalDay(to), from, to, scope, now);
}

StatisticsView::Canonical CanonicalCodes(const Taxonomy& taxonomy) {
  return [&taxonomy](char kind, std::string_view code) -> std::string {
    if (kind == 't') {
      if (const TaxonomyType* t = taxonomy.FindTypeByKey(code)) return t->code;
    } else if (kind == 'd') {
      if (const Domain* d = taxonomy.FindDomainByKey(code)) return d->code;
    }
    return std::string(code);
  };
}

std::size_t StatisticsView::size() const {
  std::shared_lock lock(mu_);
  return tickets_.size();
}

Status StatisticsView::Clear() {
  std::unique_lock lock(mu_);
  if (Status s = store_->Clear(); !s.ok()) return s;
  tickets_.clear();
  packed_index_.clear();
  other_index_.clear();
  by_day_.clear();
  codes_.clear();
  code_names_.clear();
  checkpoint_.store(0);
  return Status::OK();
}

}  // namespace rexian
