// LmdbEventStore: opening, format check, reads, subscriptions, stats, close.
#include "store/lmdb_event_store.h"

#include <sys/stat.h>

#include <filesystem>

#include "rexian/mapped_memory.h"
#include "store/lmdb_util.h"
#include "store/record_codec.h"
#include "store/record_hash.h"
#include "store/stream_index.h"

namespace rexian {
namespace {
constexpr const char* kFormatKey = "format";
constexpr int kFormatVersion = 2;
constexpr std::size_t kRecordsPerReadTxn = 8192;

// Asks the CPU to start loading `bytes` into the cache.
void Prefetch(std::string_view bytes) {
  for (std::size_t offset = 0; offset < bytes.size(); offset += 64) {
    __builtin_prefetch(bytes.data() + offset);
  }
}
}  // namespace

Result<std::unique_ptr<EventStore>> OpenLmdbEventStore(const LmdbStoreOptions& options) {
  return LmdbEventStore::Open(options);
}

LmdbEventStore::LmdbEventStore(const LmdbStoreOptions& options) : options_(options) {}

Result<std::unique_ptr<EventStore>> LmdbEventStore::Open(const LmdbStoreOptions& options) {
  if (options.path.empty()) return Status::InvalidArgument("store.path: must not be empty");
  std::unique_ptr<LmdbEventStore> store(new LmdbEventStore(options));
  Status s = store->OpenEnvironment();
  if (!s.ok()) return s;
  s = store->LoadTail();
  if (!s.ok()) return s;
  if (!options.read_only) store->writer_ = std::thread([raw = store.get()] { raw->WriterLoop(); });
  store->mapped_registration_ = MappedRegions::Register([raw = store.get()] {
    std::shared_lock<std::shared_mutex> lock(raw->env_mu_);  // no remap or close meanwhile
    if (raw->env_ != nullptr) DropMappedFilePages(raw->options_.path + "/data.mdb");
  });
  return std::unique_ptr<EventStore>(std::move(store));
}

Status LmdbEventStore::OpenEnvironment() {
  std::error_code ec;
  if (!options_.read_only) std::filesystem::create_directories(options_.path, ec);
  if (ec) {
    return Status::IoError("cannot create store directory '" + options_.path + "': " + ec.message());
  }
  if (!std::filesystem::is_directory(options_.path, ec)) {
    return Status::NotFound("store directory '" + options_.path + "' does not exist");
  }
  MDB_env* env = nullptr;
  int rc = mdb_env_create(&env);
  if (rc != 0) return lmdb::ToStatus(rc, "create LMDB environment");
  mdb_env_set_maxdbs(env, 8);
  mdb_env_set_maxreaders(env, 1024);
  mdb_env_set_mapsize(env, options_.initial_map_bytes);
  unsigned flags = MDB_NOTLS;
  if (options_.read_only) flags |= MDB_RDONLY;
  if (options_.durability == Durability::kRelaxed) flags |= MDB_NOSYNC;
  rc = mdb_env_open(env, options_.path.c_str(), flags, 0640);
  if (rc != 0) {
    mdb_env_close(env);
    return lmdb::ToStatus(rc, "open event store '" + options_.path + "'");
  }
  Status s = OpenDatabases(env);
  if (!s.ok()) {
    mdb_env_close(env);
    return s;
  }
  std::unique_lock<std::shared_mutex> lock(env_mu_);
  env_ = env;
  return Status::OK();
}

Status LmdbEventStore::OpenDatabases(MDB_env* env) {
  lmdb::Txn txn;
  int rc = txn.Begin(env, options_.read_only ? MDB_RDONLY : 0);
  if (rc == 0) {
    unsigned create = options_.read_only ? 0 : MDB_CREATE;
    rc = mdb_dbi_open(txn.get(), "meta", create, &meta_);
    if (rc == 0) rc = mdb_dbi_open(txn.get(), "log", create | MDB_INTEGERKEY, &log_);
    if (rc == 0) rc = mdb_dbi_open(txn.get(), "streams", create, &streams_);
    if (rc == 0) rc = mdb_dbi_open(txn.get(), "event_ids", create, &event_ids_);
  }
  if (rc == MDB_NOTFOUND) {
    return Status::NotFound("'" + options_.path + "' is not a rexian event store (no log database)");
  }
  if (rc != 0) return lmdb::ToStatus(rc, "open databases of '" + options_.path + "'");
  MDB_stat st;
  mdb_stat(txn.get(), log_, &st);
  Status s = CheckFormat(txn.get(), st.ms_entries == 0);
  if (!s.ok()) return s;
  rc = txn.Commit();
  return lmdb::ToStatus(rc, "commit store initialisation");
}

Status LmdbEventStore::CheckFormat(MDB_txn* txn, bool log_empty) {
  MDB_val key = lmdb::Val(kFormatKey), value;
  int rc = mdb_get(txn, meta_, &key, &value);
  if (rc == MDB_NOTFOUND) {
    if (!log_empty) {
      return Status::Unsupported("store '" + options_.path +
                                 "' has records but no format version: not a rexian store, "
                                 "or written by an unknown tool; refusing to guess");
    }
    if (options_.read_only) return Status::OK();
    std::string v = std::to_string(kFormatVersion);
    MDB_val val = lmdb::Val(v);
    return lmdb::ToStatus(mdb_put(txn, meta_, &key, &val, 0), "write store format");
  }
  if (rc != 0) return lmdb::ToStatus(rc, "read store format");
  std::string found(lmdb::View(value));
  if (found == std::to_string(kFormatVersion)) return Status::OK();
  bool numeric = !found.empty() && found.find_first_not_of("0123456789") == std::string::npos;
  if (numeric && std::stoull(found) > static_cast<unsigned long long>(kFormatVersion)) {
    return Status::Unsupported("store '" + options_.path + "' has format " + found +
                               ", newer than this build of rexian understands (" +
                               std::to_string(kFormatVersion) + "): upgrade rexian");
  }
  if (numeric) {
    // No in-place migration: the log is the truth and export/import carries it.
    return Status::Unsupported("store '" + options_.path + "' has format " + found +
                               " from an older build of rexian (this build reads format " +
                               std::to_string(kFormatVersion) +
                               "); export it with that build and import it with this one");
  }
  return Status::Unsupported("store '" + options_.path + "' has unknown format '" + found +
                             "' (this build understands format " +
                             std::to_string(kFormatVersion) + ")");
}

Status LmdbEventStore::LoadTail() {
  ReadTxn rt(this);
  Status s = rt.Begin();
  if (!s.ok()) return s;
  lmdb::Cursor cursor;
  int rc = cursor.Open(rt.get(), log_);
  MDB_val key, value;
  if (rc == 0) rc = cursor.Get(&key, &value, MDB_LAST);
  if (rc == MDB_NOTFOUND) {
    tail_ = Tail{0, GenesisHash(), 0};
    head_.store(0);
    return Status::OK();
  }
  if (rc != 0) return lmdb::ToStatus(rc, "read the last record");
  RecordedEvent last;
  s = DecodeRecord(lmdb::ReadU64(key), lmdb::View(value), &last);
  if (!s.ok()) return s;
  tail_ = Tail{last.position, last.hash, last.recorded_at_us};
  head_.store(last.position);
  watch_.Advance(last.position);
  return Status::OK();
}

LmdbEventStore::~LmdbEventStore() { Close(); }

void LmdbEventStore::Close() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    closing_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();  // drains the queue first
  subscriptions_.StopAll();
  mapped_registration_.reset();  // waits for a running drop
  std::unique_lock<std::shared_mutex> lock(env_mu_);
  if (env_ != nullptr) {
    if (options_.durability == Durability::kRelaxed && !options_.read_only) mdb_env_sync(env_, 1);
    mdb_env_close(env_);
    env_ = nullptr;
  }
}

