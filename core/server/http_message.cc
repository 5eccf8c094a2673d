// HttpRequest lookups and HttpResponse constructors (problem+json, JSON, text).
#include <boost/json/serialize.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "rexian/http.h"

namespace rexian {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

std::optional<std::string> HttpRequest::query_param(std::string_view name) const {
  if (!boost::urls::parse_query(query)) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;  // HTML forms and most clients encode spaces as '+'
  boost::urls::params_view params(query, options);  // cannot throw: validated above
  for (auto param : params) {
    if (param.key == name) {
      if (!param.has_value) return std::string();
      return std::move(param.value);
    }
  }
  return std::nullopt;
}

HttpResponse HttpResponse::Problem(int status, std::string_view type, std::string_view title,
                                   std::string_view detail, const boost::json::object& extra) {
  boost::json::object problem;
  problem["type"] = "https://rexian.dev/problems/" + std::string(type);
  problem["title"] = title;
  problem["status"] = status;
  problem["detail"] = detail;
  for (const auto& member : extra) {
    // The four standard members keep their meaning whatever a caller adds.
    if (!problem.contains(member.key())) problem.emplace(member.key(), member.value());
  }
  HttpResponse response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(problem);
  return response;
}

HttpResponse HttpResponse::Json(int status, const boost::json::value& body) {
  HttpResponse response;
  response.status = status;
  response.body = boost::json::serialize(body);
  return response;
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  HttpResponse response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace rexian
