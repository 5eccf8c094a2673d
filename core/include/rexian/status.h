// Status and Result<T>: errors as values across every module boundary.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace rexian {

// A Status is either OK or an error code with a human-readable message that
// names what was wrong (the field, the file, the position). Cheap to copy when
// OK. Modelled on leveldb::Status; no exceptions cross module boundaries.
class Status {
 public:
  enum class Code : std::uint8_t {
    kOk = 0,
    kNotFound,          // the thing asked for does not exist
    kConflict,          // optimistic concurrency: expected version mismatch
    kInvalidArgument,   // the caller's input is wrong; retrying won't help
    kCorruption,        // stored data fails a check (hash, format, index)
    kIoError,           // the OS refused an operation
    kNoSpace,           // out of disk space; retry after space is freed
    kUnavailable,       // temporarily unavailable (shutting down, failover)
    kUnsupported,       // e.g. a store format newer than this build
    kPermissionDenied,  // the caller's role does not allow this
    kDeadlineExceeded,  // an operation did not finish in the time it was given
  };

  // OK status.
  Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status Conflict(std::string msg) { return {Code::kConflict, std::move(msg)}; }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status Corruption(std::string msg) { return {Code::kCorruption, std::move(msg)}; }
  static Status IoError(std::string msg) { return {Code::kIoError, std::move(msg)}; }
  static Status NoSpace(std::string msg) { return {Code::kNoSpace, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status Unsupported(std::string msg) { return {Code::kUnsupported, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) {
    return {Code::kPermissionDenied, std::move(msg)};
  }
  static Status DeadlineExceeded(std::string msg) {
    return {Code::kDeadlineExceeded, std::move(msg)};
  }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIoError() const { return code_ == Code::kIoError; }
  bool IsNoSpace() const { return code_ == Code::kNoSpace; }
  bool IsUnavailable() const { return code_ == Code::kUnavailable; }
  bool IsUnsupported() const { return code_ == Code::kUnsupported; }
  bool IsPermissionDenied() const { return code_ == Code::kPermissionDenied; }
  bool IsDeadlineExceeded() const { return code_ == Code::kDeadlineExceeded; }

  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK" or "<code name>: <message>".
  std::string ToString() const;

  // Stable lower-case name of a code ("conflict", "no_space", ...), used in
  // logs and as the suffix of problem+json types.
  static const char* CodeName(Code code);

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  // REQUIRES: !status.ok()
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(implicit)
  Result(T value) : data_(std::move(value)) {}         // NOLINT(implicit)

  bool ok() const { return std::holds_alternative<T>(data_); }

  // The error, or OK when a value is held.
  Status status() const { return ok() ? Status::OK() : std::get<Status>(data_); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Status, T> data_;
};

}  // namespace rexian
