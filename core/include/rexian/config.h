// Config: the validated, immutable settings one rexian process runs with.
//
// LoadConfig reads the entry YAML file (config/rexian.yaml by default) and
// every file it includes, checks every key, and returns either a complete
// Config or an InvalidArgument Status listing every error found, each as
// "<file>:<line>: <key path>: <what was expected>". The keys are described
// in docs/configuration.md. A Config is a plain value: copy it, share it
// read-only between threads; nothing in it changes after loading.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rexian/event_store.h"
#include "rexian/status.h"

namespace rexian {

// ---------------------------------------------------------------- server

// The one HTTP/WebSocket listener of `rexian serve`.
struct ServerConfig {
  std::string bind = "127.0.0.1";          // IPv4 or IPv6 address literal
  std::uint16_t port = 8345;               // 1..65535
  int io_threads = 2;                      // threads running the I/O loop, 1..64
  std::size_t body_limit_bytes = 1 << 20;  // larger request bodies get 413
};

// ---------------------------------------------------------------- store

enum class StoreBackend : std::uint8_t {
  kLmdb,      // embedded, one directory, the default
  kPostgres,  // named in the config language, rejected until it is built
};

// Durability (fsync | relaxed) is the event store's, from rexian/event_store.h.

// Where and how the event log and the personal-data key store are kept.
// Relative paths are relative to the process's working directory.
struct StoreConfig {
  StoreBackend backend = StoreBackend::kLmdb;
  std::string path = "var/rexian/log";        // event log directory
  std::string keys_path = "var/rexian/keys";  // per-citizen keys, kept apart
  Durability durability = Durability::kFsync;
  std::uint64_t initial_map_mb = 1024;     // LMDB map size to start with
  std::uint32_t max_batch_events = 20000;  // group-commit batch ceiling
};

// ---------------------------------------------------------------- organisation

enum class PlatformLevel : std::uint8_t {
  kCity,        // the city platform (市本级), the one root
  kDistrict,    // 区
  kCounty,      // 县
  kCountyCity,  // county-level city (县级市)
};

// A hotline platform that receives and dispatches requests.
struct Platform {
  std::string code;  // administrative division code: "3203", "320302"
  std::string name_zh;
  std::string name_en;
  PlatformLevel level = PlatformLevel::kCity;
  std::string parent_code;  // the city platform's code; empty for the city
};

// A unit that work orders are dispatched to.
struct Department {
  std::string code;  // "<platform code>-<3 digits>", e.g. "3203-019"
  std::string kind;  // function shared across platforms: "tourism", "police"
  std::string name_zh;
  std::string name_en;
  std::string platform_code;  // the platform the department belongs to
};

// The platforms and departments, with lookups. Built only by LoadConfig,
// which guarantees: exactly one city platform, unique codes, every reference
// resolves, and (platform, kind) is unique among departments.
class Organisation {
 public:
  Organisation() = default;
  // REQUIRES: the guarantees above hold (LoadConfig checks them).
  Organisation(std::vector<Platform> platforms, std::vector<Department> departments);

  const std::vector<Platform>& platforms() const { return platforms_; }
  const std::vector<Department>& departments() const { return departments_; }

  // The city platform. REQUIRES: loaded (not default-constructed).
  const Platform& city() const { return platforms_.at(city_index_); }

  // nullptr when no such code.
  const Platform* FindPlatform(std::string_view code) const;
  const Department* FindDepartment(std::string_view code) const;
  // The department of `kind` on `platform_code`, or nullptr.
  const Department* FindDepartmentByKind(std::string_view platform_code,
                                         std::string_view kind) const;
  // The departments of one platform, in configuration order.
  std::vector<const Department*> DepartmentsOf(std::string_view platform_code) const;

 private:
  std::vector<Platform> platforms_;
  std::vector<Department> departments_;
  std::size_t city_index_ = 0;
  std::map<std::string, std::size_t, std::less<>> platform_index_;
  std::map<std::string, std::size_t, std::less<>> department_index_;
};

// ---------------------------------------------------------------- taxonomy

// A request type (求助, 咨询, ...).
struct TaxonomyType {
  std::string code;  // 2 digits, "01"
  std::string key;   // ASCII name for APIs and reports, "help"
  std::string name_zh;
  std::string name_en;
};

// The finest classification of a request.
struct SubCategory {
  std::string code;         // 4 digits, the first two are the domain's code
  std::string domain_code;  // 2 digits
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> keywords;  // Chinese words that suggest it
};

// A domain (交通出行, ...) and its sub-categories.
struct Domain {
  std::string code;  // 2 digits, "01"
  std::string key;   // "transport"
  std::string name_zh;
  std::string name_en;
  std::vector<SubCategory> subcategories;
};

// Types and domains with lookups. Built only by LoadConfig, which guarantees
// unique codes and keys and that every sub-category code starts with its
// domain's code.
class Taxonomy {
 public:
  Taxonomy() = default;
  // REQUIRES: the guarantees above hold.
  Taxonomy(std::vector<TaxonomyType> types, std::vector<Domain> domains);

  const std::vector<TaxonomyType>& types() const { return types_; }
  const std::vector<Domain>& domains() const { return domains_; }

