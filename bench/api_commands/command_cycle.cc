// Requests and answer checks of the open → dispatch → acknowledge → resolve → follow-up cycle.
#include "command_cycle.h"

#include <charconv>
#include <optional>

namespace rexian::api_bench {
namespace {

// Demo tokens of the shipped configuration (docs/configuration.md).
constexpr const char* kAgent = "rxn_ycGoqTmr04gLs7XeFOLm4AaNOWb9tvsnsCUT5v2DHro";
constexpr const char* kTourism = "rxn_jprMoJDiL9zt-GsXrtqXmMgcOV9VkVr4CMOOeMB-f3c";
constexpr const char* kSupervisor = "rxn_R02Dzs6Fy1tFxFH7BIlnhLGVjfhN4QxixKrhdEa3mKo";

// The raw JSON token after "<name>": in a body the server serialised without
// spaces: a number, true/false, or a string with its quotes. "" if absent.
std::string_view JsonField(std::string_view body, std::string_view name) {
  std::string key(1, '"');
  key.append(name).append("\":");
  std::size_t at = body.find(key);
  if (at == std::string_view::npos) return {};
  std::string_view rest = body.substr(at + key.size());
  std::size_t end = 0;
  if (!rest.empty() && rest[0] == '"') {
    end = rest.find('"', 1);
    return end == std::string_view::npos ? std::string_view{} : rest.substr(0, end + 1);
  }
  while (end < rest.size() && rest[end] != ',' && rest[end] != '}') ++end;
  return rest.substr(0, end);
}

std::string Clip(std::string_view body) {
  return std::string(body.substr(0, 400)) + (body.size() > 400 ? "…" : "");
}

}  // namespace

std::string_view CommandName(CommandKind kind) {
  switch (kind) {
    case CommandKind::kOpen: return "open";
    case CommandKind::kDispatch: return "dispatch";
    case CommandKind::kAcknowledge: return "acknowledge";
    case CommandKind::kResolve: return "resolve";
    case CommandKind::kFollowUp: return "follow-up";
  }
  return "?";
}

CommandRequest BuildCommand(int step, std::uint64_t cycle, unsigned citizens,
                            const std::string& ticket_id) {
  CommandRequest r;
  r.kind = KindOfStep(step);
  r.if_match = static_cast<std::uint64_t>(step);
  const std::string prefix = "/v1/tickets/" + ticket_id + "/";
  switch (r.kind) {
    case CommandKind::kOpen:
      r.target = "/v1/tickets";
      r.token = kAgent;
      r.expected_status = 201;
      // The tests' tourism complaint: routed to the city tourism bureau.
      r.body = R"({"channel":"phone","channel_message_id":"bench-)" + std::to_string(cycle) +
               R"(","citizen":{"id":"bench-citizen-)" + std::to_string(cycle % citizens) +
               R"(","name":"王先生","phone":"13812341234"},)"
               R"("text":"云龙湖景区停车场乱收费，导游强制购物，请文旅部门处理",)"
               R"("location":{"address":"云龙湖景区南门"},)"
               R"("classification":{"type":"complaint","domain":"education_culture_tourism","subcategory":"0901"}})";
      break;
    case CommandKind::kDispatch:
      r.target = prefix + "dispatch";
      r.token = kAgent;
      r.body = "{}";
      break;
    case CommandKind::kAcknowledge:
      r.target = prefix + "acknowledge";
      r.token = kTourism;
      r.body = "{}";
      break;
    case CommandKind::kResolve:
      r.target = prefix + "resolve";
      r.token = kTourism;
      r.body = R"({"reply":"已责令停车场退还多收费用"})";
      break;
    case CommandKind::kFollowUp:
      r.target = prefix + "follow-up";
      r.token = kSupervisor;
      r.body = R"({"rating":"satisfied","solved":true,"comment":"满意"})";
      break;
  }
  return r;
}

std::string SerializeRequest(const CommandRequest& r) {
  bench::HeaderList headers = {{"Authorization", "Bearer " + r.token},
                               {"Content-Type", "application/json"}};
  if (r.if_match != 0) headers.emplace_back("If-Match", '"' + std::to_string(r.if_match) + '"');
  return bench::HttpRequestBytes("POST", r.target, headers, r.body);
}

std::string CheckAnswer(const CommandRequest& r, int status, std::string_view body,
                        std::string* ticket_id) {
  const std::string what = std::string(CommandName(r.kind)) + " " + r.target;
  if (status != r.expected_status) {
    return what + ": HTTP " + std::to_string(status) + " (expected " +
           std::to_string(r.expected_status) + "): " + Clip(body);
  }
  std::string_view version_text = JsonField(body, "version");
  std::uint64_t version = 0;
  auto [end, ec] = std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
  if (ec != std::errc() || version != r.if_match + 1) {
    return what + ": answered version '" + std::string(version_text) + "', expected " +
           std::to_string(r.if_match + 1) + ": " + Clip(body);
  }
  if (JsonField(body, "duplicate") != "false") {
    return what + ": answered as a duplicate (nothing written): " + Clip(body);
  }
  if (r.kind == CommandKind::kOpen) {
    std::string_view id = JsonField(body, "id");
    if (id.size() < 3) return what + ": no ticket id in the answer: " + Clip(body);
    *ticket_id = std::string(id.substr(1, id.size() - 2));
  }
  return {};
}

namespace {

// One cycle: the open, then the four commands on the ticket it opened.
class CycleJob : public bench::LoadJob {
 public:
  CycleJob(std::uint64_t cycle, unsigned citizens) : cycle_(cycle), citizens_(citizens) {}

  std::optional<bench::LoadRequest> Next() override {
    if (step_ >= kCommandsPerCycle) return std::nullopt;
    request_ = BuildCommand(step_, cycle_, citizens_, ticket_id_);
    return bench::LoadRequest{step_, std::string(CommandName(request_.kind)) + " " + request_.target,
                              SerializeRequest(request_)};
  }

  bench::AnswerCheck Check(int status, std::string_view body) override {
    std::string error = CheckAnswer(request_, status, body, &ticket_id_);
    if (!error.empty()) return {bench::Verdict::kFatal, std::move(error)};
    ++step_;
    return {};
  }

 private:
  std::uint64_t cycle_;
  unsigned citizens_;
  int step_ = 0;
  std::string ticket_id_;
  CommandRequest request_;
};

}  // namespace

std::vector<std::string> CycleWorkload::KindNames() const {
  std::vector<std::string> names;
  for (int k = 0; k < kCommandsPerCycle; ++k) names.emplace_back(CommandName(KindOfStep(k)));
  return names;
}

std::unique_ptr<bench::LoadJob> CycleWorkload::MakeJob(std::uint64_t index) const {
  return std::make_unique<CycleJob>(index, citizens_);
}

}  // namespace rexian::api_bench
