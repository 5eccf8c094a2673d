// ReplyView: planning and settling replies in one LMDB environment.
#include "intake/reply_view.h"

#include <boost/json.hpp>

#include "domain/ticket_time.h"
#include "store/lmdb_util.h"

namespace rexian {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string Encode(const PendingReply& r) {
  return json::serialize(json::object{
      {"ticket_id", r.ticket_id},
      {"kind", r.kind},
      {"channel", r.channel},
      {"source_position", r.source_position},
      {"failed_attempts", r.failed_attempts},
      {"next_attempt_at", r.next_attempt_at.time_since_epoch().count()}});
}

Result<PendingReply> Decode(std::string_view id, std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::Corruption("reply view: entry '" + std::string(id) + "'");
  const json::object& o = v.as_object();
  PendingReply r;
  r.delivery_id = std::string(id);
  r.ticket_id = Str(o, "ticket_id");
  r.kind = Str(o, "kind");
  r.channel = Str(o, "channel");
  if (const json::value* p = o.if_contains("source_position")) r.source_position = p->to_number<std::uint64_t>();
  if (const json::value* a = o.if_contains("failed_attempts")) r.failed_attempts = a->to_number<int>();
  if (const json::value* n = o.if_contains("next_attempt_at")) {
    r.next_attempt_at = ticket::Time(std::chrono::seconds(n->to_number<std::int64_t>()));
  }
  return r;
}

Status Put(MDB_txn* txn, MDB_dbi dbi, std::string_view key, std::string_view value) {
  MDB_val k = lmdb::Val(key), v = lmdb::Val(value);
  return lmdb::ToStatus(mdb_put(txn, dbi, &k, &v, 0), "write reply view");
}

Status Delete(MDB_txn* txn, MDB_dbi dbi, std::string_view key) {
  MDB_val k = lmdb::Val(key);
  const int rc = mdb_del(txn, dbi, &k, nullptr);
  return rc == MDB_NOTFOUND ? Status::OK() : lmdb::ToStatus(rc, "write reply view");
}

// The value under `key`, or nullopt.
Result<std::optional<std::string>> Get(MDB_txn* txn, MDB_dbi dbi, std::string_view key) {
  MDB_val k = lmdb::Val(key), v;
  const int rc = mdb_get(txn, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::optional<std::string>();
  if (rc != 0) return lmdb::ToStatus(rc, "read reply view");
  return std::optional<std::string>(std::string(lmdb::View(v)));
}

}  // namespace

Result<std::unique_ptr<ReplyView>> ReplyView::Open(const std::string& dir, ReplyViewOptions options) {
  auto store = ViewStore::Open(dir, {"pending", "tickets"});
  if (!store.ok()) return store.status();
  std::unique_ptr<ReplyView> view(new ReplyView(std::move(store).value(), std::move(options)));
  view->checkpoint_ = view->store_->ReadCheckpoint();
  return view;
}

ReplyView::ReplyView(std::unique_ptr<ViewStore> store, ReplyViewOptions options)
    : store_(std::move(store)), options_(std::move(options)) {}

Status ReplyView::Apply(const std::vector<RecordedEvent>& events) {
  if (events.empty()) return Status::OK();
  const ticket::Time oldest = options_.clock() - options_.horizon;
  const MDB_dbi pending = store_->db("pending");
  const MDB_dbi tickets = store_->db("tickets");
  Status s = store_->Write([&](MDB_txn* txn) -> Status {
    for (const RecordedEvent& e : events) {
      const bool ticket_event = e.type == "ticket.opened" || e.type == "ticket.resolved";
      const bool reply_event = e.type == "reply.sent" || e.type == "reply.failed";
      if (!ticket_event && !reply_event) continue;
      boost::system::error_code ec;
      json::value payload = json::parse(e.payload, ec);
      if (ec || !payload.is_object()) continue;
      const json::object& p = payload.as_object();
      if (e.type == "ticket.opened") {
        json::value metadata = json::parse(e.metadata, ec);
        if (ec || !metadata.is_object()) continue;
        const std::string channel = Str(p, "channel");
        const bool answerable = p.contains("contact") && p.contains("citizen") &&
                                !Str(metadata.as_object(), "citizen").empty() &&
                                options_.serves(channel);
        if (!answerable) continue;
        if (Status put = Put(txn, tickets, e.stream_id, channel); !put.ok()) return put;
        const auto at = ticket::ParseTime(Str(metadata.as_object(), "occurred_at"));
        if (!at || *at < oldest) continue;
        PendingReply r{e.stream_id + "/acknowledgement", e.stream_id, "acknowledgement", channel,
                       e.position, 0, ticket::Time{}};
        if (Status put = Put(txn, pending, r.delivery_id, Encode(r)); !put.ok()) return put;
      } else if (e.type == "ticket.resolved") {
        auto channel = Get(txn, tickets, e.stream_id);
        if (!channel.ok()) return channel.status();
        if (!*channel) continue;
        json::value metadata = json::parse(e.metadata, ec);
        if (ec || !metadata.is_object()) continue;
        const auto at = ticket::ParseTime(Str(metadata.as_object(), "occurred_at"));
        if (!at || *at < oldest) continue;
        const std::string suffix = "@" + std::to_string(e.position);
        for (const char* kind : {"resolution", "rating_request"}) {
          PendingReply r{e.stream_id + "/" + kind + suffix, e.stream_id, kind, **channel, e.position,
                         0, ticket::Time{}};
          if (Status put = Put(txn, pending, r.delivery_id, Encode(r)); !put.ok()) return put;
        }
      } else {
        const std::string id = Str(p, "delivery_id");
        const json::value* retry = p.if_contains("retry");
        if (e.type == "reply.sent" || retry == nullptr || !retry->is_bool() || !retry->as_bool()) {
          if (Status del = Delete(txn, pending, id); !del.ok()) return del;
          continue;
        }
        auto current = Get(txn, pending, id);
        if (!current.ok()) return current.status();
        if (!*current) continue;
        auto r = Decode(id, **current);
        if (!r.ok()) return r.status();
        if (const json::value* a = p.if_contains("attempt")) r->failed_attempts = a->to_number<int>();
        if (auto next = ticket::ParseTime(Str(p, "next_attempt_at"))) r->next_attempt_at = *next;
        if (Status put = Put(txn, pending, id, Encode(*r)); !put.ok()) return put;
      }
    }
    return ViewStore::PutCheckpoint(txn, store_->meta(), events.back().position);
  });
  if (s.ok()) checkpoint_ = events.back().position;
  return s;
}

Result<std::vector<PendingReply>> ReplyView::Due(ticket::Time now, std::size_t limit) {
  std::vector<PendingReply> due;
  const MDB_dbi pending = store_->db("pending");
  Status s = store_->Read([&](MDB_txn* txn) -> Status {
    MDB_cursor* cursor = nullptr;
    if (int rc = mdb_cursor_open(txn, pending, &cursor); rc != 0) {
      return lmdb::ToStatus(rc, "read reply view");
    }
    MDB_val k, v;
    int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
    Status out;
    for (; rc == 0 && due.size() < limit; rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT)) {
      auto r = Decode(lmdb::View(k), lmdb::View(v));
      if (!r.ok()) {
        out = r.status();
        break;
      }
      if (r->next_attempt_at <= now) due.push_back(std::move(r).value());
    }
    mdb_cursor_close(cursor);
    return out;
  });
  if (!s.ok()) return s;
  return due;
}

Result<std::vector<PendingReply>> ReplyView::All() {
  return Due(ticket::Time::max(), ~std::size_t{0});
}

Status ReplyView::Clear() {
  Status s = store_->Clear();
  if (s.ok()) checkpoint_ = 0;
  return s;
}

}  // namespace rexian
