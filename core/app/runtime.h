// Runtime: the configuration and open stores one rexian command works with.
#pragma once

#include <memory>
#include <string>

#include "rexian/config.h"
#include "rexian/event_log.h"
#include "rexian/event_store.h"
#include "rexian/mapped_memory.h"
#include "rexian/privacy.h"
#include "rexian/schema_registry.h"

namespace rexian::cli {

// What a command needs opened.
struct RuntimeNeeds {
  bool write = false;    // open the log for appends/imports (else read-only)
  bool keys = false;     // open the personal-data key store
  bool schemas = false;  // load the JSON Schemas and build the EventLog
};

// Owns everything a command opened, closed in reverse order on destruction.
struct Runtime {
  Config config;
  // Keeps the stores' mapped pages within store.mapped_memory_budget_mb.
  std::unique_ptr<MappedMemoryBudget> mapped_memory;
  std::unique_ptr<SchemaRegistry> schemas;
  std::unique_ptr<KeyStore> keys;
  std::unique_ptr<EventStore> store;
  std::unique_ptr<EventLog> log;  // set when needs.schemas and needs.keys

  ~Runtime();
};

// Loads `config_path` and opens what `needs` asks for. Errors name the file
// or directory that failed.
Result<std::unique_ptr<Runtime>> OpenRuntime(const std::string& config_path, RuntimeNeeds needs);

// The personal-data key store of the configured backend: the LMDB directory
// keys_path, or on postgres the keys in the log's database (shared by every
// node; keys_path unused).
Result<std::unique_ptr<KeyStore>> OpenKeyStoreFor(const StoreConfig& store);

// The pseudonym secret (intake/pseudonym_secret.h) of the configured backend:
// keys_path/pseudonym.secret, or on postgres the one row every node shares.
Result<std::string> LoadPseudonymSecretFor(const StoreConfig& store);

// Store options as the configuration sets them.
LmdbStoreOptions StoreOptionsFrom(const StoreConfig& store, bool read_only);
PgStoreOptions PgStoreOptionsFrom(const StoreConfig& store, bool read_only);

}  // namespace rexian::cli
