// The `streams` index: a stream's current version is its last key.
#include "store/stream_index.h"

#include <limits>

#include "store/lmdb_util.h"

namespace rexian {

std::string StreamKey(std::string_view stream_id, std::uint64_t version) {
  std::string key;
  key.reserve(stream_id.size() + 9);
  key.append(stream_id);
  key.push_back('\0');
  lmdb::AppendBigEndian(&key, version);
  return key;
}

int ReadStreamVersion(MDB_txn* txn, MDB_dbi streams, std::string_view stream_id,
                      std::uint64_t* version) {
  *version = 0;
  const std::string past = StreamKey(stream_id, std::numeric_limits<std::uint64_t>::max());
  lmdb::Cursor cursor;
  int rc = cursor.Open(txn, streams);
  if (rc != 0) return rc;
  // The first key at or after the largest possible one of this stream, then
  // one step back: the stream's last key, if it has any.
  MDB_val key = lmdb::Val(past), value;
  rc = cursor.Get(&key, &value, MDB_SET_RANGE);
  if (rc == 0 && lmdb::View(key) != past) rc = cursor.Get(&key, &value, MDB_PREV);
  else if (rc == MDB_NOTFOUND) rc = cursor.Get(&key, &value, MDB_LAST);
  if (rc == MDB_NOTFOUND) return 0;
  if (rc != 0) return rc;
  const std::string_view found = lmdb::View(key);
  const std::size_t prefix = stream_id.size() + 1;
  if (found.size() != prefix + 8 || found.substr(0, stream_id.size()) != stream_id ||
      found[stream_id.size()] != '\0') {
    return 0;
  }
  *version = lmdb::ReadBigEndian(found.substr(prefix));
  return 0;
}

}  // namespace rexian
