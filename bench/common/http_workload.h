// Workload and LoadJob: what a load generator sends, as chains of HTTP requests, and how answers are judged.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rexian::bench {

// One HTTP request of a load, as the bytes a keep-alive connection sends.
struct LoadRequest {
  int kind = 0;       // index into Workload::KindNames(): the latency series it counts in
  std::string what;   // "POST /web/requests": names it in error messages
  std::string bytes;  // the whole HTTP/1.1 request (HttpRequestBytes)
};

// How an answer counts.
enum class Verdict : std::uint8_t {
  kAccepted,  // as expected: its latency is recorded and the job goes on
  kRefused,   // a well-formed answer the job did not want (a 429, a 503, ...):
              // counted by status, the job ends, the run goes on
  kFatal,     // the benchmark itself is wrong (a malformed answer, a broken
              // chain): the run stops with `message`
};
struct AnswerCheck {
  Verdict verdict = Verdict::kAccepted;
  std::string message;  // what was wrong; "" when accepted
};

// One unit of work of a connection: a chain of requests, each sent once the
// previous one's answer has arrived (no pipelining). Used by one thread at a
// time.
class LoadJob {
 public:
  virtual ~LoadJob() = default;
  // The next request; nullopt when the job is complete. The first call gives
  // its first request, later calls follow an accepted answer.
  virtual std::optional<LoadRequest> Next() = 0;
  // Judges the answer to the request Next() returned last.
  virtual AnswerCheck Check(int status, std::string_view body) = 0;
};

// A kind of load: the jobs it consists of, numbered 0, 1, 2, ... in the order
// connections start them.
class Workload {
 public:
  virtual ~Workload() = default;
  // Names of the latency series, by LoadRequest::kind.
  virtual std::vector<std::string> KindNames() const = 0;
  // Job number `index`. Thread-safe: the threaded generator calls it from
  // every connection's thread.
  virtual std::unique_ptr<LoadJob> MakeJob(std::uint64_t index) const = 0;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// An HTTP/1.1 request with Host: 127.0.0.1, `headers`, and Content-Length
// when there is a body or the method is POST.
std::string HttpRequestBytes(std::string_view method, std::string_view target,
                             const HeaderList& headers, std::string_view body);

}  // namespace rexian::bench
