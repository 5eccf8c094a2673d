// Lookups and defaults of a loaded Config, on the minimal configuration.
#include <catch2/catch.hpp>

#include "minimal_config.h"
#include "rexian/config.h"
#include "scratch_dir.h"

namespace rexian {
namespace {

Config LoadMinimal(const testing::ScratchDir& dir) {
  for (const auto& [name, text] : testing::MinimalConfigFiles()) dir.Write(name, text);
  auto config = LoadConfig(dir.path() + "/rexian.yaml");
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  return std::move(config).value();
}

TEST_CASE("absent keys take their documented defaults", "[config]") {
  testing::ScratchDir dir;
  const Config config = LoadMinimal(dir);
  CHECK(config.server.bind == "127.0.0.1");
  CHECK(config.server.port == 8345);
  CHECK(config.server.io_threads == 2);
  CHECK(config.server.body_limit_bytes == 1048576);
  CHECK(config.store.backend == StoreBackend::kLmdb);
  CHECK(config.store.path == "var/rexian/log");
  CHECK(config.store.keys_path == "var/rexian/keys");
  CHECK(config.store.durability == Durability::kFsync);
  CHECK(config.store.initial_map_mb == 1024);
  CHECK(config.store.max_batch_events == 20000);
  CHECK(config.store.reactor_lease_ms == 10000);
  CHECK(config.schemas_dir == "schemas");
}

TEST_CASE("the postgres backend is chosen with a connection string", "[config]") {
  testing::ScratchDir dir;
  auto files = testing::MinimalConfigFiles();
  files["rexian.yaml"] +=
      "store:\n  backend: postgres\n"
      "  dsn: host=db1,db2 dbname=rexian target_session_attrs=read-write\n"
      "  reactor_lease_ms: 4000\n";
  for (const auto& [name, text] : files) dir.Write(name, text);
  auto config = LoadConfig(dir.path() + "/rexian.yaml");
  INFO(config.status().ToString());
  REQUIRE(config.ok());
  CHECK(config->store.backend == StoreBackend::kPostgres);
  CHECK(config->store.dsn == "host=db1,db2 dbname=rexian target_session_attrs=read-write");
  CHECK(config->store.reactor_lease_ms == 4000);
}

TEST_CASE("users are found by bearer token, by its hash and by id", "[config]") {
  testing::ScratchDir dir;
  const Config config = LoadMinimal(dir);
  const User* agent = config.users.FindByToken(testing::kMinimalAgentToken);
  REQUIRE(agent != nullptr);
  CHECK(agent->id == "agent");
  CHECK(agent->role == Role::kAgent);
  CHECK(agent->platform_code == "3203");  // defaults to the city platform
  CHECK_FALSE(agent->personal_data);

  const User* handler = config.users.FindByToken(testing::kMinimalDepartmentToken);
  REQUIRE(handler != nullptr);
  CHECK(handler->department_code == "320302-019");
  CHECK(handler->platform_code == "320302");  // taken from the department
  CHECK(handler->personal_data);

  CHECK(config.users.FindByToken("rxn_test_agent ") == nullptr);
  CHECK(config.users.FindByToken("") == nullptr);
  CHECK(config.users.FindByTokenSha256(agent->token_sha256) == agent);
  CHECK(config.users.FindById("handler") == handler);
  CHECK(config.users.FindById("nobody") == nullptr);
}

TEST_CASE("organisation and taxonomy lookups", "[config]") {
  testing::ScratchDir dir;
  const Config config = LoadMinimal(dir);
  const Organisation& organisation = config.organisation;
  CHECK(organisation.city().code == "3203");
  REQUIRE(organisation.FindPlatform("320302") != nullptr);
  CHECK(organisation.FindPlatform("320302")->parent_code == "3203");
  CHECK(organisation.FindPlatform("9999") == nullptr);
  const Department* gulou_tourism = organisation.FindDepartmentByKind("320302", "tourism");
  REQUIRE(gulou_tourism != nullptr);
  CHECK(gulou_tourism->code == "320302-019");
  CHECK(organisation.FindDepartment("3203-019")->platform_code == "3203");
  CHECK(organisation.FindDepartmentByKind("320302", "police") == nullptr);
  CHECK(organisation.DepartmentsOf("3203").size() == 1);

  const Taxonomy& taxonomy = config.taxonomy;
  REQUIRE(taxonomy.FindSubCategory("0101") != nullptr);
  CHECK(taxonomy.FindSubCategory("0101")->domain_code == "01");
  CHECK(taxonomy.FindSubCategory("0102") == nullptr);
  CHECK(taxonomy.FindTypeByKey("help")->code == "01");
  CHECK(taxonomy.FindDomainByKey("transport")->code == "01");
}

TEST_CASE("working days honour holidays and make-up days", "[config]") {
  testing::ScratchDir dir;
  const Config config = LoadMinimal(dir);
  using namespace std::chrono;
  const WorkingCalendar& calendar = config.calendar;
  CHECK(calendar.timezone() == "Asia/Shanghai");
  CHECK_FALSE(calendar.IsWorkingDay(2025y / January / 1));   // holiday, a Wednesday
  CHECK(calendar.IsWorkingDay(2025y / January / 2));         // plain Thursday
  CHECK_FALSE(calendar.IsWorkingDay(2025y / January / 25));  // plain Saturday
  CHECK(calendar.IsWorkingDay(2025y / January / 26));        // make-up Sunday
  CHECK(calendar.Find(2025) != nullptr);
  CHECK(calendar.Find(2030) == nullptr);
  CHECK(calendar.IsWorkingDay(2030y / January / 1));  // no calendar: Monday to Friday
}

}  // namespace
}  // namespace rexian
