// Authentication of API callers by hashed bearer tokens.
#include "api/auth.h"

#include <string>

namespace rexian::api {

const User* Authenticate(const HttpRequest& request, const UserDirectory& users,
                         HttpResponse* denied) {
  std::string_view header = request.header("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.empty()) {
    *denied = HttpResponse::Problem(401, "unauthenticated", "Unauthorized",
                                    "an Authorization: Bearer <token> header is required");
  } else if (header.substr(0, kScheme.size()) != kScheme || header.size() == kScheme.size()) {
    *denied = HttpResponse::Problem(401, "unauthenticated", "Unauthorized",
                                    "the Authorization header must be 'Bearer <token>'");
  } else if (const User* user = users.FindByToken(header.substr(kScheme.size()))) {
    return user;
  } else {
    *denied = HttpResponse::Problem(401, "unauthenticated", "Unauthorized",
                                    "the bearer token is not valid");
  }
  denied->headers.emplace_back("WWW-Authenticate", "Bearer realm=\"rexian\"");
  return nullptr;
}

bool RequireRole(const User& user, std::initializer_list<Role> roles, std::string_view action,
                 HttpResponse* denied) {
  if (user.role == Role::kAdmin) return true;
  for (Role r : roles) {
    if (user.role == r) return true;
  }
  std::string allowed;
  for (Role r : roles) allowed += std::string(allowed.empty() ? "" : ", ") + RoleName(r);
  *denied = HttpResponse::Problem(
      403, "forbidden", "Forbidden",
      "role '" + std::string(RoleName(user.role)) + "' may not " + std::string(action) +
          " (allowed: " + allowed + ")");
  return false;
}

}  // namespace rexian::api
