// libpq connection-string rewriting and one-shot statements.
#include "store/pg_dsn.h"

#include "store/pg_connection.h"

namespace rexian::pg {

Result<std::string> DsnWithDatabase(const std::string& dsn, const std::string& database) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return Status::InvalidArgument("cannot parse the connection string: " + message);
  }
  auto quoted = [](const std::string& value) {
    std::string out = "'";
    for (char c : value) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string out = "dbname=" + quoted(database);
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || std::string(o->keyword) == "dbname") continue;
    out += " " + std::string(o->keyword) + "=" + quoted(o->val);
  }
  PQconninfoFree(options);
  return out;
}

Status ExecuteOnce(const std::string& dsn, const std::string& sql) {
  auto conn = Connection::Open(dsn);
  if (!conn.ok()) return conn.status();
  return (*conn)->Run(sql.c_str(), sql);
}

}  // namespace rexian::pg
