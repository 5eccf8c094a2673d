// ViewStore: LMDB environment of a projection.
#include "projections/view_store.h"

#include <filesystem>

#include "rexian/mapped_memory.h"
#include "store/lmdb_util.h"

namespace rexian {
namespace {
constexpr const char* kCheckpointKey = "checkpoint";
}  // namespace

Result<std::unique_ptr<ViewStore>> ViewStore::Open(const std::string& dir,
                                                   const std::vector<std::string>& databases,
                                                   bool read_only) {
  std::error_code ec;
  if (!read_only) std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create view directory '" + dir + "': " + ec.message());
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("view directory '" + dir + "' does not exist (never built?)");
  }
  std::unique_ptr<ViewStore> view(new ViewStore());
  int rc = mdb_env_create(&view->env_);
  if (rc != 0) return lmdb::ToStatus(rc, "create view environment");
  mdb_env_set_maxdbs(view->env_, static_cast<MDB_dbi>(databases.size() + 2));
  mdb_env_set_maxreaders(view->env_, 512);
  mdb_env_set_mapsize(view->env_, std::size_t{256} << 20);
  unsigned flags = MDB_NOTLS | MDB_NOSYNC | (read_only ? MDB_RDONLY : 0);
  rc = mdb_env_open(view->env_, dir.c_str(), flags, 0640);
  if (rc != 0) return lmdb::ToStatus(rc, "open view '" + dir + "'");
  lmdb::Txn txn;
  rc = txn.Begin(view->env_, read_only ? MDB_RDONLY : 0);
  const unsigned create = read_only ? 0 : MDB_CREATE;
  if (rc == 0) rc = mdb_dbi_open(txn.get(), "meta", create, &view->meta_);
  for (const std::string& name : databases) {
    MDB_dbi dbi = 0;
    if (rc == 0) rc = mdb_dbi_open(txn.get(), name.c_str(), create, &dbi);
    view->dbs_[name] = dbi;
  }
  if (rc == 0) rc = txn.Commit();
  if (rc != 0) return lmdb::ToStatus(rc, "open databases of view '" + dir + "'");
  view->mapped_registration_ = MappedRegions::Register([raw = view.get(), data = dir + "/data.mdb"] {
    std::shared_lock<std::shared_mutex> lock(raw->resize_mu_);  // no remap meanwhile
    DropMappedFilePages(data);
  });
  return view;
}

ViewStore::~ViewStore() {
  mapped_registration_.reset();  // waits for a running drop
  if (env_ != nullptr) mdb_env_close(env_);
}

Status ViewStore::Read(const std::function<Status(MDB_txn*)>& body) {
  std::shared_lock<std::shared_mutex> lock(resize_mu_);
  lmdb::Txn txn;
  int rc = txn.Begin(env_, MDB_RDONLY);
  if (rc != 0) return lmdb::ToStatus(rc, "begin view read");
  return body(txn.get());
}

Status ViewStore::Write(const std::function<Status(MDB_txn*)>& body) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    int rc = 0;
    Status s;
    {
      std::shared_lock<std::shared_mutex> lock(resize_mu_);
      lmdb::Txn txn;
      rc = txn.Begin(env_, 0);
      if (rc != 0) return lmdb::ToStatus(rc, "begin view write");
      s = body(txn.get());
      if (s.ok()) {
        rc = txn.Commit();
        if (rc == 0) return Status::OK();
      }
    }
    // A body reports a full map as NoSpace carrying LMDB's message.
    const bool full = rc == MDB_MAP_FULL ||
                      (!s.ok() && s.message().find("MDB_MAP_FULL") != std::string::npos);
    if (!full) return s.ok() ? lmdb::ToStatus(rc, "commit view") : s;
    if (Status g = Grow(); !g.ok()) return g;
  }
  return Status::IoError("view write: the map kept filling up");
}

Status ViewStore::Grow() {
  std::unique_lock<std::shared_mutex> lock(resize_mu_);
  MDB_envinfo info;
  mdb_env_info(env_, &info);
  return lmdb::ToStatus(mdb_env_set_mapsize(env_, info.me_mapsize * 2), "grow view map");
}

std::uint64_t ViewStore::ReadCheckpoint() {
  std::uint64_t position = 0;
  Read([&](MDB_txn* txn) {
    MDB_val key = lmdb::Val(kCheckpointKey), value;
    if (mdb_get(txn, meta_, &key, &value) == 0) position = lmdb::ReadU64(value);
    return Status::OK();
  });
  return position;
}

Status ViewStore::PutCheckpoint(MDB_txn* txn, MDB_dbi meta, std::uint64_t position) {
  MDB_val key = lmdb::Val(kCheckpointKey), value{sizeof position, &position};
  return lmdb::ToStatus(mdb_put(txn, meta, &key, &value, 0), "write view checkpoint");
}

Status ViewStore::Clear() {
  return Write([this](MDB_txn* txn) {
    int rc = mdb_drop(txn, meta_, 0);
    for (auto& [name, dbi] : dbs_) {
      if (rc == 0) rc = mdb_drop(txn, dbi, 0);
    }
    return lmdb::ToStatus(rc, "clear view");
  });
}

}  // namespace rexian
