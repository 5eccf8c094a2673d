// ScriptedAmiServer: a test-only Asterisk Manager Interface on 127.0.0.1 that
// replays a transcript (transcripts/*.txt) to the client that logs in.
//
// Transcript format: lines are sent as written, each ended with "\r\n"
// (blank lines end messages, as in AMI). Lines starting with "## " are
// comments. Directives start with "#! ":
//   #! drop             close the connection here; the rest is replayed on
//                       the next connection, after its login and listing
//   #! pause <ms>       wait before sending on
//   #! channels ... #! end   the CoreShowChannel events (blank-line
//                       separated) that answer the next CoreShowChannels
// Every connection gets the banner, a login answer (success when the secret
// matches) and the current channel listing before the replay goes on.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rexian::phone::testing {

class ScriptedAmiServer {
 public:
  // Listens on 127.0.0.1 (an ephemeral port) for `username` / `secret`.
  ScriptedAmiServer(std::string username, std::string secret);
  ~ScriptedAmiServer();  // stops

  // Appends a transcript's steps (text as in a transcript file).
  void Play(const std::string& transcript);
  // Reads transcripts/<name> from the source tree and plays it.
  void PlayFile(const std::string& name);

  std::uint16_t port() const { return port_; }
  // Logins accepted so far.
  int logins() const { return logins_.load(); }
  // Logins refused (bad secret) so far.
  int refused() const { return refused_.load(); }
  // True once every step played so far was sent (and the client is still connected).
  bool Drained() const;
  // Waits until Drained() or the timeout; false on timeout.
  bool WaitDrained(int timeout_ms) const;
  // Closes the current connection now (a network failure).
  void DropNow();
  // The actions the client sent, "Action: X" values in order.
  std::vector<std::string> actions() const;

 private:
  struct Step {
    enum Kind { kSend, kDrop, kPause, kChannels } kind;
    std::string text;  // kSend: bytes; kChannels: the events' lines
    int millis = 0;
  };
  void Run();
  void Serve(int fd);

  std::string username_, secret_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> logins_{0};
  std::atomic<int> refused_{0};
  std::atomic<int> drop_now_{0};

  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<Step> steps_;
  std::size_t next_ = 0;  // the next step to play
  std::string channels_;  // the current listing's events
  bool connected_ = false;
  std::vector<std::string> actions_;
};

}  // namespace rexian::phone::testing
