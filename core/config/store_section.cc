// The `store` section: event log backend, directories and durability.
#include <filesystem>

#include "field_reader.h"
#include "sections.h"

namespace rexian::config_internal {

namespace {

constexpr Choice<StoreBackend> kBackends[] = {{"lmdb", StoreBackend::kLmdb},
                                              {"postgres", StoreBackend::kPostgres}};
constexpr Choice<Durability> kDurabilities[] = {{"fsync", Durability::kFsync},
                                                {"relaxed", Durability::kRelaxed}};

// True when `inner` is `outer` or lies under it (purely lexical).
bool IsWithin(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

}  // namespace

void ParseStoreSection(const std::vector<ConfigNode>& parts, ConfigErrors* errors,
                       StoreConfig* out) {
  if (parts.empty()) return;
  FieldReader store(
      parts.front(),
      {"backend", "path", "dsn", "keys_path", "views_path", "durability", "initial_map_mb",
       "max_batch_events", "reactor_lease_ms", "mapped_memory_budget_mb"},
      errors);
  store.ReadChoice<StoreBackend>("backend", Presence::kOptional, kBackends, &out->backend);
  store.ReadText("path", Presence::kOptional, kAnyText, &out->path);
  store.ReadText("dsn", Presence::kOptional, kAnyText, &out->dsn);
  if (out->backend == StoreBackend::kPostgres && out->dsn.empty()) {
    errors->Add(*store.Child("backend", Presence::kOptional),
                "the postgres backend needs store.dsn, a libpq connection string such as "
                "\"host=db1,db2 dbname=rexian user=rexian target_session_attrs=read-write\"");
  }
  if (out->backend != StoreBackend::kPostgres && !out->dsn.empty()) {
    errors->Add(*store.Child("dsn", Presence::kOptional),
                "only meaningful with backend: postgres (the lmdb backend uses store.path)");
  }
  store.ReadText("keys_path", Presence::kOptional, kAnyText, &out->keys_path);
  store.ReadText("views_path", Presence::kOptional, kAnyText, &out->views_path);
  store.ReadChoice<Durability>("durability", Presence::kOptional, kDurabilities, &out->durability);
  std::int64_t number = 0;
  if (store.ReadInteger("initial_map_mb", Presence::kOptional, 1, std::int64_t{1} << 20, &number)) {
    out->initial_map_mb = static_cast<std::uint64_t>(number);
  }
  if (store.ReadInteger("max_batch_events", Presence::kOptional, 1, 1000000, &number)) {
    out->max_batch_events = static_cast<std::uint32_t>(number);
  }
  if (store.ReadInteger("reactor_lease_ms", Presence::kOptional, 300, 600000, &number)) {
    out->reactor_lease_ms = static_cast<std::uint32_t>(number);
  }
  if (store.ReadInteger("mapped_memory_budget_mb", Presence::kOptional, 0, std::int64_t{1} << 30,
                        &number)) {
    out->mapped_memory_budget_mb = static_cast<std::uint64_t>(number);
  }

  // Forgetting a citizen deletes a key; a key store inside the log directory
  // (or the reverse) would end up in the log's backups and defeat that.
  const auto log = std::filesystem::path(out->path).lexically_normal();
  const auto keys = std::filesystem::path(out->keys_path).lexically_normal();
  if (IsWithin(keys, log) || IsWithin(log, keys)) {
    auto at = store.Child("keys_path", Presence::kOptional);
    const std::string message = "expected a directory apart from store.path, got \"" +
                                out->keys_path + "\" which overlaps \"" + out->path + "\"";
    if (at) {
      errors->Add(*at, message);
    } else {
      errors->Add(store.node().Field(store.node().node, "keys_path"), message);
    }
  }
}

}  // namespace rexian::config_internal
