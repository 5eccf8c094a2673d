// Whole ticket lives: classification, answer on first contact, merge,
// follow-up, reopen and close, and Evolve as a total, replayable fold.
#include "ticket_test_support.h"

namespace rexian::testing {
namespace {

TicketHistory ResolvedTicket() {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  h.Do(ClassifyCommand(), Agent(), T0());
  h.Do(DispatchCommand(), Agent(), T0());
  h.Do(tk::Acknowledge{}, LeadUser(), At(hours{1}));
  h.Do(tk::Resolve{"已责令公示收费标准"}, LeadUser(), At(hours{30}));
  return h;
}

TEST_CASE("reclassification records the classification it replaces", "[domain][ticket]") {
  TicketHistory h;
  tk::Open open = OpenCommand();
  open.classification = tk::Classification{"complaint", "transport", std::nullopt};
  h.Do(open, Agent(), T0());
  CHECK(h.state().status == tk::TicketStatus::kClassified);
  CHECK(h.log()[0].payload.at("classification").at("type") == "complaint");

  CHECK(h.Do(tk::Classify{"help", "livelihood", "medical_insurance"}, Agent(), At(hours{1})) ==
        std::vector<std::string>{"ticket.classified"});
  const auto& payload = h.log().back().payload;
  CHECK(payload.at("type") == "help");
  CHECK(payload.at("subcategory") == "medical_insurance");
  CHECK(payload.at("previous") ==
        boost::json::object{{"type", "complaint"}, {"domain", "transport"}});
  CHECK(h.state().classification ==
        tk::Classification{"help", "livelihood", std::string("medical_insurance")});

  // The same classification again changes nothing.
  CHECK(
      h.Do(tk::Classify{"help", "livelihood", "medical_insurance"}, Agent(), At(hours{2})).empty());
  // A first classification has no "previous".
  TicketHistory fresh;
  fresh.Do(OpenCommand(), Agent(), T0());
  fresh.Do(ClassifyCommand(), Agent(), T0());
  CHECK_FALSE(fresh.log().back().payload.contains("previous"));
}

TEST_CASE("answered on first contact, then closed as answered", "[domain][ticket]") {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  h.Do(tk::AnswerOnFirstContact{"公积金提取可通过徐州公积金APP办理", "kb-hpf-007"}, Agent(),
       At(hours{0}));
  CHECK(h.state().answered_at == T0());
  auto dispatch = h.Try(DispatchCommand(), Agent(), At(hours{1}));
  REQUIRE(dispatch.status().IsConflict());
  h.Do(tk::Close{}, Agent(), At(hours{1}));
  CHECK(h.log().back().payload == boost::json::object{{"outcome", "answered"}});
  CHECK(h.state().closed_outcome == "answered");
  CHECK(h.state().closed_at == At(hours{1}));
}

TEST_CASE("dispatch needs a type and a domain", "[domain][ticket]") {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  auto result = h.Try(DispatchCommand(), Agent(), T0());
  REQUIRE(result.status().IsConflict());
  CHECK(result.status().message() ==
        "ticket 3203-2025-000042 is 'received': cannot 'dispatch' before it is classified with a "
        "type and a domain");
}

TEST_CASE("a repeated request is merged into the open one and then frozen", "[domain][ticket]") {
  TicketHistory h;
  h.Do(OpenCommand(), Agent(), T0());
  auto self = h.Try(tk::MergeInto{kNumber, std::nullopt}, Agent(), At(hours{1}));
  REQUIRE(self.status().IsInvalidArgument());
  CHECK(self.status().message() ==
        "cannot 'merge_into': target_number must differ from the ticket's own number");

  h.Do(tk::MergeInto{kOtherNumber, "同一停车场同一问题"}, Agent(), At(hours{1}));
  CHECK(h.state().status == tk::TicketStatus::kMerged);
  CHECK(h.state().merged_into == kOtherNumber);
  auto after = h.Try(ClassifyCommand(), Agent(), At(hours{2}));
  REQUIRE(after.status().IsConflict());
  CHECK(after.status().message() ==
        "ticket 3203-2025-000042 is 'merged': cannot 'classify' after it was merged into "
        "3203-2025-000007");
}

TEST_CASE("dissatisfied: reopen, resolve again, rate again", "[domain][ticket]") {
  TicketHistory h = ResolvedTicket();
  CHECK(h.state().on_time == true);
  h.Do(FollowUpCommand(tk::Rating::kDissatisfied, false), Agent(), At(hours{40}));
  auto twice = h.Try(FollowUpCommand(tk::Rating::kSatisfied, true), Agent(), At(hours{41}));
  REQUIRE(twice.status().IsConflict());
  CHECK(twice.status().message() ==
        "ticket 3203-2025-000042 is 'followed_up': cannot 'record_follow_up' twice: this "
        "resolution was already rated");

  CHECK(h.Do(ReopenCommand(At(hours{200})), Agent(), At(hours{42})) ==
        std::vector<std::string>{"ticket.reopened", "ticket.redispatched"});
  const auto& reopened = h.log()[h.log().size() - 2].payload;
  CHECK(reopened.at("cause") == "dissatisfied");
  const auto& redispatched = h.log().back().payload;
  CHECK(redispatched.at("dispatch_number") == 2);
  CHECK(redispatched.at("lead_department") == kLead);
  CHECK(redispatched.at("assisting_departments") == boost::json::array{kAssisting});
  CHECK(redispatched.at("deadline") == "2025-03-11T17:00:00+08:00");
  CHECK(redispatched.at("sla_policy") == "reopen-3wd");
  CHECK(redispatched.at("routing_rule") == "tourism-parking");

  const tk::TicketState& s = h.state();
  CHECK(s.status == tk::TicketStatus::kDispatched);
  CHECK(s.reopens == 1);
  CHECK_FALSE(s.resolved_at.has_value());
  CHECK_FALSE(s.on_time.has_value());
  CHECK(s.deadline == At(hours{200}));
  CHECK(s.original_deadline == At(hours{200}));

  h.Do(tk::Acknowledge{}, LeadUser(), At(hours{43}));
  h.Do(tk::Resolve{"已督促景区公示并回访确认"}, LeadUser(), At(hours{201}));  // late this time
  CHECK(h.state().resolutions == 2);
  CHECK(h.state().on_time == false);
  h.Do(FollowUpCommand(tk::Rating::kBasicallySatisfied, true), Agent(), At(hours{210}));
  REQUIRE(h.state().follow_ups.size() == 2);
  CHECK(h.state().follow_ups[0].rating == tk::Rating::kDissatisfied);
  CHECK(h.state().follow_ups[1].rating == tk::Rating::kBasicallySatisfied);
  CHECK(h.state().follow_ups[1].at == At(hours{210}));
  h.Do(tk::Close{"办结归档"}, Agent(), At(hours{211}));
  CHECK(h.state().closed_outcome == "resolved");
  CHECK(h.Replay() == h.state());
}

TEST_CASE("who may reopen depends on the rating", "[domain][ticket]") {
  struct Case {
    tk::Rating rating;
    bool solved;
    const char* cause;
    bool agent_may;
  };
  const Case cases[] = {
      {tk::Rating::kDissatisfied, true, "dissatisfied", true},
      {tk::Rating::kBasicallySatisfied, false, "not_solved", true},
      {tk::Rating::kSatisfied, true, "supervisor", false},
  };
  for (const Case& c : cases) {
    INFO(tk::RatingName(c.rating) << " solved=" << c.solved);
    TicketHistory h = ResolvedTicket();
    h.Do(FollowUpCommand(c.rating, c.solved), Agent(), At(hours{40}));
    auto by_agent = h.Try(ReopenCommand(At(hours{200})), Agent(), At(hours{41}));
    if (c.agent_may) {
      REQUIRE(by_agent.ok());
    } else {
      REQUIRE(by_agent.status().IsPermissionDenied());
      CHECK(by_agent.status().message() ==
            "role 'agent' may not 'reopen' ticket 3203-2025-000042, which the citizen rated "
            "satisfied and solved: only a supervisor may");
      h.Do(ReopenCommand(At(hours{200})), Supervisor(), At(hours{41}));
    }
    CHECK(h.log()[h.log().size() - 2].payload.at("cause") == c.cause);
  }
}

TEST_CASE("resolved tickets close with or without a follow-up", "[domain][ticket]") {
  TicketHistory h = ResolvedTicket();
  SECTION("anonymous: no follow-up") { h.Do(tk::Close{}, Agent(), At(hours{50})); }
  SECTION("after a dissatisfied follow-up the platform may still close") {
    h.Do(FollowUpCommand(tk::Rating::kDissatisfied, true), Agent(), At(hours{40}));
    h.Do(tk::Close{"诉求不合理，已解释"}, Supervisor(), At(hours{50}));
  }
  CHECK(h.state().status == tk::TicketStatus::kClosed);
  CHECK(h.log().back().payload.at("outcome") == "resolved");
  auto reopen = h.Try(ReopenCommand(At(hours{200})), Supervisor(), At(hours{51}));
  REQUIRE(reopen.status().IsConflict());
  CHECK(reopen.status().message() ==
        "ticket 3203-2025-000042 is 'closed': cannot 'reopen' after it was closed");
}

TEST_CASE("an open command with every optional field", "[domain][ticket]") {
  tk::Open open = OpenCommand();
  open.level = tk::Level::kCounty;
  open.platform_code = "320382";
  open.channel = "livestream";
  open.citizen = tk::CitizenContact{"bili-uid-77", "李女士", "+86 138-0000-0000", "oAbC_123-xyz",
                                    "li@example.cn"};
  open.subject = "景区停车收费";
  open.location = tk::Location{"邳州市艾山风景区北门停车场", 34.3, 117.9, "320382"};
  open.urgency = tk::Urgency::kUrgent;
  open.classification = tk::Classification{"complaint", "transport", "0105"};
  open.session_id = "mayor-online:2025-03";
  open.attachments = {{tk::AttachmentKind::kImage, "https://example.cn/a.jpg", "收费牌.jpg"},
                      {tk::AttachmentKind::kVoice, "media-id-123", std::nullopt}};
  TicketHistory h;
  h.Do(open, Integrator(), T0());
  const auto& payload = h.log()[0].payload;
  CHECK(payload.at("level") == "county");
  CHECK(payload.at("urgency") == "urgent");
  CHECK(payload.at("livestream_session") == "mayor-online:2025-03");
  CHECK(payload.at("citizen").as_object().size() == 5);
  CHECK(payload.at("location").at("lat") == 34.3);
  CHECK(payload.at("attachments").as_array().size() == 2);
  CHECK(payload.at("attachments").at(1).as_object().size() == 2);
  const tk::TicketState& s = h.state();
  CHECK(s.number == kNumber);
  CHECK(s.platform_code == "320382");
  CHECK(s.level == tk::Level::kCounty);
  CHECK(s.channel == "livestream");
  CHECK(s.urgency == tk::Urgency::kUrgent);
  CHECK(s.session_id == "mayor-online:2025-03");
  CHECK(s.opened_at == T0());
  CHECK(s.version == 1);

  // An anonymous request with an empty citizen and location writes neither.
  tk::Open anonymous = OpenCommand();
  anonymous.citizen = tk::CitizenContact{};
  anonymous.location = tk::Location{};
  anonymous.contact.reset();
  auto result = DecideChecked(tk::TicketState{}, anonymous, Context(Agent(), T0()));
  REQUIRE(result.ok());
  CHECK_FALSE(result.value()[0].payload.contains("citizen"));
  CHECK_FALSE(result.value()[0].payload.contains("location"));
  CHECK_FALSE(result.value()[0].payload.contains("contact"));
}

TEST_CASE("Evolve is total: unknown types and members are ignored, versions counted",
          "[domain][ticket]") {
  TicketHistory h = ResolvedTicket();
  tk::TicketState state = h.Replay();
  REQUIRE(state == h.state());
  REQUIRE(state.version == h.log().size());

  tk::TicketState before = state;
  tk::Evolve(state, "ticket.escalated_to_province", {{"level", "province"}}, At(hours{31}));
  tk::Evolve(state, "alert.raised", {}, At(hours{31}));
  CHECK(state.version == before.version + 2);
  state.version = before.version;
  CHECK(state == before);

  // A newer writer's extra member is ignored; a second ticket.opened too.
  tk::Evolve(state, "ticket.followed_up",
             {{"rating", "satisfied"}, {"solved", true}, {"channel_score", 5}}, At(hours{32}));
  CHECK(state.follow_ups.size() == 1);
  tk::Evolve(state, "ticket.opened", {{"number", "other"}}, At(hours{33}));
  CHECK(state.number == kNumber);

  // Missing members leave fields as they were instead of failing.
  tk::TicketState sparse;
  for (const char* type :
       {"ticket.opened", "ticket.classified", "ticket.dispatched", "ticket.acknowledged",
        "ticket.extension_requested", "ticket.extension_approved", "ticket.resolved",
        "ticket.followed_up", "ticket.deadline_warning", "ticket.overdue", "ticket.merged"}) {
    tk::Evolve(sparse, type, {}, T0());
  }
  CHECK(sparse.version == 11);
  CHECK(sparse.status == tk::TicketStatus::kMerged);
  CHECK(sparse.dispatch_number == 1);
  CHECK_FALSE(sparse.deadline.has_value());
  CHECK_FALSE(sparse.on_time.has_value());
  CHECK(sparse.follow_ups.empty());
}

TEST_CASE("actors are recorded with the metadata's role names", "[domain][ticket]") {
  CHECK(tk::ActorRoleName(Watcher()) == "system");
  CHECK(Watcher().user == "deadline-watcher");
  CHECK(tk::ActorRoleName(LeadUser()) == "department");
  CHECK(tk::ActorRoleName(Integrator()) == "integrator");
}

}  // namespace
}  // namespace rexian::testing
