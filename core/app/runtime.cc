// Opening the configured stores for a command.
#include "app/runtime.h"

#include "intake/pseudonym_secret.h"
#include "rexian/pg_key_store.h"

namespace rexian::cli {

Runtime::~Runtime() {
  log.reset();
  if (store) store->Close();
  store.reset();
  keys.reset();
}

LmdbStoreOptions StoreOptionsFrom(const StoreConfig& store, bool read_only) {
  LmdbStoreOptions options;
  options.path = store.path;
  options.durability = store.durability;
  options.initial_map_bytes = store.initial_map_mb << 20;
  options.max_batch_events = store.max_batch_events;
  options.read_only = read_only;
  return options;
}

PgStoreOptions PgStoreOptionsFrom(const StoreConfig& store, bool read_only) {
  PgStoreOptions options;
  options.dsn = store.dsn;
  options.max_batch_events = store.max_batch_events;
  options.read_only = read_only;
  return options;
}

Result<std::unique_ptr<KeyStore>> OpenKeyStoreFor(const StoreConfig& store) {
  if (store.backend != StoreBackend::kPostgres) return KeyStore::Open(store.keys_path, false);
  PgKeyStoreOptions options;
  options.dsn = store.dsn;
  return OpenPgKeyStore(options);
}

Result<std::string> LoadPseudonymSecretFor(const StoreConfig& store) {
  if (store.backend != StoreBackend::kPostgres) return LoadPseudonymSecret(store.keys_path);
  return LoadPgPseudonymSecret(store.dsn);
}

Result<std::unique_ptr<Runtime>> OpenRuntime(const std::string& config_path, RuntimeNeeds needs) {
  auto config = LoadConfig(config_path);
  if (!config.ok()) return config.status();
  auto rt = std::make_unique<Runtime>();
  rt->config = std::move(config).value();
  rt->mapped_memory = std::make_unique<MappedMemoryBudget>(
      static_cast<std::size_t>(rt->config.store.mapped_memory_budget_mb) << 20);
  if (needs.schemas) {
    auto schemas = SchemaRegistry::Load(rt->config.schemas_dir);
    if (!schemas.ok()) return schemas.status();
    rt->schemas = std::move(schemas).value();
  }
  if (needs.keys) {
    auto keys = OpenKeyStoreFor(rt->config.store);
    if (!keys.ok()) return keys.status();
    rt->keys = std::move(keys).value();
  }
  auto store = rt->config.store.backend == StoreBackend::kPostgres
                   ? OpenPgEventStore(PgStoreOptionsFrom(rt->config.store, !needs.write))
                   : OpenLmdbEventStore(StoreOptionsFrom(rt->config.store, !needs.write));
  if (!store.ok()) return store.status();
  rt->store = std::move(store).value();
  if (rt->schemas && rt->keys) {
    rt->log = std::make_unique<EventLog>(rt->store.get(), rt->schemas.get(), rt->keys.get());
  }
  return rt;
}

}  // namespace rexian::cli
