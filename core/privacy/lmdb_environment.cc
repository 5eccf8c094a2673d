// LmdbEnvironment: a process-wide registry of key-store environments and map-size handling.
#include "privacy/lmdb_environment.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <mutex>
#include <utility>

#include "privacy/group_commit_queue.h"
#include "rexian/mapped_memory.h"

namespace rexian::privacy {
namespace {

constexpr std::size_t kDefaultMapSize = std::size_t{256} << 20;
constexpr std::size_t kMaxMapSize = std::size_t{64} << 30;
constexpr int kMaxAttempts = 64;
constexpr std::string_view kFormatKey = "format";
constexpr std::string_view kFormatVersion = "1";

// Environments by (device, inode) of their directory, so that two paths to one directory share.
// Leaked on purpose: KeyStores may outlive static destruction. Recursive because a failed open
// releases its half-open environment, whose deleter takes the lock, inside Acquire.
struct Registry {
  std::recursive_mutex mutex;
  std::map<std::pair<dev_t, ino_t>, std::weak_ptr<LmdbEnvironment>> envs;
};
Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

MDB_val Val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};  // LMDB never writes through mv_data here
}

}  // namespace

Status LmdbStatus(int rc, std::string_view what) {
  if (rc == 0) return Status::OK();
  std::string msg = "key store: " + std::string(what) + ": " + mdb_strerror(rc);
  switch (rc) {
    case MDB_NOTFOUND:
      return Status::NotFound(std::move(msg));
    case MDB_MAP_FULL:
    case ENOSPC:
      return Status::NoSpace(std::move(msg));
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_BAD_DBI:
      return Status::Corruption(std::move(msg));
    case MDB_VERSION_MISMATCH:
      return Status::Unsupported(std::move(msg));
    case MDB_READERS_FULL:
    case EAGAIN:
    case EBUSY:
      return Status::Unavailable(std::move(msg));
    default:
      return Status::IoError(std::move(msg));
  }
}

Status LmdbTxn::Check(int rc, std::string_view what) {
  if (rc != 0) lmdb_failed_ = true;
  if (rc == MDB_MAP_FULL) map_full_ = true;
  return LmdbStatus(rc, what);
}

Result<std::shared_ptr<LmdbEnvironment>> LmdbEnvironment::Acquire(const std::string& dir,
                                                                  const Options& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!options.read_only) {
    bool created = fs::create_directories(dir, ec);
    if (ec)
      return Status::IoError("cannot create key store directory " + dir + ": " + ec.message());
    if (created) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("no key store at " + dir);
    return Status::IoError("cannot stat key store directory " + dir);
  }
  if (!S_ISDIR(st.st_mode))
    return Status::InvalidArgument("key store path is not a directory: " + dir);

  Registry& registry = TheRegistry();
  std::lock_guard<std::recursive_mutex> lock(registry.mutex);
  std::weak_ptr<LmdbEnvironment>& slot = registry.envs[{st.st_dev, st.st_ino}];
  if (std::shared_ptr<LmdbEnvironment> env = slot.lock(); env && env->owner_pid_ == ::getpid()) {
    if (env->read_only_ && !options.read_only) {
      return Status::InvalidArgument("key store " + dir +
                                     " is already open read-only in this process");
    }
    return env;
  }
  Result<std::shared_ptr<LmdbEnvironment>> opened = OpenNew(dir, options);
  if (opened.ok()) slot = *opened;
  return opened;
}

Result<std::shared_ptr<LmdbEnvironment>> LmdbEnvironment::OpenNew(const std::string& dir,
                                                                  const Options& options) {
  MDB_env* raw = nullptr;
  if (int rc = mdb_env_create(&raw); rc != 0) return LmdbStatus(rc, "create environment");
  std::size_t map_size = options.initial_map_size ? options.initial_map_size : kDefaultMapSize;
  int rc = mdb_env_set_maxdbs(raw, 8);
  if (rc == 0) rc = mdb_env_set_mapsize(raw, map_size);
  unsigned flags = MDB_NOTLS | (options.read_only ? MDB_RDONLY : 0u);
  if (rc == 0) rc = mdb_env_open(raw, dir.c_str(), flags, 0600);
  if (rc != 0) {
    mdb_env_close(raw);
    if (rc == ENOENT) return Status::NotFound("no key store at " + dir);
    return LmdbStatus(rc, "open " + dir);
  }
  int stale_readers = 0;
  mdb_reader_check(raw, &stale_readers);  // slots left by crashed processes

  // Closing happens under the registry lock, so a directory is never open twice in this process,
  // not even while one environment closes and another opens.
  std::shared_ptr<LmdbEnvironment> env(
      new LmdbEnvironment(raw, dir, options.read_only), [](LmdbEnvironment* doomed) {
        Registry& registry = TheRegistry();
        if (doomed->owner_pid_ == ::getpid()) {
          std::lock_guard<std::recursive_mutex> lock(registry.mutex);
          delete doomed;
        }
        // After fork() a child must not touch its parent's environment: leak it.
      });
  env->owner_pid_ = ::getpid();
  if (Status s = env->OpenDatabases(); !s.ok()) return s;
  env->mapped_registration_ = MappedRegions::Register([raw_env = env.get()] {
    std::shared_lock<std::shared_mutex> lock(raw_env->resize_mutex_);  // no remap meanwhile
    DropMappedFilePages(raw_env->dir_ + "/data.mdb");
  });
  if (!options.read_only) env->group_commit_ = std::make_unique<GroupCommitQueue>(env.get());
  return env;
}

LmdbEnvironment::~LmdbEnvironment() {
  mapped_registration_.reset();  // waits for a running drop
  mdb_env_close(env_);
}

