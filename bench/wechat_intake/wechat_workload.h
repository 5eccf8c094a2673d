// The loads of wechat_intake: safe-mode WeChat callbacks, and the same
// requests as core contacts for the baseline.
#pragma once

#include <memory>
#include <string_view>

#include "common/http_workload.h"

namespace rexian::wechat_bench {

enum class Scenario {
  kWechat,    // POST /wechat/bench: encrypted callback, encrypted passive reply (the target)
  kContacts,  // POST /v1/contacts: the same requests as contacts, no plugin in the path
};

// "wechat" / "contacts": the names --scenarios takes.
std::string_view ScenarioName(Scenario scenario);

// The account the benchmark's plugin instance serves (its YAML in main.cc).
inline constexpr const char* kAppId = "wxbench000000001";
inline constexpr const char* kToken = "benchtoken";
inline constexpr const char* kEncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
inline constexpr const char* kPath = "/wechat/bench";

// Job i is one request from a new citizen (OpenID "oBench" + i) with a new
// MsgId, its text one of a few hotline messages.
// - wechat: the message XML is encrypted on the client (random prefix,
//   msg_signature), POSTed with signature/timestamp/nonce; accepted only if
//   the answer is 200 with an encrypted reply whose MsgSignature verifies
//   and which decrypts (for the account's appid) to a reply carrying a new
//   ticket number ("工单号").
// - contacts: the same message as a contact of channel wechat, as the demo
//   integrator; accepted only as 201 with a new ticket.
std::unique_ptr<bench::Workload> MakeWorkload(Scenario scenario);

}  // namespace rexian::wechat_bench
