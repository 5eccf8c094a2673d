// Reading per-database page counts with mdb_stat.
#include "store_layout.h"

#include <lmdb.h>

namespace rexian::bench {
namespace {

DatabasePages FromStat(std::string name, const MDB_stat& st) {
  DatabasePages d;
  d.name = std::move(name);
  d.entries = st.ms_entries;
  d.depth = st.ms_depth;
  d.branch_pages = st.ms_branch_pages;
  d.leaf_pages = st.ms_leaf_pages;
  d.overflow_pages = st.ms_overflow_pages;
  return d;
}

}  // namespace

Result<StoreLayout> InspectStoreLayout(const std::string& dir,
                                       const std::vector<std::string>& names) {
  MDB_env* env = nullptr;
  int rc = mdb_env_create(&env);
  if (rc != 0) return Status::IoError(std::string("mdb_env_create: ") + mdb_strerror(rc));
  mdb_env_set_maxdbs(env, 16);
  rc = mdb_env_open(env, dir.c_str(), MDB_RDONLY | MDB_NOTLS, 0640);
  MDB_txn* txn = nullptr;
  if (rc == 0) rc = mdb_txn_begin(env, nullptr, MDB_RDONLY, &txn);
  StoreLayout layout;
  if (rc == 0) {
    MDB_stat st;
    MDB_envinfo info;
    mdb_env_stat(env, &st);
    mdb_env_info(env, &info);
    layout.page_bytes = st.ms_psize;
    layout.last_page = info.me_last_pgno;
    if ((rc = mdb_stat(txn, 0, &st)) == 0) layout.databases.push_back(FromStat("free list", st));
    for (const std::string& name : names) {
      MDB_dbi dbi = 0;
      if (rc == 0) rc = mdb_dbi_open(txn, name.c_str(), 0, &dbi);
      if (rc == 0) rc = mdb_stat(txn, dbi, &st);
      if (rc == 0) layout.databases.push_back(FromStat(name, st));
    }
  }
  if (txn != nullptr) mdb_txn_abort(txn);
  mdb_env_close(env);
  if (rc != 0) return Status::IoError("inspect '" + dir + "': " + mdb_strerror(rc));
  return layout;
}

}  // namespace rexian::bench
