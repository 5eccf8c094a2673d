// SubmitOutcome::ErrorJson: the error document channels receive.
#include <boost/json.hpp>

#include "intake/intake.h"

namespace rexian {

std::string SubmitOutcome::ErrorJson() const {
  if (status.ok()) return "";
  boost::json::array fields;
  for (const FieldError& e : errors) {
    fields.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});
  }
  boost::json::object o{{"error", status.message()}, {"fields", std::move(fields)}};
  if (!quarantine_id.empty()) o["quarantine_id"] = quarantine_id;
  return boost::json::serialize(o);
}

}  // namespace rexian
