// Department scope: the lead department (主办) acts on a ticket, assisting
// departments (协办) only add progress notes, other departments nothing.
#include "ticket_test_support.h"

namespace rexian::testing {
namespace {

tk::Actor NoDepartmentUser() { return tk::UserActor("orphan-handler", Role::kDepartment, ""); }

TicketHistory DispatchedTicket() {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  h.Do(ClassifyCommand(), Agent(), T0());
  h.Do(DispatchCommand(), Agent(), T0());
  return h;
}

struct ScopeCase {
  const char* who;
  tk::Actor actor;
  bool allowed;
};

std::vector<ScopeCase> LeadOnly() {
  return {{"lead", LeadUser(), true},
          {"assisting", AssistingUser(), false},
          {"stranger", StrangerUser(), false},
          {"department user without department", NoDepartmentUser(), false}};
}

void CheckScope(const TicketHistory& h, const tk::Command& command,
                const std::vector<ScopeCase>& cases, const std::string& denial) {
  const std::string name(tk::CommandName(command));
  for (const ScopeCase& c : cases) {
    INFO(name << " by " << c.who);
    auto result = DecideChecked(h.state(), command, Context(c.actor, At(hours{2})));
    if (c.allowed) {
      INFO(result.status().ToString());
      CHECK(result.ok());
    } else {
      REQUIRE(result.status().IsPermissionDenied());
      CHECK(result.status().message().find(denial + " of ticket 3203-2025-000042: cannot '" + name +
                                           "'") != std::string::npos);
    }
  }
}

TEST_CASE("only the lead department acknowledges, returns, resolves and asks for more time",
          "[domain][ticket]") {
  TicketHistory h = DispatchedTicket();
  const std::string lead = "is not the lead department (3203-019)";
  CheckScope(h, tk::Acknowledge{}, LeadOnly(), lead);
  CheckScope(h, tk::Return{"不属于本单位", std::nullopt}, LeadOnly(), lead);
  h.Do(tk::Acknowledge{}, LeadUser(), At(hours{1}));
  CheckScope(h, tk::Resolve{"已办结"}, LeadOnly(), lead);
  CheckScope(h, tk::RequestExtension{At(hours{100}), "需要更多时间"}, LeadOnly(), lead);

  auto stranger = h.Try(tk::Resolve{"x"}, StrangerUser(), At(hours{2}));
  CHECK(stranger.status().message() ==
        "department 3203-003 is not the lead department (3203-019) of ticket 3203-2025-000042: "
        "cannot 'resolve'");
}

TEST_CASE("assisting departments and the platform add progress notes", "[domain][ticket]") {
  TicketHistory h = DispatchedTicket();
  CheckScope(h, tk::AddProgressNote{"已派员现场查看"},
             {{"lead", LeadUser(), true},
              {"assisting", AssistingUser(), true},
              {"stranger", StrangerUser(), false},
              {"department user without department", NoDepartmentUser(), false}},
             "is not the lead or an assisting department");

  h.Do(tk::AddProgressNote{"公安已到场"}, AssistingUser(), At(hours{1}));
  CHECK(h.log().back().payload.at("department") == kAssisting);
  h.Do(tk::AddProgressNote{"平台已电话联系景区"}, Agent(), At(hours{1}));
  CHECK_FALSE(h.log().back().payload.contains("department"));
  CHECK(h.state().progress_notes == 2);
}

TEST_CASE("after a re-dispatch the former lead department has no say", "[domain][ticket]") {
  TicketHistory h = DispatchedTicket();
  h.Do(tk::Return{"应由市场监管部门办理", tk::ReturnReason::kNotOurRemit}, LeadUser(),
       At(hours{1}));
  CHECK(h.state().returns == 1);
  tk::Assignment market = StandardAssignment();
  market.lead_department = kOtherLead;
  market.assisting_departments = {};
  h.Do(tk::Redispatch{market, "改派市场监管局"}, Agent(), At(hours{2}));
  CHECK(h.state().lead_department == kOtherLead);
  CHECK(h.state().assisting_departments.empty());
  CHECK(h.state().dispatch_number == 2);

  auto former = h.Try(tk::Acknowledge{}, LeadUser(), At(hours{3}));
  REQUIRE(former.status().IsPermissionDenied());
  auto former_assisting = h.Try(tk::AddProgressNote{"x"}, AssistingUser(), At(hours{3}));
  REQUIRE(former_assisting.status().IsPermissionDenied());

  const tk::Actor market_user = tk::UserActor("market-handler", Role::kDepartment, kOtherLead);
  h.Do(tk::Acknowledge{}, market_user, At(hours{3}));
  const auto& acknowledged = h.log().back().payload;
  CHECK(acknowledged.at("dispatch_number") == 2);
  CHECK(acknowledged.at("department") == kOtherLead);
}

}  // namespace
}  // namespace rexian::testing
