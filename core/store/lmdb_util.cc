// LMDB error mapping.
#include "store/lmdb_util.h"

#include <cerrno>

namespace rexian::lmdb {

Status ToStatus(int rc, std::string_view what) {
  std::string msg = std::string(what) + ": " + mdb_strerror(rc);
  switch (rc) {
    case MDB_SUCCESS: return Status::OK();
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
      return Status::NoSpace(msg + " (out of disk space or over the file size limit; "
                                   "free space and retry: nothing of this request was written)");
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
      return Status::Corruption(msg);
    case MDB_VERSION_MISMATCH:
      return Status::Unsupported(msg);
    case EACCES:
    case EPERM:
      return Status::PermissionDenied(msg);
    case MDB_NOTFOUND:
      return Status::NotFound(msg);
    default:
      return Status::IoError(msg);
  }
}

}  // namespace rexian::lmdb
