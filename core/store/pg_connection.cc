// libpq plumbing: binary parameters and results, error mapping, reconnection.
#include "store/pg_connection.h"

#include <algorithm>

namespace rexian::pg {
namespace {

constexpr unsigned kTextOid = 25;

std::uint64_t ReadBigEndian(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

bool StartsWith(const char* s, std::string_view prefix) {
  return s != nullptr && std::string_view(s).substr(0, prefix.size()) == prefix;
}

}  // namespace

void PutInt16(std::string* out, std::int16_t v) {
  auto u = static_cast<std::uint16_t>(v);
  out->push_back(static_cast<char>(u >> 8));
  out->push_back(static_cast<char>(u & 0xff));
}

void PutInt32(std::string* out, std::int32_t v) {
  auto u = static_cast<std::uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((u >> shift) & 0xff));
}

void PutInt64(std::string* out, std::int64_t v) {
  auto u = static_cast<std::uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((u >> shift) & 0xff));
}

void Params::AddInt64(std::int64_t v) {
  std::string bytes;
  PutInt64(&bytes, v);
  storage_.push_back(std::move(bytes));
  lengths_.push_back(8);
  formats_.push_back(1);
  values_.clear();
}

void Params::AddBytes(std::string_view bytes) {
  storage_.emplace_back(bytes);
  lengths_.push_back(static_cast<int>(bytes.size()));
  formats_.push_back(1);
  values_.clear();
}

void Params::AddTextArray(const std::vector<std::string_view>& items) {
  std::string a;
  PutInt32(&a, 1);  // dimensions
  PutInt32(&a, 0);  // no NULLs
  PutInt32(&a, static_cast<std::int32_t>(kTextOid));
  PutInt32(&a, static_cast<std::int32_t>(items.size()));
  PutInt32(&a, 1);  // lower bound
  for (std::string_view item : items) {
    PutInt32(&a, static_cast<std::int32_t>(item.size()));
    a.append(item);
  }
  lengths_.push_back(static_cast<int>(a.size()));
  storage_.push_back(std::move(a));
  formats_.push_back(1);
  values_.clear();
}

const char* const* Params::values() const {
  if (values_.size() != storage_.size()) {
    values_.clear();
    for (const std::string& s : storage_) values_.push_back(s.data());
  }
  return values_.data();
}

std::int64_t GetInt64(const PGresult* r, int row, int column) {
  return static_cast<std::int64_t>(ReadBigEndian(PQgetvalue(r, row, column), 8));
}

std::int32_t GetInt32(const PGresult* r, int row, int column) {
  return static_cast<std::int32_t>(ReadBigEndian(PQgetvalue(r, row, column), 4));
}

std::string_view GetBytes(const PGresult* r, int row, int column) {
  return {PQgetvalue(r, row, column), static_cast<std::size_t>(PQgetlength(r, row, column))};
}

Status ErrorStatus(const PGresult* result, PGconn* conn, std::string_view what) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail = result != nullptr ? PQresultErrorMessage(result) : "";
  if (detail.empty() && conn != nullptr) detail = PQerrorMessage(conn);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  std::string message = "PostgreSQL: " + std::string(what) + ": " + detail;
  if (state != nullptr) message += " (SQLSTATE " + std::string(state) + ")";
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK || state == nullptr ||
      StartsWith(state, "08") || StartsWith(state, "57P") || StartsWith(state, "40") ||
      std::string_view(state) == "25006" || std::string_view(state) == "53300" ||
      std::string_view(state) == "55P03") {
    return Status::Unavailable(message);
  }
  if (std::string_view(state) == "53100") return Status::NoSpace(message);
  if (StartsWith(state, "22")) return Status::InvalidArgument(message);
  return Status::IoError(message);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& dsn) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (conn == nullptr) return Status::Unavailable("PostgreSQL: connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::Unavailable("PostgreSQL: connect: " + message);
  }
  // Every text value the store reads or writes is UTF-8.
  PQsetClientEncoding(conn, "UTF8");
  // Notices ("relation already exists, skipping") are not for the operator.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Status Connection::EnsureOpen() {
  if (!broken()) return Status::OK();
  PQreset(conn_);
  if (broken()) return ErrorStatus(nullptr, conn_, "reconnect");
  PQsetClientEncoding(conn_, "UTF8");
  return Status::OK();
}

Result<ResultPtr> Connection::Exec(const char* sql, const Params& params, std::string_view what) {
  ResultPtr r(PQexecParams(conn_, sql, params.size(), nullptr, params.values(), params.lengths(),
                           params.formats(), /*resultFormat=*/1));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return r;
  return ErrorStatus(r.get(), conn_, what);
}

Status Connection::Run(const char* sql, std::string_view what) {
  ResultPtr r(PQexec(conn_, sql));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return Status::OK();
  return ErrorStatus(r.get(), conn_, what);
}

Status Connection::CopyIn(const char* sql, std::string_view data, std::string_view what) {
  ResultPtr r(PQexec(conn_, sql));
  if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN) return ErrorStatus(r.get(), conn_, what);
  constexpr std::size_t kChunk = 1 << 20;
  for (std::size_t offset = 0; offset < data.size(); offset += kChunk) {
    std::size_t n = std::min(kChunk, data.size() - offset);
    if (PQputCopyData(conn_, data.data() + offset, static_cast<int>(n)) != 1) {
      return ErrorStatus(nullptr, conn_, what);
    }
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) return ErrorStatus(nullptr, conn_, what);
  r.reset(PQgetResult(conn_));
  Status s = (r && PQresultStatus(r.get()) == PGRES_COMMAND_OK) ? Status::OK()
                                                                : ErrorStatus(r.get(), conn_, what);
  // Drain until libpq reports the command complete.
  while (ResultPtr extra{PQgetResult(conn_)}) {
  }
  return s;
}

}  // namespace rexian::pg
