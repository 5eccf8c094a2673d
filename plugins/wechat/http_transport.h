// Blocking HTTP(S) calls to the WeChat API, over libcurl.
#pragma once

#include <chrono>
#include <string>

#include "wechat/expected.h"

namespace rexian::wechat {

// What an HTTP server answered.
struct HttpReply {
  long status = 0;
  std::string body;
};

// GET `url`, giving up after `timeout`. Fails (naming why) when no answer
// came: connection refused, timeout, TLS failure. Blocks the calling
// thread: only for plugin threads and deliver(), never host I/O threads.
// Thread-safe (one curl handle per call).
Expected<HttpReply> HttpGet(const std::string& url, std::chrono::milliseconds timeout);

// POST `body` as application/json to `url`, as HttpGet.
Expected<HttpReply> HttpPostJson(const std::string& url, const std::string& body,
                                 std::chrono::milliseconds timeout);

// `text` percent-encoded for a URL query value.
std::string QueryEscape(const std::string& text);

}  // namespace rexian::wechat
