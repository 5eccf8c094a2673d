// The log maintenance commands: tail, verify, backup, export, import, forget.
#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/cli_args.h"
#include "app/commands.h"
#include "app/progress.h"
#include "app/runtime.h"
#include "store/record_hash.h"
#include "store/record_json.h"

namespace rexian::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

// Parses the command's arguments and opens the runtime; on failure prints
// the error and leaves the exit code in *exit_code.
std::unique_ptr<Runtime> Open(const std::string& command, const Args& raw,
                              const std::set<std::string>& valued,
                              const std::set<std::string>& flags, RuntimeNeeds needs,
                              CliArgs* args, int* exit_code) {
  std::set<std::string> all_valued = valued;
  all_valued.insert("config");
  auto parsed = CliArgs::Parse(raw, all_valued, flags);
  if (!parsed.ok()) {
    *exit_code = Fail(command, parsed.status().message(), 2);
    return nullptr;
  }
  *args = std::move(parsed).value();
  auto rt = OpenRuntime(args->Get("config", kDefaultConfig), needs);
  if (!rt.ok()) {
    *exit_code = Fail(command, rt.status().ToString(), 2);
    return nullptr;
  }
  return std::move(rt).value();
}

// A record as a human reads it: metadata and payload as JSON objects.
std::string TailLine(const RecordedEvent& e) {
  boost::json::object o;
  o["position"] = e.position;
  o["recorded_at"] = FormatUtcMicros(e.recorded_at_us);
  o["stream_id"] = e.stream_id;
  o["stream_version"] = e.stream_version;
  o["type"] = e.type;
  o["schema_version"] = e.schema_version;
  o["event_id"] = e.event_id;
  boost::system::error_code ec;
  o["metadata"] = boost::json::parse(e.metadata, ec);
  o["payload"] = boost::json::parse(e.payload, ec);
  return boost::json::serialize(o);
}

}  // namespace

int Fail(const std::string& command, const std::string& message, int code) {
  std::fprintf(stderr, "rexian %s: %s\n", command.c_str(), message.c_str());
  return code;
}

