// The log commands end to end: export/import round trip, verify, tail, forget, backup.
#include <lmdb.h>

#include <boost/json.hpp>
#include <sstream>
#include <thread>

#include "app/app_fixture.h"
#include "app/runtime.h"

namespace rexian::testing {
namespace {

// Appends `n` test.recorded events through the real EventLog (validation and
// sealing) for citizens alice and bob alternately.
void Populate(const std::string& config, int n) {
  auto rt = cli::OpenRuntime(config, cli::RuntimeNeeds{true, true, true});
  INFO(rt.status().ToString());
  REQUIRE(rt.ok());
  for (int i = 0; i < n; ++i) {
    const std::string citizen = i % 2 == 0 ? "alice" : "bob";
    NewEvent e;
    e.type = "test.recorded";
    e.event_id = "ev-" + std::to_string(i);
    e.metadata = R"({"actor":{"user":"agent-1","role":"agent"},"occurred_at":"2025-05-01T10:00:00+08:00","citizen":")" +
                 citizen + R"("})";
    e.payload = R"({"n":)" + std::to_string(i) + R"(,"note":")" + citizen + " 说：路灯坏了 " +
                std::to_string(i) + R"("})";
    AppendResult r =
        (*rt)->log->Append(AppendRequest{"s-" + std::to_string(i % 4), ExpectedVersion::Any(), {e}});
    REQUIRE(r.status.ok());
  }
}

std::vector<boost::json::object> Lines(const std::string& text) {
  std::vector<boost::json::object> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
  }
  return out;
}

TEST_CASE("export, import, export is byte-identical and the copy verifies", "[app][log]") {
  TempDir dir;
  std::string a = WriteTestConfig(dir.path(), 1, dir.sub("a"), "a.yaml");
  std::string b = WriteTestConfig(dir.path(), 1, dir.sub("b"), "b.yaml");
  Populate(a, 120);

  REQUIRE(Rexian(dir, {"export", "--config", a, "--output", dir.sub("first.jsonl")}) == 0);
  std::string err;
  REQUIRE(Rexian(dir, {"import", "--config", b, "--input", dir.sub("first.jsonl")}, nullptr, &err) == 0);
  CHECK_THAT(err, Catch::Contains("import: 120"));
  std::string second;
  REQUIRE(Rexian(dir, {"export", "--config", b}, &second) == 0);
  std::string first = Subprocess::Slurp(dir.sub("first.jsonl"));
  CHECK(Lines(first).size() == 120);
  CHECK(first == second);
  std::string out;
  CHECK(Rexian(dir, {"verify", "--config", b}, &out) == 0);
  CHECK_THAT(out, Catch::StartsWith("ok: 120 events"));

  // Importing the same lines again cannot fork the chain.
  CHECK(Rexian(dir, {"import", "--config", b, "--input", dir.sub("first.jsonl")}, nullptr, &err) == 1);
  CHECK_THAT(err, Catch::Contains("position 1"));
  // A malformed line is named.
  std::ofstream(dir.sub("bad.jsonl")) << "{\"position\":1}\n";
  std::string c = WriteTestConfig(dir.path(), 1, dir.sub("c"), "c.yaml");
  CHECK(Rexian(dir, {"import", "--config", c, "--input", dir.sub("bad.jsonl")}, nullptr, &err) == 1);
  CHECK_THAT(err, Catch::Contains("line 1: stream_id: expected a string"));
}

TEST_CASE("verify exits 1 and names the first bad position of a tampered log", "[app][log]") {
  TempDir dir;
  std::string config = WriteTestConfig(dir.path(), 1, dir.sub("data"));
  Populate(config, 10);
  // Flip one byte of record 6 behind rexian's back.
  MDB_env* env = nullptr;
  REQUIRE(mdb_env_create(&env) == 0);
  mdb_env_set_maxdbs(env, 8);
  REQUIRE(mdb_env_open(env, dir.sub("data/log").c_str(), 0, 0640) == 0);
  MDB_txn* txn = nullptr;
  REQUIRE(mdb_txn_begin(env, nullptr, 0, &txn) == 0);
  MDB_dbi dbi;
  REQUIRE(mdb_dbi_open(txn, "log", MDB_INTEGERKEY, &dbi) == 0);
  std::size_t position = 6;
  MDB_val key{sizeof position, &position}, value;
  REQUIRE(mdb_get(txn, dbi, &key, &value) == 0);
  std::string bytes(static_cast<char*>(value.mv_data), value.mv_size);
  bytes[bytes.size() - 2] ^= 0x20;
  MDB_val changed{bytes.size(), bytes.data()};
  REQUIRE(mdb_put(txn, dbi, &key, &changed, 0) == 0);
  REQUIRE(mdb_txn_commit(txn) == 0);
  mdb_env_close(env);

  std::string err;
  CHECK(Rexian(dir, {"verify", "--config", config}, nullptr, &err) == 1);
  CHECK_THAT(err, Catch::Contains("first bad position 6"));
}

