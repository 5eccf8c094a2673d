// Expected<T>: a value or a message naming what was wrong, for the plugins'
// own functions (a plugin links no rexian library, so rexian::Result is not
// available to it; this is the one the plugins share).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace rexian::plugin_kit {

// The error side of an Expected: a human-readable reason, shown to the
// operator as it is (it names the option, member or step that failed).
struct Failure {
  std::string message;
};

// The value of an Expected that carries none: Expected<Done>.
struct Done {};

// Either a T or a Failure. Converts implicitly from both, so a function
// returning Expected<T> can `return value;` or `return Failure{"..."};`.
template <typename T>
class Expected {
 public:
  Expected(T value) : data_(std::move(value)) {}            // NOLINT(implicit)
  Expected(Failure failure) : data_(std::move(failure)) {}  // NOLINT(implicit)

  // True when the Expected holds a value.
  bool ok() const { return std::holds_alternative<T>(data_); }
  // The reason. REQUIRES: !ok()
  const std::string& error() const { return std::get<Failure>(data_).message; }

  // The value. REQUIRES: ok()
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

}  // namespace rexian::plugin_kit
