// Where a store's pages go: per-database page counts read from the LMDB file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rexian/status.h"

namespace rexian::bench {

// One LMDB database of the environment (or the free list).
struct DatabasePages {
  std::string name;
  std::uint64_t entries = 0;
  std::uint64_t depth = 0;
  std::uint64_t branch_pages = 0;
  std::uint64_t leaf_pages = 0;
  std::uint64_t overflow_pages = 0;
  std::uint64_t pages() const { return branch_pages + leaf_pages + overflow_pages; }
};

// The page breakdown of an LMDB environment.
struct StoreLayout {
  std::uint64_t page_bytes = 0;
  std::uint64_t last_page = 0;            // highest page number in use
  std::vector<DatabasePages> databases;   // "free list" first, then by name
};

// Opens the environment in `dir` read-only (it must not be open for writing
// in this process) and reads mdb_stat of the free list and of each database
// in `names`. Benchmark diagnostics only: this knows the store's layout.
Result<StoreLayout> InspectStoreLayout(const std::string& dir,
                                       const std::vector<std::string>& names);

}  // namespace rexian::bench
