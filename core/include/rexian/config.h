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
#include <optional>
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

// ---------------------------------------------------------------- feed

// The operations feed, WebSocket /v1/feed (docs/feed.md).
struct FeedConfig {
  std::uint32_t heartbeat_seconds = 15;          // a heartbeat message this often, 1..3600
  std::uint32_t max_queued_messages = 10000;     // per client; a client past either
  std::uint64_t max_queued_bytes = 16u << 20;    // limit is dropped and resumes
  std::uint32_t alert_window_seconds = 600;      // overdue-spike sliding window
  std::uint32_t overdue_spike_threshold = 50;    // overdue events per platform in the window; 0 = off
  std::uint32_t write_coalesce_ms = 20;          // at most one write per client per this, 0..1000;
                                                 // messages queued meanwhile share it; 0 = no wait
  std::uint32_t socket_send_buffer_bytes = 256u << 10;  // each client socket's SO_SNDBUF, 0 or
                                                        // 4096..64 MiB; 0 = kernel autotuning
};

// ---------------------------------------------------------------- store

enum class StoreBackend : std::uint8_t {
  kLmdb,      // embedded, one directory, the default
  kPostgres,  // PostgreSQL, shared by several rexian nodes (store.dsn)
};

// Durability (fsync | relaxed) is the event store's, from rexian/event_store.h.

// Where and how the event log and the personal-data key store are kept.
// Relative paths are relative to the process's working directory.
struct StoreConfig {
  StoreBackend backend = StoreBackend::kLmdb;
  std::string path = "var/rexian/log";        // event log directory (lmdb)
  std::string dsn;  // libpq connection string (postgres); required there
  std::string keys_path = "var/rexian/keys";  // per-citizen keys, kept apart
  std::string views_path = "var/rexian/views";  // projections (rebuildable)
  Durability durability = Durability::kFsync;
  std::uint64_t initial_map_mb = 1024;     // LMDB map size to start with
  std::uint32_t max_batch_events = 20000;  // group-commit batch ceiling
  // postgres: time to live of the reactor lease (rexian/reactor_lease.h);
  // another node takes the reactors over within this after a holder dies.
  std::uint32_t reactor_lease_ms = 10000;
  // Pages of the LMDB maps (log, keys, views) this process may keep resident
  // before they are dropped (rexian/mapped_memory.h); 0 = no limit.
  std::uint64_t mapped_memory_budget_mb = 512;
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
  std::vector<std::string> keywords;  // Chinese cue words suggesting the type; may be empty
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

// ---------------------------------------------------------------- SLA policies

// How urgent a request is, as marked at intake.
enum class Urgency : std::uint8_t {
  kNormal,
  kUrgent,  // 紧急: a danger or a loss that grows by the hour
};

// What deadline arithmetic does with a day of a year that has no calendar.
enum class YearsWithoutCalendar : std::uint8_t {
  kRefuse,          // fail with Unsupported rather than guess the holidays (default)
  kMondayToFriday,  // count Monday to Friday, with no holidays and no make-up days
};

// The requests an SLA policy applies to. An empty list or an absent optional
// sets no condition; a request matches when it meets every condition set
// (and, within one list, any of its values). Codes are the taxonomy's.
struct SlaMatch {
  std::vector<std::string> type_codes;         // "03"
  std::vector<std::string> domain_codes;       // "09"
  std::vector<std::string> subcategory_codes;  // "0901"; each inside domain_codes if both set
  std::optional<Urgency> urgency;
  std::optional<bool> during_holiday;  // received on a day of a public holiday (or not)

