// The ticket lifecycle as a generated matrix: every command in every
// situation, and every command by every kind of actor (docs/ticket-lifecycle.md).
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "ticket_test_support.h"

namespace rexian::testing {
namespace {

// ---------------------------------------------------------------- situations

// A state reached by running valid commands; `status` is what it must show.
struct Situation {
  std::string_view name;
  tk::TicketStatus status;
  std::function<void(TicketHistory&)> build;
};

Time Step(int minute) { return T0() + minutes{minute}; }

void Received(TicketHistory& h) { h.Do(OpenCommand(), Agent(), Step(0)); }
void Classified(TicketHistory& h) {
  Received(h);
  h.Do(ClassifyCommand(), Agent(), Step(5));
}
void Answered(TicketHistory& h) {
  Received(h);
  h.Do(tk::AnswerOnFirstContact{"医保报销比例请见市医保局官网", "kb-0042"}, Agent(), Step(5));
}
void Dispatched(TicketHistory& h) {
  Classified(h);
  h.Do(DispatchCommand(), Agent(), Step(10));
}
void Acknowledged(TicketHistory& h) {
  Dispatched(h);
  h.Do(tk::Acknowledge{}, LeadUser(), Step(60));
}
void ExtensionPending(TicketHistory& h) {
  Acknowledged(h);
  h.Do(tk::RequestExtension{At(hours{120}), "需要现场核查"}, LeadUser(), Step(120));
}
void Returned(TicketHistory& h) {
  Dispatched(h);
  h.Do(tk::Return{"不属于本单位职责", tk::ReturnReason::kNotOurRemit}, LeadUser(), Step(60));
}
void Resolved(TicketHistory& h) {
  Acknowledged(h);
  h.Do(tk::Resolve{"已责令停车场公示收费标准"}, LeadUser(), Step(180));
}
void FollowedUp(TicketHistory& h) {
  Resolved(h);
  h.Do(FollowUpCommand(tk::Rating::kDissatisfied, false), Agent(), Step(240));
}
void ClosedAfterAnswer(TicketHistory& h) {
  Answered(h);
  h.Do(tk::Close{}, Agent(), Step(20));
}
void ClosedAfterResolution(TicketHistory& h) {
  Resolved(h);
  h.Do(tk::Close{}, Agent(), Step(300));
}
void Merged(TicketHistory& h) {
  Received(h);
  h.Do(tk::MergeInto{kOtherNumber, "重复来电"}, Agent(), Step(5));
}

const std::vector<Situation>& Situations() {
  using S = tk::TicketStatus;
  static const std::vector<Situation> situations = {
      {"new", S::kNew, [](TicketHistory&) {}},
      {"received", S::kReceived, Received},
      {"classified", S::kClassified, Classified},
      {"answered", S::kAnswered, Answered},
      {"dispatched", S::kDispatched, Dispatched},
      {"acknowledged", S::kAcknowledged, Acknowledged},
      {"extension_pending", S::kAcknowledged, ExtensionPending},
      {"returned", S::kReturned, Returned},
      {"resolved", S::kResolved, Resolved},
      {"followed_up", S::kFollowedUp, FollowedUp},
      {"closed_after_answer", S::kClosed, ClosedAfterAnswer},
      {"closed_after_resolution", S::kClosed, ClosedAfterResolution},
      {"merged", S::kMerged, Merged},
  };
  return situations;
}

// ---------------------------------------------------------------- probes

// One valid command, by an actor allowed to issue it, at a sensible time.
struct Probe {
  tk::Command command;
  tk::Actor actor;
  Time at;
};

struct Variant {
  std::string_view label;  // the command name, plus the stage for watcher commands
  std::function<Probe(const tk::TicketState&)> make;
};

const std::vector<Variant>& Variants() {
  const Time now = At(hours{10});
  static const std::vector<Variant> variants = {
      {"open",
       [=](const tk::TicketState&) {
         return Probe{OpenCommand(), Agent(), now};
       }},
      {"classify",
       [=](const tk::TicketState&) {
         return Probe{tk::Classify{"complaint", "transport", "0105"}, Agent(), now};
       }},
      {"answer_on_first_contact",
       [=](const tk::TicketState&) {
         return Probe{tk::AnswerOnFirstContact{"请拨打景区服务电话", std::nullopt}, Agent(), now};
       }},
      {"dispatch",
       [=](const tk::TicketState&) {
         return Probe{DispatchCommand(), Agent(), now};
       }},
      {"acknowledge",
       [=](const tk::TicketState&) {
         return Probe{tk::Acknowledge{}, LeadUser(), now};
       }},
      {"return",
       [=](const tk::TicketState&) {
         return Probe{tk::Return{"地址不在本辖区", tk::ReturnReason::kWrongLocation}, LeadUser(),
                      now};
       }},
      {"redispatch",
       [=](const tk::TicketState&) {
         tk::Assignment assignment = StandardAssignment();
         assignment.lead_department = kOtherLead;
         assignment.deadline = At(hours{96});
         assignment.acknowledge_deadline.reset();
         return Probe{tk::Redispatch{assignment, "改派市场监管局"}, Agent(), now};
       }},
      {"add_progress_note",
       [=](const tk::TicketState&) {
         return Probe{tk::AddProgressNote{"已联系景区"}, LeadUser(), now};
       }},
      {"request_extension",
       [=](const tk::TicketState&) {
         return Probe{tk::RequestExtension{At(hours{120}), "需协调多部门"}, LeadUser(), now};
       }},
      {"approve_extension",
       [=](const tk::TicketState&) {
         return Probe{tk::ApproveExtension{At(hours{120}), std::nullopt}, Supervisor(), now};
       }},
      {"refuse_extension",
       [=](const tk::TicketState&) {
         return Probe{tk::RefuseExtension{"时限内可办结"}, Supervisor(), now};
       }},
      {"urge",
       [=](const tk::TicketState&) {
         return Probe{tk::Urge{"请加快办理"}, Agent(), now};
       }},
      {"supervise",
       [=](const tk::TicketState&) {
         return Probe{tk::Supervise{std::nullopt}, Supervisor(), now};
       }},
      {"resolve",
       [=](const tk::TicketState&) {
         return Probe{tk::Resolve{"已处理完毕"}, LeadUser(), now};
       }},
      {"record_follow_up",
       [=](const tk::TicketState&) {
         return Probe{FollowUpCommand(tk::Rating::kSatisfied, true), Agent(), now};
       }},
      {"reopen",
       [=](const tk::TicketState&) {
         return Probe{ReopenCommand(At(hours{200})), Agent(), now};
       }},
      {"close",
       [=](const tk::TicketState&) {
         return Probe{tk::Close{"归档"}, Agent(), now};
       }},
      {"merge_into",
       [=](const tk::TicketState&) {
         return Probe{tk::MergeInto{kOtherNumber, std::nullopt}, Agent(), now};
       }},
      {"add_contact",
       [=](const tk::TicketState&) {
         return Probe{tk::AddContact{"wechat", tk::ContactReference{"msg-follow-up", now}, std::nullopt,
                                     "补充：问题仍未解决", std::nullopt, {}},
                      Agent(), now};
       }},
      {"warn_deadline(resolution)",
       [=](const tk::TicketState& s) {
         return Probe{
             tk::WarnDeadline{tk::DeadlineStage::kResolution, s.deadline.value_or(Deadline())},
             Watcher(), now};
       }},
      {"mark_overdue(resolution)",
       [](const tk::TicketState& s) {
         return Probe{
             tk::MarkOverdue{tk::DeadlineStage::kResolution, s.deadline.value_or(Deadline())},
             Watcher(), At(hours{100})};
       }},
      {"warn_deadline(acknowledgement)",
       [=](const tk::TicketState& s) {
         return Probe{tk::WarnDeadline{tk::DeadlineStage::kAcknowledgement,
                                       s.acknowledge_deadline.value_or(AckDeadline())},
                      Watcher(), now};
       }},
      {"mark_overdue(acknowledgement)",
       [](const tk::TicketState& s) {
         return Probe{tk::MarkOverdue{tk::DeadlineStage::kAcknowledgement,
                                      s.acknowledge_deadline.value_or(AckDeadline())},
                      Watcher(), At(hours{30})};
       }},
  };
  return variants;
}

// ---------------------------------------------------------------- the expected matrix

using Outcome = std::vector<std::string>;  // event types of a success

// Where each command succeeds, and with which events. Every other cell is
// NotFound in "new" (except open) and Conflict elsewhere. This is the table
// of docs/ticket-lifecycle.md.
const std::map<std::string_view, std::map<std::string_view, Outcome>>& Successes() {
  const Outcome classified{"ticket.classified"};
  const Outcome merged{"ticket.merged"};
  static const std::map<std::string_view, std::map<std::string_view, Outcome>> table = {
      {"open", {{"new", {"ticket.opened"}}}},
      {"classify",
       {{"received", classified},
        {"classified", classified},
        {"answered", classified},
        {"dispatched", classified},
        {"acknowledged", classified},
        {"extension_pending", classified},
        {"returned", classified},
        {"resolved", classified},
        {"followed_up", classified}}},
      {"answer_on_first_contact",
       {{"received", {"ticket.answered"}}, {"classified", {"ticket.answered"}}}},
      {"dispatch", {{"classified", {"ticket.dispatched"}}}},
      {"acknowledge", {{"dispatched", {"ticket.acknowledged"}}}},
      {"return", {{"dispatched", {"ticket.returned"}}}},
      {"redispatch",
       {{"dispatched", {"ticket.redispatched"}}, {"returned", {"ticket.redispatched"}}}},
      {"add_progress_note",
       {{"dispatched", {"ticket.progress_noted"}},
        {"acknowledged", {"ticket.progress_noted"}},
        {"extension_pending", {"ticket.progress_noted"}}}},
      {"request_extension", {{"acknowledged", {"ticket.extension_requested"}}}},
      {"approve_extension", {{"extension_pending", {"ticket.extension_approved"}}}},
      {"refuse_extension", {{"extension_pending", {"ticket.extension_refused"}}}},
      {"urge",
       {{"dispatched", {"ticket.urged"}},
        {"acknowledged", {"ticket.urged"}},
        {"extension_pending", {"ticket.urged"}}}},
      {"supervise",
       {{"dispatched", {"ticket.supervised"}},
        {"acknowledged", {"ticket.supervised"}},
        {"extension_pending", {"ticket.supervised"}}}},
      {"resolve",
       {{"acknowledged", {"ticket.resolved"}}, {"extension_pending", {"ticket.resolved"}}}},
      {"record_follow_up", {{"resolved", {"ticket.followed_up"}}}},
      {"reopen", {{"followed_up", {"ticket.reopened", "ticket.redispatched"}}}},
      {"close",
       {{"answered", {"ticket.closed"}},
        {"resolved", {"ticket.closed"}},
        {"followed_up", {"ticket.closed"}}}},
      {"merge_into",
       {{"received", merged},
        {"classified", merged},
        {"answered", merged},
        {"dispatched", merged},
        {"acknowledged", merged},
        {"extension_pending", merged},
        {"returned", merged},
        {"resolved", merged},
        {"followed_up", merged}}},
      {"add_contact",
       {{"received", {"ticket.contact_added"}},
        {"classified", {"ticket.contact_added"}},
        {"answered", {"ticket.contact_added"}},
        {"dispatched", {"ticket.contact_added"}},
        {"acknowledged", {"ticket.contact_added"}},
        {"extension_pending", {"ticket.contact_added"}},
        {"returned", {"ticket.contact_added"}},
        {"resolved", {"ticket.contact_added"}},
        {"followed_up", {"ticket.contact_added"}}}},
      {"warn_deadline(resolution)",
       {{"dispatched", {"ticket.deadline_warning"}},
        {"acknowledged", {"ticket.deadline_warning"}},
        {"extension_pending", {"ticket.deadline_warning"}}}},
      {"mark_overdue(resolution)",
       {{"dispatched", {"ticket.overdue"}},
        {"acknowledged", {"ticket.overdue"}},
        {"extension_pending", {"ticket.overdue"}}}},
      {"warn_deadline(acknowledgement)", {{"dispatched", {"ticket.deadline_warning"}}}},
      {"mark_overdue(acknowledgement)", {{"dispatched", {"ticket.overdue"}}}},
  };
  return table;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("every command in every situation yields exactly the expected events or error",
          "[domain][ticket]") {
  REQUIRE(Successes().size() == Variants().size());
  for (const Situation& situation : Situations()) {
    TicketHistory history;
    situation.build(history);
    REQUIRE(history.state().status == situation.status);
    for (const Variant& variant : Variants()) {
      const Probe probe = variant.make(history.state());
      const std::string command(tk::CommandName(probe.command));
      REQUIRE(variant.label.substr(0, command.size()) == command);
      INFO("situation '" << situation.name << "', command " << variant.label);
      const auto result =
          DecideChecked(history.state(), probe.command, Context(probe.actor, probe.at));
      const auto& successes = Successes().at(variant.label);
      const auto expected = successes.find(situation.name);
      if (expected != successes.end()) {
        INFO(result.status().ToString());
        REQUIRE(result.ok());
        CHECK(TypesOf(result.value()) == expected->second);
        continue;
      }
      REQUIRE_FALSE(result.ok());
      const std::string message = result.status().message();
      INFO(message);
      CHECK(Contains(message, "'" + command + "'"));
      if (situation.status == tk::TicketStatus::kNew) {
        CHECK(result.status().IsNotFound());
        CHECK(Contains(message, "'new'"));
      } else {
        CHECK(result.status().IsConflict());
        CHECK(Contains(message, "ticket " + std::string(kNumber) + " is '" +
                                    std::string(tk::StatusName(situation.status)) + "'"));
      }
    }
  }
}

// ---------------------------------------------------------------- who may issue what

// The kinds of actor, by the metadata's role name.
const std::vector<tk::Actor>& ActorsOfEveryKind() {
  static const std::vector<tk::Actor> actors = {Agent(),      LeadUser(), Supervisor(), Operator(),
                                                Integrator(), Admin(),    Watcher()};
  return actors;
}

const std::map<std::string_view, std::set<std::string_view>>& AllowedRoles() {
  const std::set<std::string_view> department{"department"};
  const std::set<std::string_view> watcher{"system"};
  static const std::map<std::string_view, std::set<std::string_view>> table = {
      {"open", {"agent", "supervisor", "integrator", "admin", "system"}},
      {"classify", {"agent", "supervisor", "admin", "system"}},
      {"answer_on_first_contact", {"agent", "supervisor", "admin"}},
      {"dispatch", {"agent", "supervisor", "admin", "system"}},
      {"acknowledge", department},
      {"return", department},
      {"redispatch", {"agent", "supervisor", "admin", "system"}},
      {"add_progress_note", {"department", "agent", "supervisor", "admin"}},
      {"request_extension", department},
      {"approve_extension", {"supervisor", "admin"}},
      {"refuse_extension", {"supervisor", "admin"}},
      {"urge", {"agent", "supervisor", "admin"}},
      {"supervise", {"supervisor", "admin"}},
      {"resolve", department},
      {"record_follow_up", {"agent", "supervisor", "integrator", "admin"}},
      {"reopen", {"agent", "supervisor", "admin"}},
      {"close", {"agent", "supervisor", "admin", "system"}},
      {"merge_into", {"agent", "supervisor", "admin"}},
      {"add_contact", {"agent", "supervisor", "integrator", "admin", "system"}},
      {"warn_deadline(resolution)", watcher},
      {"mark_overdue(resolution)", watcher},
      {"warn_deadline(acknowledgement)", watcher},
      {"mark_overdue(acknowledgement)", watcher},
  };
  return table;
}

TEST_CASE("every command by every kind of actor is allowed or denied by role", "[domain][ticket]") {
  for (const Variant& variant : Variants()) {
    // The first situation in which the command succeeds.
    const auto& successes = Successes().at(variant.label);
    const auto situation =
        std::find_if(Situations().begin(), Situations().end(),
                     [&](const Situation& s) { return successes.count(s.name) > 0; });
    REQUIRE(situation != Situations().end());
    TicketHistory history;
    situation->build(history);
    const Probe probe = variant.make(history.state());
    const std::string command(tk::CommandName(probe.command));
    for (const tk::Actor& actor : ActorsOfEveryKind()) {
      const std::string_view role = tk::ActorRoleName(actor);
      INFO(variant.label << " by " << role << " in '" << situation->name << "'");
      const auto result = DecideChecked(history.state(), probe.command, Context(actor, probe.at));
      if (AllowedRoles().at(variant.label).count(role) > 0) {
        INFO(result.status().ToString());
        REQUIRE(result.ok());
        CHECK(TypesOf(result.value()) == successes.at(situation->name));
      } else {
        REQUIRE(result.status().IsPermissionDenied());
        CHECK(Contains(result.status().message(), "'" + command + "'"));
      }
    }
  }
}

TEST_CASE("command names are stable and distinct", "[domain][ticket]") {
  std::set<std::string_view> names;
  for (const Variant& variant : Variants()) {
    names.insert(tk::CommandName(variant.make(tk::TicketState{}).command));
  }
  CHECK(names.size() == std::variant_size_v<tk::Command>);
  CHECK(tk::StatusName(tk::TicketStatus::kFollowedUp) == "followed_up");
  CHECK(tk::IsTerminal(tk::TicketStatus::kMerged));
  CHECK_FALSE(tk::IsTerminal(tk::TicketStatus::kResolved));
}

}  // namespace
}  // namespace rexian::testing
