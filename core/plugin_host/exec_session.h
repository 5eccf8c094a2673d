// ExecSession: one child process of an exec plugin, from spawn to reaping.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugin_host/child_process.h"
#include "plugin_host/exec_plugin_options.h"
#include "plugin_host/exec_protocol.h"
#include "plugin_host/json_lines.h"
#include "rexian/config.h"
#include "rexian/status.h"

namespace rexian {

class ExecPluginMetrics;
struct ExecPluginState;

// How a session ended.
struct ExecSessionEnd {
  // Unavailable for a child that ran and ended; the spawn error's code
  // (NotFound, PermissionDenied, IoError) when it never ran.
  Status status;
  std::string reason;  // "child 4242 exited with status 3", "cannot start foo: ..."
  bool was_ready = false;
  std::chrono::steady_clock::duration ready_for{};  // from "ready" to its end
  bool overran_stop = false;                        // it had to be signalled after stop_timeout
};

// Runs one child: sends hello, relays the protocol between the child and the
// ports, enforces the start timeout, the stop sequence (stop message, stdin
// closed, stop_timeout, SIGTERM, kill_grace, SIGKILL) and the delivery
// timeout, and returns once the child is reaped and its output drained.
// Every malformed line is logged (line number and reason) and counted, and
// a malformed submit or query is still answered. Runs on the supervisor
// thread, which must have SIGPIPE blocked (a child closing its stdin then
// costs an EPIPE, not the host).
class ExecSession {
 public:
  // REQUIRES: the references outlive the session; `state` and `metrics` non-null.
  ExecSession(const PluginConfig& config, std::string channel, const ExecPluginOptions& options,
              const ExecPluginPorts& ports, std::shared_ptr<ExecPluginState> state,
              std::shared_ptr<ExecPluginMetrics> metrics, std::uint64_t number);
  ~ExecSession();

  ExecSession(const ExecSession&) = delete;
  ExecSession& operator=(const ExecSession&) = delete;

  // Spawns the child and runs it to its end. Call once.
  ExecSessionEnd Run();

 private:
  using Clock = std::chrono::steady_clock;

  void Step();
  void PullOutbox();
  int PollTimeoutMs(Clock::time_point now);
  void CheckTimers(Clock::time_point now);
  void Flush();
  void ReadStdout();
  void ReadStderr();
  void OnExited();
  void OnBroken(const char* what);
  void CloseOutput();
  bool Finished() const;

  void OnLine(const FramedLine& line);
  void OnMalformed(std::uint64_t line_number, const std::string& reason);
  void AnswerMalformed(const PluginMessage& message);
  void AnswerQuery(const PluginMessage& message);
  void OnReady(const PluginMessage& message, std::uint64_t line_number);
  void OnSubmit(PluginMessage& message);
  void FinishDelivery(const std::string& id, Status status, std::uint64_t line_number);
  void Log(int level, const std::string& message);

  const PluginConfig& config_;
  const std::string channel_;
  const ExecPluginOptions& options_;
  const ExecPluginPorts& ports_;
  const std::shared_ptr<ExecPluginState> state_;
  const std::shared_ptr<ExecPluginMetrics> metrics_;
  const std::uint64_t number_;

  std::unique_ptr<ChildProcess> child_;
  LineFramer stdout_lines_;
  LineFramer stderr_lines_;
  std::vector<char> read_buffer_;
  std::string unwritten_;    // lines for the child's stdin ...
  std::size_t written_ = 0;  // ... of which this many bytes went out

  bool ready_ = false;
  bool stop_sent_ = false;
  bool broken_ = false;  // it closed stdout or stdin while running
  bool term_sent_ = false;
  bool kill_sent_ = false;
  bool exited_ = false;
  bool overran_ = false;
  std::string broken_what_;      // "closed its stdout"
  std::string note_;             // what the host did about it, for the reason
  std::uint64_t malformed_ = 0;  // in this session

  Clock::time_point ready_at_{};
  Clock::time_point exited_at_{};
  Clock::time_point ready_deadline_{};
  Clock::time_point stop_deadline_{};
  Clock::time_point broken_deadline_{};
  Clock::time_point kill_deadline_{};
  Clock::time_point drain_deadline_{};
};

}  // namespace rexian
