// HttpGet / HttpPostJson: one easy handle per call. curl_global_init runs
// once per process (libcurl documents it as not thread-safe before 7.84;
// call_once keeps it safe on any version).
#include "wechat/http_transport.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace rexian::wechat {
namespace {

std::once_flag g_curl_init;

size_t Collect(char* data, size_t size, size_t count, void* user_data) {
  static_cast<std::string*>(user_data)->append(data, size * count);
  return size * count;
}

Expected<HttpReply> Perform(const std::string& url, const std::string* post_body,
                            std::chrono::milliseconds timeout) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Failure{"curl_easy_init failed"};
  HttpReply reply;
  char error[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = nullptr;
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
  if (post_body != nullptr) {
    headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, post_body->c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(post_body->size()));
  }
  CURLcode code = curl_easy_perform(h);
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    return Failure{std::string("HTTP call failed: ") + (error[0] ? error : curl_easy_strerror(code))};
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

}  // namespace

Expected<HttpReply> HttpGet(const std::string& url, std::chrono::milliseconds timeout) {
  return Perform(url, nullptr, timeout);
}

Expected<HttpReply> HttpPostJson(const std::string& url, const std::string& body,
                                 std::chrono::milliseconds timeout) {
  return Perform(url, &body, timeout);
}

std::string QueryEscape(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

}  // namespace rexian::wechat
