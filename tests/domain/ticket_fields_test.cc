// Malformed command fields: InvalidArgument naming the command and the field,
// no events, and never a payload the schemas would refuse.
#include "ticket_test_support.h"

namespace rexian::testing {
namespace {

enum class Stage { kNew, kReceived, kDispatched, kAcknowledged, kPending, kFollowedUp };

TicketHistory Build(Stage stage) {
  TicketHistory h;
  if (stage == Stage::kNew) return h;
  h.Do(OpenCommand(), Agent(), T0());
  if (stage == Stage::kReceived) return h;
  h.Do(ClassifyCommand(), Agent(), T0());
  h.Do(DispatchCommand(), Agent(), T0());
  if (stage == Stage::kDispatched) return h;
  h.Do(tk::Acknowledge{}, LeadUser(), T0());
  if (stage == Stage::kAcknowledged) return h;
  if (stage == Stage::kPending) {
    h.Do(tk::RequestExtension{At(hours{100}), "x"}, LeadUser(), T0());
    return h;
  }
  h.Do(tk::Resolve{"r"}, LeadUser(), T0());
  h.Do(FollowUpCommand(tk::Rating::kDissatisfied, false), Agent(), T0());
  return h;
}

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string text;
  for (std::size_t i = 0; i < times; ++i) text += piece;
  return text;
}

struct BadField {
  const char* what;
  Stage stage;
  tk::Actor actor;
  tk::Command command;
  const char* field;  // the message must be "cannot '<command>': <field> ..."
};

template <typename F>
tk::Open OpenWith(F change) {
  tk::Open open = OpenCommand();
  change(open);
  return open;
}

template <typename F>
tk::Dispatch DispatchWith(F change) {
  tk::Dispatch dispatch = DispatchCommand();
  change(dispatch.assignment);
  return dispatch;
}

std::vector<BadField> BadFields() {
  const Time now = T0();
  return {
      {"number too short", Stage::kNew, Agent(), OpenWith([](tk::Open& o) { o.number = "42"; }),
       "number"},
      {"number starting with '-'", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.number = "-3203-2025"; }), "number"},
      {"platform with a space", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.platform_code = "32 03"; }), "platform_code"},
      {"channel in capitals", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.channel = "WeChat"; }), "channel"},
      {"empty text", Stage::kNew, Agent(), OpenWith([](tk::Open& o) { o.text.clear(); }), "text"},
      {"text of 10001 characters", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.text = Repeat("诉", 10001); }), "text"},
      {"text that is not UTF-8", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.text = "bad \xC0\xAF byte"; }), "text"},
      {"text with a UTF-16 surrogate", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.text = "\xED\xA0\x80"; }), "text"},
      {"empty subject", Stage::kNew, Agent(), OpenWith([](tk::Open& o) { o.subject = ""; }),
       "subject"},
      {"phone with letters", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.citizen->phone = "call me"; }), "citizen.phone"},
      {"short OpenID", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.citizen->wechat_openid = "abc"; }), "citizen.wechat_openid"},
      {"e-mail without @", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.citizen->email = "li.example.cn"; }), "citizen.email"},
      {"latitude 91", Stage::kNew, Agent(), OpenWith([](tk::Open& o) {
         o.location = tk::Location{std::nullopt, 91.0, 117.0, std::nullopt};
       }),
       "location.lat"},
      {"empty channel message id", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.contact->channel_message_id.clear(); }),
       "contact.channel_message_id"},
      {"session id with a space", Stage::kNew, Agent(),
       OpenWith([](tk::Open& o) { o.session_id = "mayor online"; }), "session_id"},
      {"21 attachments", Stage::kNew, Agent(), OpenWith([](tk::Open& o) {
         o.attachments.assign(21, tk::Attachment{tk::AttachmentKind::kFile, "ref", std::nullopt});
       }),
       "attachments"},
      {"empty taxonomy code", Stage::kReceived, Agent(),
       tk::Classify{"", "transport", std::nullopt}, "type_code"},
      {"sub-category with '/'", Stage::kReceived, Agent(),
       tk::Classify{"help", "transport", "01/05"}, "subcategory_code"},
      {"empty answer", Stage::kReceived, Agent(), tk::AnswerOnFirstContact{"", std::nullopt},
       "answer"},
      {"lead department code too short", Stage::kDispatched, Agent(),
       tk::Redispatch{[] {
                        tk::Assignment a = StandardAssignment();
                        a.lead_department = "x";
                        return a;
                      }(),
                      std::nullopt},
       "lead_department"},
      {"lead among the assisting departments", Stage::kDispatched, Agent(),
       tk::Redispatch{[] {
                        tk::Assignment a = StandardAssignment();
                        a.assisting_departments = {kAssisting, kLead};
                        return a;
                      }(),
                      std::nullopt},
       "assisting_departments"},
      {"an assisting department twice", Stage::kDispatched, Agent(),
       tk::Redispatch{[] {
                        tk::Assignment a = StandardAssignment();
                        a.assisting_departments = {kAssisting, kStranger, kAssisting};
                        return a;
                      }(),
                      std::nullopt},
       "assisting_departments"},
      {"deadline not after the command", Stage::kDispatched, Agent(),
       tk::Redispatch{[&] {
                        tk::Assignment a = StandardAssignment();
                        a.deadline = now;
                        a.acknowledge_deadline.reset();
                        return a;
                      }(),
                      std::nullopt},
       "deadline"},
      {"acknowledgement after resolution deadline", Stage::kDispatched, Agent(),
       tk::Redispatch{[] {
                        tk::Assignment a = StandardAssignment();
                        a.acknowledge_deadline = Deadline() + seconds{1};
                        return a;
                      }(),
                      std::nullopt},
       "acknowledge_deadline"},
      {"deadline beyond the year 9999", Stage::kDispatched, Agent(),
       tk::Redispatch{[] {
                        tk::Assignment a = StandardAssignment();
                        a.deadline = std::chrono::sys_days{std::chrono::year{10000} / 1 / 1};
                        return a;
                      }(),
                      std::nullopt},
       "deadline"},
      {"contact received before the year 0001", Stage::kNew, Agent(), OpenWith([](tk::Open& o) {
         o.contact->received_at = std::chrono::sys_days{std::chrono::year{0} / 6 / 1};
       }),
       "contact.received_at"},
      {"SLA policy id with a space", Stage::kDispatched, Agent(),
       tk::Redispatch{[] {
                        tk::Assignment a = StandardAssignment();
                        a.sla_policy_id = "five days";
                        return a;
                      }(),
                      std::nullopt},
       "sla_policy_id"},
      {"empty return reason", Stage::kDispatched, LeadUser(), tk::Return{"", std::nullopt},
       "reason"},
      {"progress note of 5001 characters", Stage::kDispatched, LeadUser(),
       tk::AddProgressNote{Repeat("a", 5001)}, "text"},
      {"empty urge note", Stage::kDispatched, Agent(), tk::Urge{""}, "note"},
      {"empty reply", Stage::kAcknowledged, LeadUser(), tk::Resolve{""}, "reply"},
      {"extension without a reason", Stage::kAcknowledged, LeadUser(),
       tk::RequestExtension{At(hours{100}), ""}, "reason"},
      {"refusal without a reason", Stage::kPending, Supervisor(), tk::RefuseExtension{""},
       "reason"},
      {"approval note too long", Stage::kPending, Supervisor(),
       tk::ApproveExtension{At(hours{100}), Repeat("注", 2001)}, "note"},
      {"reopen without a reason", Stage::kFollowedUp, Agent(),
       tk::Reopen{"", At(hours{100}), std::nullopt, "p"}, "reason"},
      {"reopen deadline in the past", Stage::kFollowedUp, Agent(),
       tk::Reopen{"r", now - hours{1}, std::nullopt, "p"}, "deadline"},
      {"merge target with a space", Stage::kReceived, Agent(),
       tk::MergeInto{"3203 2025", std::nullopt}, "target_number"},
  };
}