TEST_CASE("forget redacts a citizen in tail and export, keeps counts and the chain", "[app][log]") {
  TempDir dir;
  std::string config = WriteTestConfig(dir.path(), 1, dir.sub("data"));
  Populate(config, 8);

  std::string plain;
  REQUIRE(Rexian(dir, {"tail", "--config", config, "--plaintext"}, &plain) == 0);
  auto before = Lines(plain);
  REQUIRE(before.size() == 8);
  CHECK(before[0].at("payload").at("note") == "alice 说：路灯坏了 0");
  std::string redacted;
  REQUIRE(Rexian(dir, {"tail", "--config", config}, &redacted) == 0);
  CHECK(Lines(redacted)[0].at("payload").at("note") == "[redacted]");
  CHECK(Lines(redacted)[0].at("payload").at("n") == 0);  // non-personal fields stay

  std::string exported;
  REQUIRE(Rexian(dir, {"export", "--config", config}, &exported) == 0);
  CHECK(exported.find("路灯") == std::string::npos);  // sealed in every copy

  std::string out;
  REQUIRE(Rexian(dir, {"forget", "--config", config, "alice"}, &out) == 0);
  CHECK_THAT(out, Catch::Contains("1 key(s) destroyed"));
  REQUIRE(Rexian(dir, {"tail", "--config", config, "--plaintext"}, &plain) == 0);
  auto after = Lines(plain);
  REQUIRE(after.size() == 8);
  for (const auto& line : after) {
    const bool alice = line.at("payload").at("n").as_int64() % 2 == 0;
    if (alice) {
      CHECK(line.at("payload").at("note") == "[redacted]");
    } else {
      CHECK(line.at("payload").at("note").as_string().subview().find("bob") == 0);
    }
  }
  CHECK(Rexian(dir, {"verify", "--config", config}) == 0);
  CHECK(Rexian(dir, {"tail", "--config", config, "--from", "7"}, &plain) == 0);
  CHECK(Lines(plain).size() == 2);
}

TEST_CASE("backup copies log, keys and the pseudonym secret while the server runs", "[app][log]") {
  TempDir dir;
  const int port = FreeLoopbackPort();
  std::string config = WriteTestConfig(dir.path(), port, dir.sub("data"));
  Populate(config, 20);
  Subprocess server({RexianBinary(), "serve", "--config", config}, dir.path());
  REQUIRE(WaitUntilServing(port, &server));
  std::string err;
  REQUIRE(Rexian(dir, {"backup", "--config", config, "--to", dir.sub("copy")}, nullptr, &err) == 0);
  server.Signal(SIGTERM);
  CHECK(server.Wait(std::chrono::seconds(10)) == 0);

  // The copy is a complete rexian data directory: verify it and read it in plaintext.
  std::string copy_config = WriteTestConfig(dir.path(), 1, dir.sub("copy"), "copy.yaml");
  std::string out;
  CHECK(Rexian(dir, {"verify", "--config", copy_config}, &out) == 0);
  CHECK_THAT(out, Catch::StartsWith("ok: 20 events"));
  REQUIRE(Rexian(dir, {"tail", "--config", copy_config, "--plaintext"}, &out) == 0);
  CHECK(Lines(out)[1].at("payload").at("note") == "bob 说：路灯坏了 1");
  // The secret behind citizens' pseudonyms (created by the server's intake)
  // is copied byte for byte: a restored server keeps every pseudonym.
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string secret = read(dir.sub("data") + "/keys/pseudonym.secret");
  CHECK(secret.size() == 32);
  CHECK(read(dir.sub("copy") + "/keys/pseudonym.secret") == secret);
}

}  // namespace
}  // namespace rexian::testing