int RunTail(const Args& raw) {
  CliArgs args;
  int code = 0;
  auto rt = Open("tail", raw, {"from"}, {"follow", "plaintext"},
                 RuntimeNeeds{false, /*keys=*/true, /*schemas=*/true}, &args, &code);
  if (!rt) return code;
  auto from = args.GetUint("from", 1);
  if (!from.ok()) return Fail("tail", from.status().message(), 2);
  const PiiAccess access = args.Has("plaintext") ? PiiAccess::kPlaintext : PiiAccess::kRedacted;
  auto print = [](const RecordedEvent& e) {
    std::string line = TailLine(e) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    return true;
  };
  if (!args.Has("follow")) {
    Status s = rt->log->ReadAll(*from, ~std::size_t{0}, access, print);
    std::fflush(stdout);
    return s.ok() ? 0 : Fail("tail", s.ToString(), 1);
  }
  std::signal(SIGINT, [](int) { g_interrupted = 1; });
  std::signal(SIGTERM, [](int) { g_interrupted = 1; });
  auto sub = rt->log->Subscribe(*from, access, [&](const RecordedEvent& e) {
    print(e);
    std::fflush(stdout);
    return true;
  });
  if (!sub.ok()) return Fail("tail", sub.status().ToString(), 1);
  // The log is written by another process: poll its head so the
  // subscription wakes up promptly.
  while (!g_interrupted) {
    rt->store->HeadPosition();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  (*sub)->Stop();
  return 0;
}

int RunVerify(const Args& raw) {
  CliArgs args;
  int code = 0;
  auto rt = Open("verify", raw, {}, {}, RuntimeNeeds{}, &args, &code);
  if (!rt) return code;
  Progress progress("verify");
  const std::uint64_t head = rt->store->HeadPosition();
  Status s = rt->store->Verify([&](std::uint64_t done, std::uint64_t total) {
    progress.Update(done, total);
  });
  progress.Finish(head);
  if (!s.ok()) return Fail("verify", s.ToString(), 1);
  std::printf("ok: %llu events, hash chain and indexes verified, head %s\n",
              static_cast<unsigned long long>(head),
              head == 0 ? "-" : HexEncode(rt->store->ReadAt(head)->hash).c_str());
  return 0;
}

int RunBackup(const Args& raw) {
  CliArgs args;
  int code = 0;
  auto rt = Open("backup", raw, {"to"}, {}, RuntimeNeeds{false, true, false}, &args, &code);
  if (!rt) return code;
  const std::string to = args.Get("to");
  if (to.empty()) return Fail("backup", "--to DIR is required", 2);
  // The log first, then the keys: every event in the copied log had its key
  // created before it was appended, so the key copy holds all of them.
  Status s = rt->store->Backup(to + "/log");
  if (s.ok()) s = rt->keys->Backup(to + "/keys");
  if (!s.ok()) return Fail("backup", s.ToString(), 1);
  // The pseudonym secret lives beside the keys (intake/pseudonym_secret.h):
  // without it a restored server would give returning citizens new
  // pseudonyms. Absent when intake never ran.
  const std::filesystem::path secret =
      std::filesystem::path(rt->config.store.keys_path) / "pseudonym.secret";
  std::error_code ec;
  if (std::filesystem::exists(secret, ec)) {
    std::filesystem::copy_file(secret, std::filesystem::path(to) / "keys" / "pseudonym.secret",
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return Fail("backup", "cannot copy " + secret.string() + ": " + ec.message(), 1);
  }
  std::printf("backup written to %s (log/ and keys/)\n", to.c_str());
  return 0;
}

int RunExport(const Args& raw) {
  CliArgs args;
  int code = 0;
  auto rt = Open("export", raw, {"from", "output"}, {}, RuntimeNeeds{}, &args, &code);
  if (!rt) return code;
  auto from = args.GetUint("from", 1);
  if (!from.ok()) return Fail("export", from.status().message(), 2);
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (args.Has("output")) {
    file.open(args.Get("output"), std::ios::binary | std::ios::trunc);
    if (!file) return Fail("export", "cannot write '" + args.Get("output") + "'", 1);
    out = &file;
  }
  Progress progress("export");
  const std::uint64_t head = rt->store->HeadPosition();
  std::uint64_t count = 0;
  std::string line;
  // Ciphertext is exported as stored: personal data stays sealed, and a
  // forgotten citizen stays forgotten in every copy.
  Status s = rt->store->ReadAll(*from, ~std::size_t{0}, [&](const RecordedEvent& e) {
    line = RecordToJsonLine(e);
    line.push_back('\n');
    out->write(line.data(), static_cast<std::streamsize>(line.size()));
    progress.Update(++count, head);
    return static_cast<bool>(*out);
  });
  out->flush();
  progress.Finish(count);
  if (!s.ok()) return Fail("export", s.ToString(), 1);
  if (!*out) return Fail("export", "write failed", 1);
  return 0;
}

int RunImport(const Args& raw) {
  CliArgs args;
  int code = 0;
  auto rt = Open("import", raw, {"input"}, {}, RuntimeNeeds{true, false, false}, &args, &code);
  if (!rt) return code;
  std::ifstream file;
  std::istream* in = &std::cin;
  if (args.Has("input")) {
    file.open(args.Get("input"), std::ios::binary);
    if (!file) return Fail("import", "cannot read '" + args.Get("input") + "'", 1);
    in = &file;
  }
  Progress progress("import");
  std::vector<RecordedEvent> batch;
  std::uint64_t line_no = 0, imported = 0;
  std::string line;
  auto flush = [&]() -> Status {
    Status s = rt->store->Import(batch);
    if (s.ok()) imported += batch.size();
    batch.clear();
    progress.Update(imported, 0);
    return s;
  };
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.empty()) continue;
    RecordedEvent record;
    Status s = RecordFromJsonLine(line, &record);
    if (!s.ok()) {
      return Fail("import", "line " + std::to_string(line_no) + ": " + s.message() +
                                " (" + std::to_string(imported) + " records imported before it)", 1);
    }
    batch.push_back(std::move(record));
    if (batch.size() == 10000) {
      s = flush();
      if (!s.ok()) return Fail("import", "before line " + std::to_string(line_no) + ": " + s.ToString(), 1);
    }
  }
  Status s = flush();
  progress.Finish(imported);
  if (!s.ok()) return Fail("import", s.ToString(), 1);
  return 0;
}

int RunForget(const Args& raw) {
  CliArgs args;
  int code = 0;
  auto rt = Open("forget", raw, {}, {}, RuntimeNeeds{false, true, false}, &args, &code);
  if (!rt) return code;
  if (args.positional().size() != 1) return Fail("forget", "usage: rexian forget CITIZEN", 2);
  const std::string& citizen = args.positional()[0];
  auto destroyed = rt->keys->Forget(citizen);
  if (!destroyed.ok()) return Fail("forget", destroyed.status().ToString(), 1);
  std::printf("forgot citizen %s: %zu key(s) destroyed; their personal fields now read as %s\n",
              citizen.c_str(), *destroyed, std::string(kRedactedMarker).c_str());
  return 0;
}

}  // namespace rexian::cli