  // Precedence: among the policies matching a request, the one with the
  // highest Specificity() applies. The conditions set weigh, in this order,
  // urgency 16 > during_holiday 8 > sub-category 4 > domain 2 > type 1, and
  // a policy's specificity is the sum of its conditions' weights, so a
  // condition outweighs every combination of the ones after it. 0: no
  // condition (a default policy).
  int Specificity() const;
};

enum class ResolveLimitKind : std::uint8_t {
  kWorkingDays,  // the end (23:59:59 local) of the n-th working day after the dispatch day
  kSameDay,      // the end of the local calendar day of dispatch, working day or not
  kHours,        // wall-clock hours after dispatch
};

// How long a dispatched request may take to be resolved.
struct ResolveLimit {
  ResolveLimitKind kind = ResolveLimitKind::kWorkingDays;
  int amount = 0;  // working days or hours; 0 for kSameDay
};

// One SLA policy (config/sla.yaml).
struct SlaPolicy {
  std::string id;  // "holiday_tourism", unique
  SlaMatch match;
  ResolveLimit resolve;
  std::optional<int> acknowledge_within_hours;  // 签收 limit after dispatch
  std::optional<int> dispatch_within_minutes;   // 转办 limit after receipt
  // Only with kSameDay: a request dispatched at or after this local time of
  // day ("21:00" is 21 h) is due at the end of the next day instead.
  std::optional<std::chrono::minutes> next_day_after;
};

// The `sla` section. LoadConfig guarantees: unique ids, references that
// resolve, exactly one resolve limit per policy, no two policies of equal
// specificity that match a common request, and for every request type a
// policy that applies whatever the other attributes are.
struct SlaConfig {
  // The fixed UTC offset of the calendars' time zone: `sla.utc_offset` if
  // given, else FixedUtcOffset(calendar time zone); nullopt when neither.
  std::optional<std::chrono::minutes> utc_offset;
  YearsWithoutCalendar years_without_calendar = YearsWithoutCalendar::kRefuse;
  std::vector<SlaPolicy> policies;  // in file order; empty when no `sla` section
};

// ---------------------------------------------------------------- routing

// A department named by a routing rule: exactly one of the two is set.
struct DepartmentRef {
  std::string kind;  // "tourism": that kind on the platform handling the request
  std::string code;  // "3203-026": this one department, wherever the request is
};

// The requests a routing rule applies to. As for SlaMatch, an empty list or
// an absent optional sets no condition and the request must meet all set.
struct RoutingMatch {
  std::vector<std::string> subcategory_codes;  // "0301"
  std::vector<std::string> platform_codes;     // the platform the request is located on
  std::vector<std::string> type_codes;         // "03"
  std::vector<std::string> keywords;           // any one occurring in the request text
  std::optional<bool> during_holiday;          // received on a day of a public holiday

  // True when no condition is set: the default rule.
  bool MatchesEverything() const;
};

// One routing rule (config/routing.yaml): who leads and who assists.
struct RoutingRule {
  std::string id;  // "medical_insurance", unique
  RoutingMatch match;
  DepartmentRef lead;
  std::vector<DepartmentRef> assisting;
};

// The `routing` section. Rules are tried in file order and the first that
// matches wins. LoadConfig guarantees: unique ids, references that resolve
// (every kind exists on the city platform), the last rule is the only
// default rule, and no rule is unreachable behind an earlier, more general one.
struct RoutingConfig {
  std::vector<RoutingRule> rules;  // empty when no `routing` section
};

// ---------------------------------------------------------------- plugins

enum class PluginKind : std::uint8_t {
  kShared,  // a shared library behind the C ABI of rexian/plugin.h
  kExec,    // a child process speaking schemas/plugin-exec.schema.json on stdin/stdout
};

// One channel plugin instance (`plugins:` in config/rexian.yaml).
struct PluginConfig {
  std::string name;     // instance name, unique, [a-z][a-z0-9_-]{1,31}
  std::string channel;  // channel its contacts and replies belong to; default: name
  PluginKind kind = PluginKind::kShared;
  // kShared: the library. An absolute path is used as is; a bare file name
  // ("rexian_plugin_web.so") is searched in the plugin directories (see
  // docs/plugin-guide.md); another relative path is relative to the cwd.
  std::string path;
  std::vector<std::string> command;  // kExec: argv, command[0] searched in PATH
  bool required = false;  // true: a failure to load or start stops `serve`
  std::chrono::milliseconds stop_timeout{5000};  // longest wait for stop()
  std::string config_json = "{}";  // its `config:` block as a JSON object
  // The role the instance acts in when it runs work-order commands through
  // the host (rexian_host_api.ticket_command): kIntegrator (default) or
  // kAgent. The domain decides what the role may do.
  Role actor_role = Role::kIntegrator;
};

// ---------------------------------------------------------------- config

// Everything LoadConfig produces.
struct Config {
  std::string source_path;  // the entry file as given to LoadConfig
  ServerConfig server;
  StoreConfig store;
  FeedConfig feed;
  std::string schemas_dir = "schemas";  // JSON Schemas, relative to the cwd
  Organisation organisation;
  Taxonomy taxonomy;
  WorkingCalendar calendar;
  UserDirectory users;
  SlaConfig sla;
  RoutingConfig routing;
  std::vector<PluginConfig> plugins;  // in file order; empty when no `plugins` section
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
const char* UrgencyName(Urgency urgency);
const char* YearsWithoutCalendarName(YearsWithoutCalendar years);
const char* PluginKindName(PluginKind kind);

// The fixed UTC offset of a time zone in rexian's built-in table of zones
// without daylight saving time (Asia/Shanghai +08:00, Asia/Urumqi +06:00, UTC
// ...; docs/configuration.md lists them), or nullopt. The standard library
// of the supported toolchain has no time zone database, so rexian keeps
// this table instead; other zones need `sla.utc_offset`.
std::optional<std::chrono::minutes> FixedUtcOffset(std::string_view zone);

// "+08:00", "-03:30".
std::string FormatUtcOffset(std::chrono::minutes offset);

// "2024-02-10".
std::string FormatDate(CivilDate day);

}  // namespace rexian
