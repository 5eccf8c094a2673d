// The five commands of one work-order cycle, as HTTP requests, and the checks on their answers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/http_workload.h"

namespace rexian::api_bench {

// The steps of a cycle, in order. A cycle is one ticket's life from intake to
// the citizen's rating, by the three demo users of the shipped configuration.
enum class CommandKind : std::uint8_t { kOpen, kDispatch, kAcknowledge, kResolve, kFollowUp };
inline constexpr int kCommandsPerCycle = 5;

// "open", "dispatch", "acknowledge", "resolve", "follow-up".
std::string_view CommandName(CommandKind kind);
inline CommandKind KindOfStep(int step) { return static_cast<CommandKind>(step); }

// One request of a cycle.
struct CommandRequest {
  CommandKind kind = CommandKind::kOpen;
  std::string target;            // "/v1/tickets" or "/v1/tickets/<id>/<action>"
  std::string token;             // bearer token of the acting user
  std::uint64_t if_match = 0;    // expected ticket version; 0: no If-Match (the open)
  std::string body;              // JSON
  int expected_status = 200;     // 201 for the open
};

// The request for step `step` (0..4) of cycle `cycle`. The open is a tourism
// complaint of citizen `cycle % citizens` with channel message id
// "bench-<cycle>", so every open creates a new ticket; later steps act on
// `ticket_id`, the id the open answered, at If-Match = step.
CommandRequest BuildCommand(int step, std::uint64_t cycle, unsigned citizens,
                            const std::string& ticket_id);

// The request as HTTP/1.1 bytes on a keep-alive connection.
std::string SerializeRequest(const CommandRequest& request);

// Checks an answer: the expected status, the ticket at version step + 1, and
// no duplicate. Sets `ticket_id` from the open's answer. Returns "" when the
// answer is right, else what is wrong.
std::string CheckAnswer(const CommandRequest& request, int status, std::string_view body,
                        std::string* ticket_id);

// The cycles as a load: job i is cycle i, its five commands in order, each
// answer checked by CheckAnswer; any wrong answer is fatal to the run.
class CycleWorkload : public bench::Workload {
 public:
  explicit CycleWorkload(unsigned citizens) : citizens_(citizens) {}
  // The command names, by step.
  std::vector<std::string> KindNames() const override;
  std::unique_ptr<bench::LoadJob> MakeJob(std::uint64_t index) const override;

 private:
  unsigned citizens_;
};

}  // namespace rexian::api_bench