Status LmdbEnvironment::OpenDatabases() {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    MDB_txn* txn = nullptr;
    int rc = mdb_txn_begin(env_, nullptr, read_only_ ? MDB_RDONLY : 0u, &txn);
    if (rc == MDB_MAP_RESIZED) {
      mdb_env_set_mapsize(env_, 0);
      continue;
    }
    if (rc != 0) return LmdbStatus(rc, "begin transaction in " + dir_);
    unsigned create = read_only_ ? 0u : static_cast<unsigned>(MDB_CREATE);
    const struct {
      const char* name;
      unsigned flags;
      MDB_dbi* dbi;
    } databases[] = {
        {"meta", create, &dbs_.meta},
        {"keys", create, &dbs_.keys},
        {"citizen_keys", create | MDB_DUPSORT | MDB_DUPFIXED, &dbs_.citizen_keys},
        {"tombstones", create, &dbs_.tombstones},
        {"retired_keys", create, &dbs_.retired_keys},
    };
    for (const auto& db : databases) {
      rc = mdb_dbi_open(txn, db.name, db.flags, db.dbi);
      if (rc != 0) break;
    }
    if (rc == MDB_NOTFOUND) {
      mdb_txn_abort(txn);
      return Status::NotFound(dir_ + " is not a rexian key store");
    }
    MDB_val key = Val(kFormatKey);
    MDB_val value{};
    if (rc == 0) {
      rc = mdb_get(txn, dbs_.meta, &key, &value);
      if (rc == 0) {
        std::string_view format(static_cast<const char*>(value.mv_data), value.mv_size);
        if (format != kFormatVersion) {
          mdb_txn_abort(txn);
          return Status::Unsupported("key store " + dir_ + " has format " + std::string(format) +
                                     ", this build reads format " + std::string(kFormatVersion));
        }
      } else if (rc == MDB_NOTFOUND && !read_only_) {
        value = Val(kFormatVersion);
        rc = mdb_put(txn, dbs_.meta, &key, &value, 0);
      } else if (rc == MDB_NOTFOUND) {
        mdb_txn_abort(txn);
        return Status::NotFound(dir_ + " is not a rexian key store");
      }
    }
    if (rc != 0) {
      mdb_txn_abort(txn);
      return LmdbStatus(rc, "open databases in " + dir_);
    }
    // Committing (even read-only) keeps the database handles open for the environment's lifetime.
    return LmdbStatus(mdb_txn_commit(txn), "commit databases in " + dir_);
  }
  return Status::Unavailable("key store " + dir_ + ": map size keeps changing");
}

Status LmdbEnvironment::Read(const std::function<Status(LmdbTxn&)>& body) {
  return Run(false, body);
}

Status LmdbEnvironment::Write(const std::function<Status(LmdbTxn&)>& body) {
  if (read_only_) return Status::InvalidArgument("key store " + dir_ + " is open read-only");
  return Run(true, body);
}

Status LmdbEnvironment::Run(bool write, const std::function<Status(LmdbTxn&)>& body) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    std::size_t grow_from = 0;  // 0: adopt the size another process set
    {
      std::shared_lock<std::shared_mutex> lock(resize_mutex_);
      MDB_txn* raw = nullptr;
      int rc = mdb_txn_begin(env_, nullptr, write ? 0u : static_cast<unsigned>(MDB_RDONLY), &raw);
      if (rc != 0 && rc != MDB_MAP_RESIZED) return LmdbStatus(rc, "begin transaction");
      if (rc == 0) {
        std::size_t size_at_start = MapSize();
        LmdbTxn txn(raw);
        Status s = body(txn);
        if (!s.ok() || !write) {
          mdb_txn_abort(raw);
          if (!txn.map_full()) return s;
        } else {
          rc = mdb_txn_commit(raw);  // frees the transaction, whatever it returns
          if (rc != MDB_MAP_FULL) return LmdbStatus(rc, "commit");
        }
        grow_from = size_at_start;
      }
    }
    if (Status s = ResizeMap(grow_from); !s.ok()) return s;
  }
  return Status::Unavailable("key store " + dir_ + ": map size keeps changing");
}

Status LmdbEnvironment::ResizeMap(std::size_t grow_from) {
  std::unique_lock<std::shared_mutex> lock(resize_mutex_);
  if (grow_from == 0) return LmdbStatus(mdb_env_set_mapsize(env_, 0), "adopt map size");
  std::size_t current = MapSize();
  if (current != grow_from) return Status::OK();  // another thread grew it meanwhile
  if (current > kMaxMapSize / 2) {
    return Status::NoSpace("key store " + dir_ + " is full at its maximum map size");
  }
  return LmdbStatus(mdb_env_set_mapsize(env_, current * 2), "grow map");
}

std::size_t LmdbEnvironment::MapSize() {
  MDB_envinfo info{};
  mdb_env_info(env_, &info);
  return info.me_mapsize;
}

Status LmdbEnvironment::CopyCompacted(const std::string& dest_dir) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    int rc = 0;
    {
      std::shared_lock<std::shared_mutex> lock(resize_mutex_);
      rc = mdb_env_copy2(env_, dest_dir.c_str(), MDB_CP_COMPACT);
    }
    if (rc != MDB_MAP_RESIZED) return LmdbStatus(rc, "back up to " + dest_dir);
    std::error_code ec;
    std::filesystem::remove(std::filesystem::path(dest_dir) / "data.mdb", ec);
    if (Status s = ResizeMap(0); !s.ok()) return s;
  }
  return Status::Unavailable("key store " + dir_ + ": map size keeps changing");
}

}  // namespace rexian::privacy
