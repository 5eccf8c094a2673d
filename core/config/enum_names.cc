// Stable names of the configuration enums, as written in the YAML.
#include "rexian/config.h"

namespace rexian {

const char* PlatformLevelName(PlatformLevel level) {
  switch (level) {
    case PlatformLevel::kCity:
      return "city";
    case PlatformLevel::kDistrict:
      return "district";
    case PlatformLevel::kCounty:
      return "county";
    case PlatformLevel::kCountyCity:
      return "county_city";
  }
  return "unknown";
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAgent:
      return "agent";
    case Role::kDepartment:
      return "department";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kOperator:
      return "operator";
    case Role::kIntegrator:
      return "integrator";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

const char* StoreBackendName(StoreBackend backend) {
  switch (backend) {
    case StoreBackend::kLmdb:
      return "lmdb";
    case StoreBackend::kPostgres:
      return "postgres";
  }
  return "unknown";
}

const char* DurabilityName(Durability durability) {
  switch (durability) {
    case Durability::kFsync:
      return "fsync";
    case Durability::kRelaxed:
      return "relaxed";
  }
  return "unknown";
}

const char* PluginKindName(PluginKind kind) {
  switch (kind) {
    case PluginKind::kShared:
      return "shared";
    case PluginKind::kExec:
      return "exec";
  }
  return "unknown";
}

}  // namespace rexian
