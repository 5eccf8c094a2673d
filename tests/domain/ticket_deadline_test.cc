// Deadlines of a ticket: on time versus late, extensions, and the deadline
// watcher's exactly-once warnings and overdue marks.
#include "ticket_test_support.h"

namespace rexian::testing {
namespace {

// Opened, classified, dispatched at T0 (deadline T0+72h, acknowledge by
// T0+24h) and acknowledged at T0+1h.
TicketHistory AcknowledgedTicket() {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  h.Do(ClassifyCommand(), Agent(), T0());
  h.Do(DispatchCommand(), Agent(), T0());
  h.Do(tk::Acknowledge{}, LeadUser(), At(hours{1}));
  return h;
}

tk::WarnDeadline Warn(Time deadline) { return {tk::DeadlineStage::kResolution, deadline}; }
tk::MarkOverdue Overdue(Time deadline) { return {tk::DeadlineStage::kResolution, deadline}; }

TEST_CASE("resolved on time or late against the deadline in force", "[domain][ticket]") {
  struct Case {
    const char* name;
    bool extend;  // request and approve an extension to T0+120h
    bool refuse;  // request and refuse it
    Time resolved_at;
    bool on_time;
  };
  const Case cases[] = {
      {"exactly at the original deadline", false, false, Deadline(), true},
      {"one second after the original deadline", false, false, Deadline() + seconds{1}, false},
      {"after the original, before the approved extension", true, false, At(hours{100}), true},
      {"exactly at the approved extension", true, false, At(hours{120}), true},
      {"after the approved extension", true, false, At(hours{121}), false},
      {"after the original when the extension was refused", false, true, At(hours{100}), false},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    TicketHistory h = AcknowledgedTicket();
    if (c.extend || c.refuse) {
      h.Do(tk::RequestExtension{At(hours{120}), "需协调住建部门"}, LeadUser(), At(hours{48}));
      REQUIRE(h.state().pending_extension.has_value());
      CHECK(h.state().pending_extension->department == kLead);
    }
    if (c.extend)
      h.Do(tk::ApproveExtension{At(hours{120}), "同意延期"}, Supervisor(), At(hours{50}));
    if (c.refuse) h.Do(tk::RefuseExtension{"可在时限内办结"}, Supervisor(), At(hours{50}));
    CHECK_FALSE(h.state().pending_extension.has_value());
    CHECK(h.state().original_deadline == Deadline());
    CHECK(h.state().deadline == (c.extend ? At(hours{120}) : Deadline()));
    h.Do(tk::Resolve{"已办结"}, LeadUser(), c.resolved_at);
    CHECK(h.state().resolved_at == c.resolved_at);
    CHECK(h.state().on_time == c.on_time);
    CHECK(h.state().extensions_approved == (c.extend ? 1u : 0u));
    CHECK(h.state().extensions_refused == (c.refuse ? 1u : 0u));
    CHECK(h.Replay() == h.state());
  }
}

TEST_CASE("extension rules", "[domain][ticket]") {
  TicketHistory h = AcknowledgedTicket();

  SECTION("the requested deadline must be later than the deadline in force") {
    auto result = h.Try(tk::RequestExtension{Deadline(), "x"}, LeadUser(), At(hours{2}));
    REQUIRE(result.status().IsInvalidArgument());
    CHECK(result.status().message().find("requested_deadline") != std::string::npos);
  }
  SECTION("only before the deadline in force") {
    auto result = h.Try(tk::RequestExtension{At(hours{120}), "x"}, LeadUser(), Deadline());
    REQUIRE(result.status().IsConflict());
    CHECK(result.status().message() ==
          "ticket 3203-2025-000042 is 'acknowledged': cannot 'request_extension' after its "
          "deadline 2025-03-06T09:00:00+08:00 has passed");
  }
  SECTION("one pending at a time; a second after a decision") {
    h.Do(tk::RequestExtension{At(hours{120}), "x"}, LeadUser(), At(hours{2}));
    auto second = h.Try(tk::RequestExtension{At(hours{130}), "y"}, LeadUser(), At(hours{3}));
    REQUIRE(second.status().IsConflict());
    CHECK(second.status().message().find("another extension request is pending") !=
          std::string::npos);
    h.Do(tk::ApproveExtension{At(hours{110}), std::nullopt}, Supervisor(), At(hours{4}));
    CHECK(h.state().deadline == At(hours{110}));  // the platform may grant less than asked
    h.Do(tk::RequestExtension{At(hours{150}), "z"}, LeadUser(), At(hours{80}));  // before 110h
    CHECK(h.state().extension_requests == 2);
  }
  SECTION("approval must move the deadline later") {
    h.Do(tk::RequestExtension{At(hours{120}), "x"}, LeadUser(), At(hours{2}));
    auto same = h.Try(tk::ApproveExtension{Deadline(), std::nullopt}, Supervisor(), At(hours{3}));
    REQUIRE(same.status().IsInvalidArgument());
    CHECK(same.status().message().find("new_deadline") != std::string::npos);
    REQUIRE(h.state().pending_extension.has_value());  // still pending
  }
  SECTION("approve and refuse need a pending request") {
    for (const tk::Command& command :
         {tk::Command(tk::ApproveExtension{At(hours{120}), std::nullopt}),
          tk::Command(tk::RefuseExtension{"x"})}) {
      auto result = h.Try(command, Supervisor(), At(hours{2}));
      REQUIRE(result.status().IsConflict());
      CHECK(result.status().message().find("without a pending extension request") !=
            std::string::npos);
    }
  }
  SECTION("resolving drops a pending request") {
    h.Do(tk::RequestExtension{At(hours{120}), "x"}, LeadUser(), At(hours{2}));
    h.Do(tk::Resolve{"提前办结"}, LeadUser(), At(hours{3}));
    CHECK_FALSE(h.state().pending_extension.has_value());
    CHECK(h.state().on_time == true);
  }
}

TEST_CASE("the watcher warns and marks overdue exactly once per deadline", "[domain][ticket]") {
  TicketHistory h = AcknowledgedTicket();

  CHECK(h.Do(Warn(Deadline()), Watcher(), At(hours{60})) ==
        std::vector<std::string>{"ticket.deadline_warning"});
  // Repeated, or replayed after a restart: nothing more, and no error.
  CHECK(h.Do(Warn(Deadline()), Watcher(), At(hours{61})).empty());
  CHECK(h.state().resolution_watch.warned == std::vector<Time>{Deadline()});
  const std::size_t events = h.log().size();

  SECTION("overdue once, after the deadline; then a warning for it is moot") {
    auto early = h.Try(Overdue(Deadline()), Watcher(), Deadline());
    REQUIRE(early.status().IsConflict());
    CHECK(early.status().message().find("before deadline") != std::string::npos);
    CHECK(h.Do(Overdue(Deadline()), Watcher(), Deadline() + seconds{1}) ==
          std::vector<std::string>{"ticket.overdue"});
    CHECK(h.Do(Overdue(Deadline()), Watcher(), At(hours{80})).empty());
    CHECK(h.Do(Warn(Deadline()), Watcher(), At(hours{80})).empty());
    CHECK(h.log().size() == events + 1);
    // Late, then resolved: not on time.
    h.Do(tk::Resolve{"已办结"}, LeadUser(), At(hours{90}));
    CHECK(h.state().on_time == false);
  }
  SECTION("after an approved extension the new deadline is warned again") {
    h.Do(tk::RequestExtension{At(hours{120}), "x"}, LeadUser(), At(hours{62}));
    h.Do(tk::ApproveExtension{At(hours{120}), std::nullopt}, Supervisor(), At(hours{63}));
    // The old deadline: a replay yields nothing; it is no longer in force.
    CHECK(h.Do(Warn(Deadline()), Watcher(), At(hours{64})).empty());
    auto stale = h.Try(Overdue(Deadline()), Watcher(), At(hours{73}));
    REQUIRE(stale.status().IsConflict());
    CHECK(stale.status().message().find("the deadline in force is 2025-03-08T09:00:00+08:00") !=
          std::string::npos);
    CHECK(h.Do(Warn(At(hours{120})), Watcher(), At(hours{110})) ==
          std::vector<std::string>{"ticket.deadline_warning"});
    CHECK(h.Do(Warn(At(hours{120})), Watcher(), At(hours{111})).empty());
    CHECK(h.state().resolution_watch.warned == std::vector<Time>{Deadline(), At(hours{120})});
    const auto& warning = h.log().back().payload;
    CHECK(warning.at("stage") == "resolution");
    CHECK(warning.at("department") == kLead);
    CHECK(warning.at("deadline") == "2025-03-08T09:00:00+08:00");
  }
  SECTION("a warning after the deadline passed is refused") {
    h.Do(tk::RequestExtension{At(hours{120}), "x"}, LeadUser(), At(hours{62}));
    h.Do(tk::ApproveExtension{At(hours{120}), std::nullopt}, Supervisor(), At(hours{63}));
    auto late = h.Try(Warn(At(hours{120})), Watcher(), At(hours{120}));
    REQUIRE(late.status().IsConflict());
    CHECK(late.status().message().find("after deadline") != std::string::npos);
  }
  SECTION("nothing to watch once resolved, except repeats") {
    h.Do(tk::Resolve{"已办结"}, LeadUser(), At(hours{65}));
    CHECK(h.Do(Warn(Deadline()), Watcher(), At(hours{66})).empty());
    auto overdue = h.Try(Overdue(Deadline()), Watcher(), At(hours{73}));
    REQUIRE(overdue.status().IsConflict());
    CHECK(overdue.status().message().find("is 'resolved'") != std::string::npos);
  }
}

TEST_CASE("the acknowledgement deadline is watched while the ticket is dispatched",
          "[domain][ticket]") {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  h.Do(ClassifyCommand(), Agent(), T0());
  h.Do(DispatchCommand(), Agent(), T0());
  const tk::WarnDeadline warn{tk::DeadlineStage::kAcknowledgement, AckDeadline()};
  const tk::MarkOverdue overdue{tk::DeadlineStage::kAcknowledgement, AckDeadline()};
  CHECK(h.Do(warn, Watcher(), At(hours{20})) ==
        std::vector<std::string>{"ticket.deadline_warning"});
  CHECK(h.Do(warn, Watcher(), At(hours{21})).empty());
  CHECK(h.Do(overdue, Watcher(), At(hours{25})) == std::vector<std::string>{"ticket.overdue"});
  CHECK(h.log().back().payload.at("stage") == "acknowledgement");
  CHECK(h.state().acknowledgement_watch.overdue == std::vector<Time>{AckDeadline()});
  CHECK(h.state().resolution_watch.warned.empty());

  SECTION("a re-dispatch starts a new watch, even for the same instants") {
    tk::Assignment again = StandardAssignment();
    again.lead_department = kOtherLead;
    h.Do(tk::Redispatch{again, std::nullopt}, Agent(), At(hours{2}));
    CHECK(h.state().dispatch_number == 2);
    CHECK(h.Do(warn, Watcher(), At(hours{20})) ==
          std::vector<std::string>{"ticket.deadline_warning"});
    CHECK(h.log().back().payload.at("department") == kOtherLead);
  }
  SECTION("acknowledged: the acknowledgement deadline no longer runs") {
    h.Do(tk::Acknowledge{}, LeadUser(), At(hours{26}));
    const tk::WarnDeadline other{tk::DeadlineStage::kAcknowledgement, At(hours{30})};
    auto result = h.Try(other, Watcher(), At(hours{27}));
    REQUIRE(result.status().IsConflict());
    CHECK(result.status().message().find("unless it is dispatched") != std::string::npos);
  }
  SECTION("a dispatch without an acknowledgement deadline has none to watch") {
    h.Do(tk::Return{"非本单位职责", std::nullopt}, LeadUser(), At(hours{1}));
    tk::Assignment again = StandardAssignment();
    again.acknowledge_deadline.reset();
    h.Do(tk::Redispatch{again, std::nullopt}, Agent(), At(hours{2}));
    auto result = h.Try(tk::WarnDeadline{tk::DeadlineStage::kAcknowledgement, AckDeadline()},
                        Watcher(), At(hours{3}));
    REQUIRE(result.status().IsConflict());
    CHECK(result.status().message().find("its dispatch did not set") != std::string::npos);
  }
}

TEST_CASE("deadlines are spelled with the context's offset and read back with any",
          "[domain][ticket]") {
  tk::TicketState state;
  tk::Open open = OpenCommand();
  auto opened = DecideChecked(state, open, tk::CommandContext{Agent(), T0(), minutes{0}});
  REQUIRE(opened.ok());
  CHECK(opened.value()[0].payload.at("contact").at("received_at") == "2025-03-03T01:00:00Z");
  tk::Evolve(state, "ticket.opened", opened.value()[0].payload, T0());
  tk::Evolve(state, "ticket.classified",
             boost::json::object{{"type", "help"}, {"domain", "transport"}}, T0());
  REQUIRE(state.status == tk::TicketStatus::kClassified);

  const tk::CommandContext west{Agent(), T0(), -minutes{5 * 60 + 30}};
  auto dispatched = DecideChecked(state, DispatchCommand(), west);
  REQUIRE(dispatched.ok());
  CHECK(dispatched.value()[0].payload.at("deadline") == "2025-03-05T19:30:00-05:30");

  for (const char* spelling : {"2025-03-06T09:00:00+08:00", "2025-03-06T01:00:00Z",
                               "2025-03-06t01:00:00.999z", "2025-03-05T19:30:00-05:30"}) {
    INFO(spelling);
    tk::TicketState copy = state;
    tk::Evolve(copy, "ticket.dispatched",
               boost::json::object{{"dispatch_number", 1},
                                   {"lead_department", kLead},
                                   {"deadline", spelling},
                                   {"sla_policy", "p"}},
               T0());
    CHECK(copy.deadline == Deadline());
  }
}

}  // namespace
}  // namespace rexian::testing