Status LmdbEventStore::ReadStream(std::string_view stream_id, std::uint64_t from_version,
                                  std::size_t max_count, std::vector<RecordedEvent>* out) {
  ReadTxn rt(this);
  Status s = rt.Begin();
  if (!s.ok()) return s;
  std::string prefix(stream_id);
  prefix.push_back('\0');
  std::string start = prefix;
  lmdb::AppendBigEndian(&start, from_version == 0 ? 1 : from_version);
  lmdb::Cursor cursor;
  int rc = cursor.Open(rt.get(), streams_);
  MDB_val key = lmdb::Val(start), value;
  if (rc == 0) rc = cursor.Get(&key, &value, MDB_SET_RANGE);
  std::size_t count = 0;
  while (rc == 0 && count < max_count && lmdb::View(key).substr(0, prefix.size()) == prefix) {
    std::uint64_t position = lmdb::ReadU64(value);
    lmdb::IntKey log_key(position);
    MDB_val lk = log_key.val(), record;
    rc = mdb_get(rt.get(), log_, &lk, &record);
    if (rc != 0) {
      return Status::Corruption("stream index of '" + std::string(stream_id) +
                                "' points to missing position " + std::to_string(position));
    }
    out->emplace_back();
    s = DecodeRecord(position, lmdb::View(record), &out->back());
    if (!s.ok()) return s;
    ++count;
    rc = cursor.Get(&key, &value, MDB_NEXT);
  }
  if (rc != 0 && rc != MDB_NOTFOUND) return lmdb::ToStatus(rc, "read stream");
  return Status::OK();
}

