// problem+json and JSON answers.
#include "web/problem_answer.h"

#include <boost/json.hpp>

namespace rexian::web {

HttpAnswer ProblemAnswer(int status, std::string_view type, std::string_view title,
                         std::string_view detail, const boost::json::object& extra) {
  boost::json::object problem;
  problem["type"] = "https://rexian.dev/problems/" + std::string(type);
  problem["title"] = title;
  problem["status"] = status;
  problem["detail"] = detail;
  for (const auto& member : extra) {
    if (!problem.contains(member.key())) problem.emplace(member.key(), member.value());
  }
  HttpAnswer answer;
  answer.status = status;
  answer.content_type = "application/problem+json";
  answer.body = boost::json::serialize(problem);
  return answer;
}

HttpAnswer JsonAnswer(int status, const boost::json::object& body) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = boost::json::serialize(body);
  return answer;
}

}  // namespace rexian::web
