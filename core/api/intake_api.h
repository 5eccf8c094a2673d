// The /v1/contacts and /v1/quarantine HTTP API: intake for trusted callers, and the quarantine.
#pragma once

#include "intake/intake.h"
#include "intake/quarantine.h"
#include "rexian/config.h"
#include "rexian/http.h"

namespace rexian::api {

// REQUIRES: every pointer outlives the server the routes are registered on.
struct IntakeApiContext {
  const Config* config = nullptr;
  Intake* intake = nullptr;
  Quarantine* quarantine = nullptr;
};

// Registers (described in schemas/openapi.yaml):
//  POST /v1/contacts                     submit a contact (agent, integrator)
//  GET  /v1/quarantine[?status=pending|all]  list quarantined contacts (operator, agent, supervisor)
//  GET  /v1/quarantine/{id}              one entry; the raw text only for personal-data users
//  POST /v1/quarantine/{id}/replay       replay it, as stored or with {"contact": {...}} corrected
//  POST /v1/quarantine/{id}/discard      {"reason": ...}: give up on it (supervisor)
void AddIntakeRoutes(HttpServer* server, const IntakeApiContext* context);

// The HTTP answer to a submit: 201 (a ticket opened), 200 (a retry, or
// added to an open ticket), 422 with "errors" and "quarantine_id", 503.
HttpResponse SubmitResponse(const SubmitOutcome& outcome);

}  // namespace rexian::api
