// Parsing one HTTP/1.1 answer out of the bytes a connection received so far.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rexian::bench {

// An answer at the start of a receive buffer.
struct HttpAnswer {
  int status = 0;
  std::string_view body;  // points into the buffer
  std::size_t size = 0;   // bytes of the buffer it takes
};

// Parses the answer at the start of `in`. False with `error` empty: not all
// of it has arrived yet. False with `error` set: it is malformed, has no
// Content-Length (the server always sends one) or closes the connection.
bool ParseHttpAnswer(std::string_view in, HttpAnswer* answer, std::string* error);

}  // namespace rexian::bench
