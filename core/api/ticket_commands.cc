// Action bodies -> ticket commands.
#include "api/ticket_commands.h"

namespace rexian::api {
namespace {

std::optional<ticket::Rating> ParseRating(std::string_view s) {
  if (s == "satisfied") return ticket::Rating::kSatisfied;
  if (s == "basically_satisfied") return ticket::Rating::kBasicallySatisfied;
  if (s == "dissatisfied") return ticket::Rating::kDissatisfied;
  return std::nullopt;
}

std::optional<ticket::ReturnReason> ParseReturnReason(std::string_view s) {
  if (s == "not_our_remit") return ticket::ReturnReason::kNotOurRemit;
  if (s == "wrong_location") return ticket::ReturnReason::kWrongLocation;
  if (s == "insufficient_information") return ticket::ReturnReason::kInsufficientInformation;
  if (s == "duplicate") return ticket::ReturnReason::kDuplicate;
  if (s == "other") return ticket::ReturnReason::kOther;
  return std::nullopt;
}

}  // namespace

bool IsDispatchAction(std::string_view action) {
  return action == "dispatch" || action == "redispatch" || action == "reopen";
}

DispatchRequest ParseDispatchRequest(JsonBody& body) {
  body.OnlyKeys({"lead_department", "assisting_departments", "instructions", "reason"});
  DispatchRequest r;
  r.lead_department = body.OptStr("lead_department");
  r.assisting_departments = body.StrList("assisting_departments");
  r.instructions = body.OptStr("instructions");
  r.reason = body.OptStr("reason");
  return r;
}

Result<ticket::Command> ParseCommand(std::string_view action, JsonBody& b) {
  using namespace ticket;
  if (action == "classify") {
    b.OnlyKeys({"type", "domain", "subcategory"});
    return Command(Classify{b.Str("type"), b.Str("domain"), b.OptStr("subcategory")});
  }
  if (action == "answer") {
    b.OnlyKeys({"answer", "knowledge_article"});
    return Command(AnswerOnFirstContact{b.Str("answer"), b.OptStr("knowledge_article")});
  }
  if (action == "acknowledge") {
    b.OnlyKeys({});
    return Command(Acknowledge{});
  }
  if (action == "return") {
    b.OnlyKeys({"reason", "reason_code"});
    Return r{b.Str("reason"), std::nullopt};
    if (auto code = b.OptStr("reason_code")) {
      r.reason_code = ParseReturnReason(*code);
      if (!r.reason_code) {
        b.Fail("reason_code", "not_our_remit, wrong_location, insufficient_information, duplicate or other");
      }
    }
    return Command(r);
  }
  if (action == "note") {
    b.OnlyKeys({"text"});
    return Command(AddProgressNote{b.Str("text")});
  }
  if (action == "request-extension") {
    b.OnlyKeys({"until", "reason"});
    return Command(RequestExtension{b.TimeOf("until"), b.Str("reason")});
  }
  if (action == "approve-extension") {
    b.OnlyKeys({"until", "note"});
    return Command(ApproveExtension{b.TimeOf("until"), b.OptStr("note")});
  }
  if (action == "refuse-extension") {
    b.OnlyKeys({"reason"});
    return Command(RefuseExtension{b.Str("reason")});
  }
  if (action == "urge") {
    b.OnlyKeys({"note"});
    return Command(Urge{b.OptStr("note")});
  }
  if (action == "supervise") {
    b.OnlyKeys({"note"});
    return Command(Supervise{b.OptStr("note")});
  }
  if (action == "resolve") {
    b.OnlyKeys({"reply"});
    return Command(Resolve{b.Str("reply")});
  }
  if (action == "follow-up") {
    b.OnlyKeys({"rating", "solved", "comment"});
    RecordFollowUp f;
    std::string rating = b.Str("rating");
    if (auto r = ParseRating(rating)) f.rating = *r;
    else if (!rating.empty()) b.Fail("rating", "satisfied, basically_satisfied or dissatisfied");
    f.solved = b.Bool("solved");
    f.comment = b.OptStr("comment");
    return Command(f);
  }
  if (action == "close") {
    b.OnlyKeys({"note"});
    return Command(Close{b.OptStr("note")});
  }
  if (action == "merge") {
    b.OnlyKeys({"into", "reason"});
    return Command(MergeInto{b.Str("into"), b.OptStr("reason")});
  }
  return Status::NotFound("no action '" + std::string(action) + "' on tickets");
}

}  // namespace rexian::api