Status LmdbEventStore::ReadAll(std::uint64_t from_position, std::size_t max_count,
                               const RecordVisitor& visitor) {
  std::uint64_t next = from_position == 0 ? 1 : from_position;
  std::size_t delivered = 0;
  RecordedEvent record;
  // Chunks of read transactions: a long scan must not pin old pages forever.
  while (delivered < max_count) {
    ReadTxn rt(this);
    Status s = rt.Begin();
    if (!s.ok()) return s;
    lmdb::Cursor cursor;
    int rc = cursor.Open(rt.get(), log_);
    lmdb::IntKey start(next);
    MDB_val key = start.val(), value;
    if (rc == 0) rc = cursor.Get(&key, &value, MDB_SET_RANGE);
    std::size_t in_txn = 0;
    while (rc == 0 && delivered < max_count && in_txn < kRecordsPerReadTxn) {
      const std::uint64_t position = lmdb::ReadU64(key);
      const std::string_view current = lmdb::View(value);
      // Step first and prefetch the next record (values stay valid for the
      // transaction), so its cache misses overlap decoding and visiting this
      // one: the scan is bound by first touches of the map, not by copying.
      rc = cursor.Get(&key, &value, MDB_NEXT);
      if (rc == 0) Prefetch(lmdb::View(value));
      s = DecodeRecord(position, current, &record);
      if (!s.ok()) return s;
      next = position + 1;
      ++delivered;
      ++in_txn;
      if (!visitor(record)) return Status::OK();
    }
    if (rc == MDB_NOTFOUND) return Status::OK();
    if (rc != 0) return lmdb::ToStatus(rc, "read log");
  }
  return Status::OK();
}

Result<std::unique_ptr<Subscription>> LmdbEventStore::Subscribe(std::uint64_t from_position,
                                                                 RecordVisitor handler) {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (closing_) return Status::Unavailable("the event store is closed");
  }
  return std::unique_ptr<Subscription>(
      new PollingSubscription(this, &watch_, &subscriptions_, from_position, std::move(handler)));
}

std::uint64_t LmdbEventStore::HeadPosition() {
  if (!options_.read_only) return head_.load();
  // Another process writes: ask the file.
  ReadTxn rt(this);
  if (!rt.Begin().ok()) return head_.load();
  lmdb::Cursor cursor;
  MDB_val key, value;
  if (cursor.Open(rt.get(), log_) == 0 && cursor.Get(&key, &value, MDB_LAST) == 0) {
    head_.store(lmdb::ReadU64(key));
    watch_.Advance(head_.load());
  }
  return head_.load();
}

Result<std::uint64_t> LmdbEventStore::StreamVersion(std::string_view stream_id) {
  ReadTxn rt(this);
  Status s = rt.Begin();
  if (!s.ok()) return s;
  std::uint64_t version = 0;
  int rc = ReadStreamVersion(rt.get(), streams_, stream_id, &version);
  if (rc != 0) return lmdb::ToStatus(rc, "read stream version");
  return version;
}

Result<RecordedEvent> LmdbEventStore::ReadAt(std::uint64_t position) {
  ReadTxn rt(this);
  Status s = rt.Begin();
  if (!s.ok()) return s;
  lmdb::IntKey k(position);
  MDB_val key = k.val(), value;
  int rc = mdb_get(rt.get(), log_, &key, &value);
  if (rc == MDB_NOTFOUND) {
    return Status::NotFound("no event at position " + std::to_string(position));
  }
  if (rc != 0) return lmdb::ToStatus(rc, "read position " + std::to_string(position));
  RecordedEvent record;
  s = DecodeRecord(position, lmdb::View(value), &record);
  if (!s.ok()) return s;
  return record;
}

Result<std::uint64_t> LmdbEventStore::PositionOf(std::string_view event_id) {
  ReadTxn rt(this);
  Status s = rt.Begin();
  if (!s.ok()) return s;
  MDB_val key = lmdb::Val(event_id), value;
  int rc = mdb_get(rt.get(), event_ids_, &key, &value);
  if (rc == MDB_NOTFOUND) return Status::NotFound("no event with id '" + std::string(event_id) + "'");
  if (rc != 0) return lmdb::ToStatus(rc, "look up event id");
  return lmdb::ReadU64(value);
}

StoreStats LmdbEventStore::Stats() {
  StoreStats out;
  {
    std::lock_guard<std::mutex> lock(stats_mu_);
    out = stats_;
  }
  out.head_position = HeadPosition();
  std::shared_lock<std::shared_mutex> lock(env_mu_);
  if (env_ != nullptr) {
    MDB_envinfo info;
    MDB_stat st;
    if (mdb_env_info(env_, &info) == 0 && mdb_env_stat(env_, &st) == 0) {
      out.size_bytes = (static_cast<std::uint64_t>(info.me_last_pgno) + 1) * st.ms_psize;
    }
  }
  return out;
}

}  // namespace rexian
