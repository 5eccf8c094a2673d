// The loads of web_intake: every intake request a new work order from a new citizen.
#pragma once

#include <memory>
#include <vector>

#include "citizen_texts.h"
#include "common/http_workload.h"
#include "scenario.h"

namespace rexian::web_bench {

// The workload of `scenario`. Job i is one request:
// - web: a form with a name, phone 139 + i (8 digits), the subject and text
//   of sample message i mod texts, client_request_id "web-bench-<i>";
// - contacts: the same as a contact (channel "web", citizen id
//   "phone:<phone>", received_at now) with phone 137 + i and
//   channel_message_id "contacts-bench-<i>", as the demo integrator;
// - healthz: GET /healthz.
// An intake answer counts only if it is 201 with `"duplicate":false` and
// `"attached":false` (a new ticket); /healthz only if 200. Any other answer
// is refused and counted by status; a run never stops for one.
// REQUIRES: `texts` non-empty and outliving the workload.
std::unique_ptr<bench::Workload> MakeWorkload(Scenario scenario,
                                              const std::vector<CitizenText>* texts);

}  // namespace rexian::web_bench
