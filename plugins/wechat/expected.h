// Expected<T>: a value or a message naming what was wrong, for the plugin's
// own functions (the plugin links no rexian library, so it has its own).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace rexian::wechat {

// The error side of an Expected: a human-readable reason.
struct Failure {
  std::string message;
};

// The value of an Expected that carries none: Expected<Done>.
struct Done {};

template <typename T>
class Expected {
 public:
  Expected(T value) : data_(std::move(value)) {}            // NOLINT(implicit)
  Expected(Failure failure) : data_(std::move(failure)) {}  // NOLINT(implicit)

  bool ok() const { return std::holds_alternative<T>(data_); }
  // REQUIRES: !ok()
  const std::string& error() const { return std::get<Failure>(data_).message; }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<Failure, T> data_;
};

}  // namespace rexian::wechat
