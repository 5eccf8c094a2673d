// ScriptedAmiServer: accept loop, login and listing answers, transcript replay.
#include "scripted_ami_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "phone/ami_message.h"

namespace rexian::phone::testing {
namespace {

bool SendAll(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// The CoreShowChannel events of a listing, each tagged with the action's id.
std::string Listing(const std::string& channels, const std::string& action_id) {
  std::string out = "Response: Success\r\nActionID: " + action_id +
                    "\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n";
  int count = 0;
  std::istringstream in(channels);
  std::string line;
  bool open = false;
  while (std::getline(in, line)) {
    if (line.empty()) {
      if (open) out += "\r\n";
      open = false;
      continue;
    }
    out += line + "\r\n";
    if (!open && line.rfind("Event:", 0) == 0) {
      out += "ActionID: " + action_id + "\r\n";
      ++count;
    }
    open = true;
  }
  if (open) out += "\r\n";
  return out + "Event: CoreShowChannelsComplete\r\nActionID: " + action_id +
         "\r\nEventList: Complete\r\nListItems: " + std::to_string(count) + "\r\n\r\n";
}

}  // namespace

ScriptedAmiServer::ScriptedAmiServer(std::string username, std::string secret)
    : username_(std::move(username)), secret_(std::move(secret)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int yes = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::listen(listen_fd_, 4);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Run(); });
}

ScriptedAmiServer::~ScriptedAmiServer() {
  stopping_ = true;
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  ::close(listen_fd_);
}

void ScriptedAmiServer::Play(const std::string& transcript) {
  std::lock_guard lock(mu_);
  std::istringstream in(transcript);
  std::string line;
  std::string pending;
  auto flush = [&] {
    if (!pending.empty()) steps_.push_back(Step{Step::kSend, pending, 0});
    pending.clear();
  };
  bool in_channels = false;
  std::string channels;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0 || line == "##") continue;
    if (line.rfind("#! ", 0) == 0) {
      const std::string directive = line.substr(3);
      if (directive == "channels") {
        in_channels = true;
        channels.clear();
      } else if (directive == "end") {
        in_channels = false;
        flush();
        steps_.push_back(Step{Step::kChannels, channels, 0});
      } else if (directive == "drop") {
        flush();
        steps_.push_back(Step{Step::kDrop, "", 0});
      } else if (directive.rfind("pause ", 0) == 0) {
        flush();
        steps_.push_back(Step{Step::kPause, "", std::stoi(directive.substr(6))});
      }
      continue;
    }
    if (in_channels) {
      channels += line + "\n";
    } else {
      pending += line + "\r\n";
    }
  }
  flush();
  changed_.notify_all();
}

void ScriptedAmiServer::PlayFile(const std::string& name) {
  std::ifstream file(std::string(REXIAN_SOURCE_DIR) + "/tests/plugins/phone/transcripts/" + name);
  std::stringstream text;
  text << file.rdbuf();
  Play(text.str());
}

bool ScriptedAmiServer::Drained() const {
  std::lock_guard lock(mu_);
  return connected_ && next_ == steps_.size();
}

bool ScriptedAmiServer::WaitDrained(int timeout_ms) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                           [this] { return connected_ && next_ == steps_.size(); });
}

void ScriptedAmiServer::DropNow() { ++drop_now_; }

std::vector<std::string> ScriptedAmiServer::actions() const {
  std::lock_guard lock(mu_);
  return actions_;
}

void ScriptedAmiServer::Run() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Serve(fd);
    ::close(fd);
    std::lock_guard lock(mu_);
    connected_ = false;
    changed_.notify_all();
  }
}

void ScriptedAmiServer::Serve(int fd) {
  if (!SendAll(fd, "Asterisk Call Manager/7.0.3\r\n")) return;
  AmiReader reader;
  std::vector<AmiMessage> messages;
  bool logged_in = false;
  bool listed = false;
  char buffer[4096];
  const int drops_at_start = drop_now_.load();
  while (!stopping_) {
    // Answer what the client asked.
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10) > 0) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      messages.clear();
      reader.Feed(std::string_view(buffer, static_cast<std::size_t>(n)), &messages);
      for (const AmiMessage& m : messages) {
        const std::string action(m.Get("Action"));
        const std::string id(m.Get("ActionID"));
        {
          std::lock_guard lock(mu_);
          actions_.push_back(action);
        }
        if (action == "Login") {
          if (m.Get("Username") == username_ && m.Get("Secret") == secret_) {
            ++logins_;
            logged_in = true;
            SendAll(fd, "Response: Success\r\nActionID: " + id +
                            "\r\nMessage: Authentication accepted\r\n\r\n");
          } else {
            ++refused_;
            SendAll(fd, "Response: Error\r\nActionID: " + id +
                            "\r\nMessage: Authentication failed\r\n\r\n");
            return;
          }
        } else if (action == "CoreShowChannels" && logged_in) {
          std::string channels;
          {
            std::lock_guard lock(mu_);
            channels = channels_;
          }
          SendAll(fd, Listing(channels, id));
          listed = true;
          std::lock_guard lock(mu_);
          connected_ = true;
          changed_.notify_all();
        } else if (action == "Ping") {
          SendAll(fd, "Response: Success\r\nActionID: " + id + "\r\nPing: Pong\r\n\r\n");
        }
      }
    }
    if (drop_now_.load() != drops_at_start) return;
    if (!listed) continue;
    // Replay the next step.
    Step step;
    {
      std::lock_guard lock(mu_);
      if (next_ == steps_.size()) continue;
      step = steps_[next_++];
      if (step.kind == Step::kChannels) channels_ = step.text;
      changed_.notify_all();
    }
    switch (step.kind) {
      case Step::kSend:
        if (!SendAll(fd, step.text)) return;
        break;
      case Step::kDrop:
        return;
      case Step::kPause:
        std::this_thread::sleep_for(std::chrono::milliseconds(step.millis));
        break;
      case Step::kChannels:
        break;
    }
  }
}

}  // namespace rexian::phone::testing
