// The calling thread's parsed PII pointer lists: a list is configuration (a schema's personal
// fields), the same texts on every call, so each thread parses it once.
#pragma once

#include <string>
#include <vector>

#include "privacy/pii_pointer.h"
#include "rexian/status.h"

namespace rexian::privacy {

// The most lists one thread keeps parsed; a thread that meets more starts its cache afresh.
inline constexpr std::size_t kMaxCachedPointerLists = 64;

// The parsed form of every text of `texts`, in order, as PiiPointer::Parse makes it. Parsed on the
// calling thread's first call with these texts (compared by content, not address) and reused after.
// The returned list stays valid until the same thread calls again. The first malformed text's
// InvalidArgument (from PiiPointer::Parse) if any is malformed; such a list is not cached.
// Thread-safe: every thread has a cache of its own, so no call waits for another.
Result<const std::vector<PiiPointer>*> CachedPiiPointers(const std::vector<std::string>& texts);

}  // namespace rexian::privacy
