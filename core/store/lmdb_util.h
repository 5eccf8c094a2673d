// Small RAII and error helpers over the LMDB C API, private to the LMDB backend.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "rexian/status.h"

namespace rexian::lmdb {

// Maps an LMDB or errno code to a Status whose message starts with `what`.
// ENOSPC/EFBIG become NoSpace; MDB_CORRUPTED/MDB_PAGE_NOTFOUND Corruption.
Status ToStatus(int rc, std::string_view what);

inline MDB_val Val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline std::string_view View(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

// Keys of MDB_INTEGERKEY databases are native size_t.
struct IntKey {
  explicit IntKey(std::uint64_t v) : value(static_cast<std::size_t>(v)) {}
  MDB_val val() { return MDB_val{sizeof(value), &value}; }
  std::size_t value;
};

inline std::uint64_t ReadU64(const MDB_val& v) {
  std::uint64_t out = 0;
  if (v.mv_size == sizeof(out)) std::memcpy(&out, v.mv_data, sizeof(out));
  return out;
}

// Big-endian u64, so byte order equals numeric order inside composite keys.
inline void AppendBigEndian(std::string* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline std::uint64_t ReadBigEndian(std::string_view s) {
  std::uint64_t v = 0;
  for (unsigned char c : s.substr(0, 8)) v = (v << 8) | c;
  return v;
}

// An LMDB transaction aborted on destruction unless committed.
class Txn {
 public:
  Txn() = default;
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  ~Txn() { Abort(); }

  // Begins a transaction; returns the LMDB code.
  int Begin(MDB_env* env, unsigned flags) {
    Abort();
    return mdb_txn_begin(env, nullptr, flags, &txn_);
  }
  // Commits; the transaction is gone afterwards whatever the outcome.
  int Commit() {
    MDB_txn* t = txn_;
    txn_ = nullptr;
    return mdb_txn_commit(t);
  }
  void Abort() {
    if (txn_ != nullptr) mdb_txn_abort(txn_);
    txn_ = nullptr;
  }
  MDB_txn* get() const { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

// An LMDB cursor closed on destruction. REQUIRES: outlived by its txn.
class Cursor {
 public:
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  Cursor() = default;
  ~Cursor() {
    if (cursor_ != nullptr) mdb_cursor_close(cursor_);
  }
  int Open(MDB_txn* txn, MDB_dbi dbi) { return mdb_cursor_open(txn, dbi, &cursor_); }
  int Get(MDB_val* key, MDB_val* value, MDB_cursor_op op) {
    return mdb_cursor_get(cursor_, key, value, op);
  }

 private:
  MDB_cursor* cursor_ = nullptr;
};

}  // namespace rexian::lmdb
