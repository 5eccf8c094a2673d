// Bearer-token authentication and role checks for the /v1 API.
#pragma once

#include <initializer_list>

#include "rexian/config.h"
#include "rexian/http.h"

namespace rexian::api {

// The user presenting `Authorization: Bearer <token>`, or a 401 problem
// response (missing header, wrong scheme, unknown token) in `*denied`.
const User* Authenticate(const HttpRequest& request, const UserDirectory& users,
                         HttpResponse* denied);

// True when `user`'s role is one of `roles` (admin passes every check);
// otherwise fills `*denied` with a 403 problem naming the role and action.
bool RequireRole(const User& user, std::initializer_list<Role> roles, std::string_view action,
                 HttpResponse* denied);

}  // namespace rexian::api
