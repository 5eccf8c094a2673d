// Rewriting libpq connection strings, for tools that make scratch databases (tests, benchmarks).
#pragma once

#include <string>

#include "rexian/status.h"

namespace rexian::pg {

// `dsn` (keyword=value or URI) with its database replaced by `database`, in
// keyword=value form with every value quoted. InvalidArgument if libpq
// cannot parse `dsn`.
Result<std::string> DsnWithDatabase(const std::string& dsn, const std::string& database);

// Runs one SQL statement on a fresh connection to `dsn`, e.g. CREATE
// DATABASE (which cannot run inside the store's transactions).
Status ExecuteOnce(const std::string& dsn, const std::string& sql);

}  // namespace rexian::pg
