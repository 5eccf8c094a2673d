// Subprocess: runs a program (the real rexian binary) for end-to-end tests.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace rexian::testing {

// A child process whose stdout and stderr go to files in `log_dir`. Killed
// on destruction if still running.
class Subprocess {
 public:
  Subprocess(const std::vector<std::string>& argv, const std::string& log_dir,
             const std::string& stdin_file = "")
      : out_path_(log_dir + "/stdout." + std::to_string(counter_++)),
        err_path_(out_path_ + ".err") {
    pid_ = fork();
    if (pid_ == 0) {
      int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int in = open(stdin_file.empty() ? "/dev/null" : stdin_file.c_str(), O_RDONLY);
      dup2(out, 1);
      dup2(err, 2);
      dup2(in, 0);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
  }
  ~Subprocess() {
    if (running()) {
      kill(pid_, SIGKILL);
      Wait(std::chrono::seconds(5));
    }
  }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  bool running() const { return pid_ > 0 && !exited_; }
  void Signal(int sig) { kill(pid_, sig); }

  // Waits up to `timeout`; returns the exit code, 128+signal, or -1 on timeout.
  int Wait(std::chrono::milliseconds timeout) {
    if (exited_) return code_;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int status = 0;
      pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return code_;
      }
      if (std::chrono::steady_clock::now() > deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  std::string out() const { return Slurp(out_path_); }
  std::string err() const { return Slurp(err_path_); }

  static std::string Slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

 private:
  static inline int counter_ = 0;
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int code_ = -1;
};

// Runs a command to completion (bounded) and returns its exit code.
inline int RunToEnd(const std::vector<std::string>& argv, const std::string& log_dir,
                    std::string* out = nullptr, std::string* err = nullptr,
                    const std::string& stdin_file = "") {
  Subprocess p(argv, log_dir, stdin_file);
  int code = p.Wait(std::chrono::seconds(120));
  if (out) *out = p.out();
  if (err) *err = p.err();
  return code;
}

// A TCP port on 127.0.0.1 that was free a moment ago.
inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

}  // namespace rexian::testing
