// LmdbKeyStore: the KeyStore of rexian/privacy.h on an LMDB environment of its own.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "privacy/lmdb_environment.h"
#include "rexian/privacy.h"

namespace rexian::privacy {

// See KeyStore for the contract. Each call runs one or two LMDB transactions and keeps nothing
// from them, so changes by other processes are seen at the next call. Key creations go through the
// environment's GroupCommitQueue (batched, or one transaction each without group commit).
class LmdbKeyStore final : public KeyStore {
 public:
  LmdbKeyStore(std::shared_ptr<LmdbEnvironment> env, bool read_only, bool group_commit)
      : env_(std::move(env)), read_only_(read_only), group_commit_(group_commit) {}

  Result<DataKey> KeyFor(std::string_view citizen_id) override;
  Result<DataKey> Find(std::string_view key_id) override;
  Result<KeyInfo> Describe(std::string_view key_id) override;
  Result<std::size_t> Forget(std::string_view citizen_id) override;
  bool WasForgotten(std::string_view citizen_id) override;
  Result<std::int64_t> LastForgottenAt(std::string_view citizen_id) override;
  Status Backup(const std::string& dest_dir) override;
  KeyStoreStats Stats() const override;

 private:
  // Sets *found to the citizen's newest live key, or *have = false if there is none.
  Status CurrentKey(LmdbTxn& txn, std::string_view citizen_id, DataKey* found, bool* have);
  // Creates, stores and indexes a new random key for the citizen.
  Status CreateKey(LmdbTxn& txn, std::string_view citizen_id, DataKey* created);
  // Every index entry (see key_store_records.h) of the citizen, oldest first.
  Status CitizenEntries(LmdbTxn& txn, std::string_view citizen_id,
                        std::vector<std::string>* entries);
  Status RequireWritable(std::string_view what) const;

  std::shared_ptr<LmdbEnvironment> env_;
  bool read_only_;
  bool group_commit_;
};

}  // namespace rexian::privacy