  // nullptr when no such code or key.
  const TaxonomyType* FindType(std::string_view code) const;
  const TaxonomyType* FindTypeByKey(std::string_view key) const;
  const Domain* FindDomain(std::string_view code) const;
  const Domain* FindDomainByKey(std::string_view key) const;
  const SubCategory* FindSubCategory(std::string_view code) const;

 private:
  std::vector<TaxonomyType> types_;
  std::vector<Domain> domains_;
  std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> subcategory_index_;
};

// ---------------------------------------------------------------- calendars

using CivilDate = std::chrono::year_month_day;

// A public holiday: every day from `first` to `last` (inclusive) is off.
struct Holiday {
  std::string key;  // "spring_festival"; 2025 has "mid_autumn_national_day"
  std::string name_zh;
  std::string name_en;
  CivilDate first;
  CivilDate last;

  bool Contains(CivilDate day) const;
};

// One year's official working-day arrangement (国务院办公厅 notice).
struct HolidayCalendar {
  int year = 0;
  std::vector<Holiday> holidays;           // in date order, not overlapping
  std::vector<CivilDate> makeup_workdays;  // 调休: weekend days worked, sorted

  // The holiday covering `day`, or nullptr.
  const Holiday* HolidayOn(CivilDate day) const;
  bool IsMakeupWorkday(CivilDate day) const;
};

// The city's working days across every configured year. Deadlines count
// days for which IsWorkingDay is true.
class WorkingCalendar {
 public:
  WorkingCalendar() = default;
  // REQUIRES: one calendar per year (LoadConfig checks it).
  WorkingCalendar(std::string timezone, std::vector<HolidayCalendar> calendars);

  // IANA time zone the dates are in, e.g. "Asia/Shanghai".
  const std::string& timezone() const { return timezone_; }
  // Sorted by year.
  const std::vector<HolidayCalendar>& calendars() const { return calendars_; }

  // The calendar of `year`, or nullptr when none is configured.
  const HolidayCalendar* Find(int year) const;

  // Monday to Friday unless a holiday, plus make-up working days. For a year
  // without a calendar this is plain Monday to Friday: callers that must not
  // guess check Find(year) first.
  bool IsWorkingDay(CivilDate day) const;

 private:
  std::string timezone_;
  std::vector<HolidayCalendar> calendars_;
};

// ---------------------------------------------------------------- users

enum class Role : std::uint8_t {
  kAgent,       // hotline agent: takes requests, answers, dispatches
  kDepartment,  // department handler: acknowledges, returns, resolves
  kSupervisor,  // platform supervisor: approves extensions, urges, supervises
  kOperator,    // operations: watches the feed and statistics
  kIntegrator,  // a channel or external system calling the API
  kAdmin,       // administrator: everything, including forgetting citizens
};

// A caller of the API, identified by the SHA-256 of its bearer token.
struct User {
  std::string id;  // stable login name, "demo-agent"
  std::string name;
  Role role = Role::kAgent;
  std::string platform_code;    // platform the user works for
  std::string department_code;  // set exactly when role == kDepartment
  std::string token_sha256;     // 64 lower-case hex digits
  bool personal_data = false;   // may read personal data in plaintext
};

// The users with lookups. Built only by LoadConfig, which guarantees unique
// ids and token hashes and that every platform/department resolves.
class UserDirectory {
 public:
  UserDirectory() = default;
  // REQUIRES: the guarantees above hold.
  explicit UserDirectory(std::vector<User> users);

  const std::vector<User>& users() const { return users_; }

  // nullptr when unknown.
  const User* FindById(std::string_view id) const;
  // `hex` must be lower-case, as stored.
  const User* FindByTokenSha256(std::string_view hex) const;
  // Hashes the presented bearer token and looks the hash up. Comparing
  // hashes rather than tokens keeps the lookup's timing independent of the
  // secret.
  const User* FindByToken(std::string_view bearer_token) const;

 private:
  std::vector<User> users_;
  std::map<std::string, std::size_t, std::less<>> id_index_;
  std::map<std::string, std::size_t, std::less<>> token_index_;
};

// ---------------------------------------------------------------- config

// Everything LoadConfig produces.
struct Config {
  std::string source_path;  // the entry file as given to LoadConfig
  ServerConfig server;
  StoreConfig store;
  std::string schemas_dir = "schemas";  // JSON Schemas, relative to the cwd
  Organisation organisation;
  Taxonomy taxonomy;
  WorkingCalendar calendar;
  UserDirectory users;
};

// Reads `path` and the files it includes and validates all of it. On any
// error returns InvalidArgument whose message holds every error found, one
// per line, each "<file>:<line>: <key path>: <expectation>"; never a partly
// filled Config. IoError only if a library fails unexpectedly while reading.
// Thread-safe (reads files, touches no globals).
Result<Config> LoadConfig(const std::string& path);

// Stable lower-case names, as written in the YAML.
const char* PlatformLevelName(PlatformLevel level);
const char* RoleName(Role role);
const char* StoreBackendName(StoreBackend backend);
const char* DurabilityName(Durability durability);

// "2024-02-10".
std::string FormatDate(CivilDate day);

}  // namespace rexian
