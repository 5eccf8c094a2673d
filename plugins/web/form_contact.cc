// Form body -> contact, naming the form field of every problem.
#include "web/form_contact.h"

#include <boost/json.hpp>
#include <cmath>

namespace rexian::web {
namespace {

namespace json = boost::json;

// Reads optional string members, recording type problems.
class MemberReader {
 public:
  MemberReader(const json::object& o, std::string prefix, std::vector<FieldProblem>* problems)
      : o_(o), prefix_(std::move(prefix)), problems_(problems) {}

  std::optional<std::string> String(const char* key) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_string()) {
      Problem(key, "must be a string");
      return std::nullopt;
    }
    std::string s(v->as_string());
    if (s.empty()) return std::nullopt;  // an empty form field counts as not filled in
    return s;
  }
  std::optional<double> Number(const char* key, double min, double max) {
    const json::value* v = o_.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
      Problem(key, "must be a number");
      return std::nullopt;
    }
    double d = v->to_number<double>();
    if (!std::isfinite(d) || d < min || d > max) {
      Problem(key, "must be between " + Format(min) + " and " + Format(max));
      return std::nullopt;
    }
    return d;
  }
  void OnlyKeys(std::initializer_list<std::string_view> known) {
    for (const auto& member : o_) {
      bool found = false;
      for (std::string_view k : known) found = found || member.key() == k;
      if (!found) Problem(std::string(member.key()).c_str(), "is not a field of this form");
    }
  }
  void Problem(const char* key, std::string message) {
    problems_->push_back({prefix_ + key, std::move(message)});
  }

 private:
  static std::string Format(double d) {
    std::string s = std::to_string(static_cast<long long>(d));
    return s;
  }
  const json::object& o_;
  std::string prefix_;
  std::vector<FieldProblem>* problems_;
};

}  // namespace

bool IsRequestKey(std::string_view key) {
  if (key.empty() || key.size() > 100) return false;
  for (char c : key) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

FormContact ReadFormContact(std::string_view body, const FormContext& context) {
  FormContact out;
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    out.malformed = true;
    out.malformed_reason = ec ? "the body is not JSON: " + ec.message() : "the body must be a JSON object";
    return out;
  }
  const json::object& form = parsed.as_object();
  MemberReader r(form, "", &out.problems);
  r.OnlyKeys({"name", "phone", "email", "subject", "text", "location", "category", "client_request_id"});
  auto name = r.String("name");
  auto phone = r.String("phone");
  auto email = r.String("email");
  auto subject = r.String("subject");
  auto text = r.String("text");
  auto category = r.String("category");
  auto request_id = r.String("client_request_id");
  // A required member: absent or null is "required", "" is "empty"; a
  // wrong type was reported by String.
  auto require = [&](const std::optional<std::string>& value, const char* key, const char* empty) {
    if (value) return;
    const json::value* v = form.if_contains(key);
    if (v == nullptr || v->is_null()) r.Problem(key, "is required");
    else if (v->is_string()) r.Problem(key, empty);
  };
  require(text, "text", "must not be empty");
  require(request_id, "client_request_id", "must not be empty");
  if (request_id && !IsRequestKey(*request_id)) {
    r.Problem("client_request_id", "must be 1 to 100 characters from 0-9, A-Z, a-z, '_', '.', '-'");
  }
  if (category && context.catalogue->Find(*category) == nullptr) {
    r.Problem("category", "is not a known sub-category code (see GET <open311_prefix>/services.json)");
  }

  json::object location;
  if (const json::value* loc = form.if_contains("location"); loc != nullptr && !loc->is_null()) {
    if (!loc->is_object()) {
      r.Problem("location", "must be an object");
    } else {
      MemberReader lr(loc->as_object(), "location.", &out.problems);
      lr.OnlyKeys({"address", "lat", "lon", "district_code"});
      auto address = lr.String("address");
      auto lat = lr.Number("lat", -90, 90);
      auto lon = lr.Number("lon", -180, 180);
      auto district = lr.String("district_code");
      const json::object& l = loc->as_object();
      auto given = [&l](const char* key) { return l.contains(key) && !l.at(key).is_null(); };
      if (given("lat") != given("lon")) {
        lr.Problem(given("lat") ? "lon" : "lat",
                   std::string("is required together with ") + (given("lat") ? "lat" : "lon"));
      }
      if (address) location["address"] = *address;
      if (lat) location["lat"] = *lat;
      if (lon) location["lon"] = *lon;
      if (district) location["district_code"] = *district;
    }
  }
  if (!out.problems.empty()) return out;

  out.client_request_id = *request_id;
  out.channel_message_id =
      context.client.empty() ? *request_id : context.client + ":" + *request_id;
  json::object citizen;
  if (phone) {
    citizen["id"] = "phone:" + *phone;
  } else if (email) {
    citizen["id"] = "email:" + *email;
  } else {
    citizen["id"] = "anonymous:" + out.channel_message_id;
  }
  if (name) citizen["name"] = *name;
  if (phone) citizen["phone"] = *phone;
  if (email) citizen["email"] = *email;

  json::object contact;
  contact["channel"] = context.channel;
  contact["channel_message_id"] = out.channel_message_id;
  contact["received_at"] = context.received_at;
  contact["citizen"] = std::move(citizen);
  if (subject) contact["subject"] = *subject;
  contact["text"] = *text;
  if (!location.empty()) contact["location"] = std::move(location);
  if (category) contact["classification"] = json::object{{"subcategory", *category}};
  if (!context.client.empty()) contact["extra"] = json::object{{"web", json::object{{"client", context.client}}}};
  out.contact_json = json::serialize(contact);
  return out;
}

}  // namespace rexian::web
