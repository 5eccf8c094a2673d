// Reading CPU times, resident memory and load averages from getrusage and /proc.
#include "common/process_counters.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace rexian::bench {
namespace {

// utime + stime in seconds and comm of one /proc/.../stat file.
Status ReadStat(const std::string& path, double* seconds, std::string* name) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return Status::NotFound("cannot read " + path);
  // comm is in parentheses and may hold spaces; fields resume after the last ')'.
  const std::size_t open = line.find('('), close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    return Status::Corruption(path + ": unexpected format");
  }
  if (name != nullptr) *name = line.substr(open + 1, close - open - 1);
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // field numbers as in proc(5)
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  *seconds = static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  return Status::OK();
}

}  // namespace

double SelfCpuSeconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

Result<double> ProcessCpuSeconds(pid_t pid) {
  double seconds = 0;
  Status s = ReadStat("/proc/" + std::to_string(pid) + "/stat", &seconds, nullptr);
  if (!s.ok()) return s;
  return seconds;
}

std::vector<ThreadCpu> ThreadCpuSeconds(pid_t pid) {
  std::vector<ThreadCpu> out;
  std::error_code ec;
  const std::string dir = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    ThreadCpu t;
    t.tid = static_cast<pid_t>(std::stol(entry.path().filename().string()));
    if (ReadStat(entry.path().string() + "/stat", &t.seconds, &t.name).ok()) out.push_back(t);
  }
  return out;
}

std::vector<ThreadCpu> ThreadCpuDeltas(const std::vector<ThreadCpu>& before,
                                       const std::vector<ThreadCpu>& after) {
  std::map<pid_t, double> start;
  for (const ThreadCpu& t : before) start[t.tid] = t.seconds;
  std::vector<ThreadCpu> out;
  for (ThreadCpu t : after) {
    auto it = start.find(t.tid);
    if (it != start.end()) t.seconds -= it->second;
    out.push_back(t);
  }
  std::sort(out.begin(), out.end(),
            [](const ThreadCpu& a, const ThreadCpu& b) { return a.seconds > b.seconds; });
  return out;
}

Result<ResidentMemory> ProcessResidentMemory(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/status";
  std::ifstream status(path);
  if (!status) return Status::NotFound("cannot read " + path);
  ResidentMemory out;
  std::string key;
  std::uint64_t kib = 0;
  while (status >> key) {
    if (key == "VmRSS:" && status >> kib) out.rss_bytes = kib * 1024;
    if (key == "VmHWM:" && status >> kib) out.peak_bytes = kib * 1024;
  }
  return out;
}

std::string LoadAverages() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

unsigned OnlineCpus() {
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1;
}

}  // namespace rexian::bench