TEST_CASE("malformed fields are refused with the field named and no events", "[domain][ticket]") {
  for (const BadField& bad : BadFields()) {
    INFO(bad.what);
    const TicketHistory h = Build(bad.stage);
    auto result = DecideChecked(h.state(), bad.command, Context(bad.actor, T0()));
    REQUIRE(result.status().IsInvalidArgument());
    const std::string prefix =
        "cannot '" + std::string(tk::CommandName(bad.command)) + "': " + bad.field + " ";
    CHECK(result.status().message().substr(0, prefix.size()) == prefix);
    // Values are never quoted: they may be personal data.
    CHECK(result.status().message().find("call me") == std::string::npos);
  }
}

TEST_CASE("lengths count characters, not bytes", "[domain][ticket]") {
  tk::Open open = OpenCommand();
  open.text = Repeat("诉", 10000);  // 30000 bytes
  open.subject = Repeat("😀", 200);  // 800 bytes, 200 code points
  auto result = DecideChecked(tk::TicketState{}, open, Context(Agent(), T0()));
  INFO(result.status().ToString());
  CHECK(result.ok());
}

TEST_CASE("a time offset of a day or more is refused", "[domain][ticket]") {
  const tk::CommandContext context{Agent(), T0(), hours{24}};
  auto result = tk::Decide(tk::TicketState{}, OpenCommand(), context);
  REQUIRE(result.status().IsInvalidArgument());
  CHECK(result.status().message().find("utc_offset") != std::string::npos);
}

}  // namespace
}  // namespace rexian::testing
