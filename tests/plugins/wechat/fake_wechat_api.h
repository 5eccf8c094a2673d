// A loopback stand-in for the two WeChat API endpoints the plugin calls
// (GET /cgi-bin/token, POST /cgi-bin/message/custom/send), as documented by
// Tencent: the one stand-in the project allows, since Tencent's servers
// cannot be reached from tests. One thread, one request per connection.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rexian::wechat::testing {

// One customer-service message the fake accepted.
struct SentMessage {
  std::string touser;
  std::string content;
};

class FakeWechatApi {
 public:
  FakeWechatApi() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listener_, 64);
    socklen_t len = sizeof addr;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeWechatApi() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<SentMessage> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  int token_fetches() const { return token_fetches_; }
  // The next send is answered errcode 42001 (access token expired).
  void ExpireTokenOnce() { expire_once_ = true; }

  // Waits up to `timeout` for a message to `touser` containing `needle`.
  bool WaitForMessage(const std::string& touser, const std::string& needle,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      for (const SentMessage& m : sent()) {
        if (m.touser == touser && m.content.find(needle) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      timeval tv{2, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      std::string request = Read(fd);
      std::string body = Answer(request);
      std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
      ::close(fd);
    }
  }

  static std::string Read(int fd) {
    std::string data;
    char buffer[4096];
    for (;;) {
      std::size_t head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        std::size_t length = 0;
        std::size_t cl = data.find("Content-Length:");
        if (cl == std::string::npos) cl = data.find("content-length:");
        if (cl != std::string::npos && cl < head_end) length = std::stoul(data.substr(cl + 15));
        if (data.size() >= head_end + 4 + length) return data;
      }
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return data;
      data.append(buffer, static_cast<std::size_t>(n));
    }
  }

  std::string Answer(const std::string& request) {
    const std::size_t line_end = request.find("\r\n");
    const std::string line = request.substr(0, line_end);
    const std::string body = request.substr(std::min(request.size(), request.find("\r\n\r\n") + 4));
    if (line.find("GET /cgi-bin/token?grant_type=client_credential&appid=") == 0 &&
        line.find("&secret=") != std::string::npos) {
      ++token_fetches_;
      std::lock_guard lock(mutex_);
      token_ = "ACCESS_TOKEN_" + std::to_string(token_fetches_.load());
      return R"({"access_token":")" + token_ + R"(","expires_in":7200})";
    }
    if (line.find("POST /cgi-bin/message/custom/send?access_token=") == 0) {
      std::lock_guard lock(mutex_);
      const std::string given = line.substr(47, line.find(' ', 47) - 47);
      if (expire_once_.exchange(false)) return R"({"errcode":42001,"errmsg":"access_token expired"})";
      if (given != token_) return R"({"errcode":40001,"errmsg":"invalid credential"})";
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(body, ec);
      if (ec || !v.is_object()) return R"({"errcode":44002,"errmsg":"empty post data"})";
      const auto& o = v.as_object();
      if (!o.contains("touser") || !o.contains("text")) return R"({"errcode":40008,"errmsg":"invalid message type"})";
      sent_.push_back({std::string(o.at("touser").as_string()),
                       std::string(o.at("text").at("content").as_string())});
      return R"({"errcode":0,"errmsg":"ok"})";
    }
    return R"({"errcode":40013,"errmsg":"invalid request"})";
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> expire_once_{false};
  std::atomic<int> token_fetches_{0};
  std::mutex mutex_;
  std::string token_;
  std::vector<SentMessage> sent_;
  std::thread thread_;
};

}  // namespace rexian::wechat::testing
