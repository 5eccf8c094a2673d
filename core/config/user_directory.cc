// UserDirectory: users by id and by bearer token.
#include "rexian/config.h"
#include "token_digest.h"

namespace rexian {

UserDirectory::UserDirectory(std::vector<User> users) : users_(std::move(users)) {
  for (std::size_t i = 0; i < users_.size(); ++i) {
    id_index_.emplace(users_[i].id, i);
    token_index_.emplace(users_[i].token_sha256, i);
  }
}

const User* UserDirectory::FindById(std::string_view id) const {
  const auto it = id_index_.find(id);
  return it == id_index_.end() ? nullptr : &users_[it->second];
}

const User* UserDirectory::FindByTokenSha256(std::string_view hex) const {
  const auto it = token_index_.find(hex);
  return it == token_index_.end() ? nullptr : &users_[it->second];
}

const User* UserDirectory::FindByToken(std::string_view bearer_token) const {
  if (bearer_token.empty()) return nullptr;
  return FindByTokenSha256(config_internal::TokenSha256Hex(bearer_token));
}

}  // namespace rexian
