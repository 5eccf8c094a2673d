// The ticket view's documents as text, for tests that compare two views.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "projections/ticket_document.h"
#include "projections/ticket_view.h"

namespace rexian::testing {

// Every document of `view`, in id order, as TicketDocumentText writes it.
inline std::vector<std::string> DocumentTexts(TicketView* view, std::chrono::minutes utc_offset) {
  std::vector<std::string> out;
  REQUIRE(view->ForEach([&](const TicketDocument& doc) {
                 out.push_back(TicketDocumentText(doc, utc_offset));
                 return true;
               }).ok());
  return out;
}

}  // namespace rexian::testing
