// The mapped-memory budget: an LMDB log's pages leave the resident set, and reads stay exact.
#include "rexian/mapped_memory.h"

#include <chrono>
#include <thread>

#include "store/store_fixture.h"

namespace rexian::testing {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

// Appends `count` events of ~4 KiB each to stream "big".
void FillLog(EventStore* store, int count) {
  const std::string blob(4000, 'x');
  for (int i = 0; i < count; i += 100) {
    AppendRequest request{"big-" + std::to_string(i), ExpectedVersion::Any(), {}};
    for (int j = i; j < i + 100 && j < count; ++j) {
      NewEvent e = MakeEvent("e" + std::to_string(j));
      e.payload = R"({"n":)" + std::to_string(j) + R"(,"blob":")" + blob + R"("})";
      request.events.push_back(e);
    }
    REQUIRE(store->Append(std::move(request)).status.ok());
  }
}

// Reads the whole log; returns the payload bytes seen (touching every page).
std::size_t ReadEverything(EventStore* store, std::vector<std::string>* payloads) {
  std::size_t bytes = 0;
  payloads->clear();
  REQUIRE(store->ReadAll(1, ~std::size_t{0}, [&](const RecordedEvent& e) {
    bytes += e.payload.size();
    payloads->push_back(e.payload);
    return true;
  }).ok());
  return bytes;
}

}  // namespace

TEST_CASE("dropping an LMDB log's mapped pages shrinks the resident set and loses nothing",
          "[store][lmdb][memory]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  FillLog(store.get(), 12000);  // ~48 MiB of records
  std::vector<std::string> before, after;
  const std::size_t bytes = ReadEverything(store.get(), &before);
  REQUIRE(bytes > 45 * kMiB);

  MappedRegions::DropAll();  // the store's own map is registered, and the baseline is taken after
  ReadEverything(store.get(), &before);
  const std::size_t touched = MappedRegions::ResidentFileBytes();
  MappedRegions::DropAll();
  const std::size_t dropped = MappedRegions::ResidentFileBytes();
  INFO("resident file bytes after reading " << touched / kMiB << " MiB, after the drop "
                                             << dropped / kMiB << " MiB");
  CHECK(touched >= dropped + 40 * kMiB);

  ReadEverything(store.get(), &after);  // mapped again from the page cache
  CHECK(after == before);
}

TEST_CASE("the mapped-memory budget drops pages once they pass it, and not before",
          "[store][lmdb][memory]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  FillLog(store.get(), 12000);
  std::vector<std::string> payloads;
  MappedRegions::DropAll();
  const std::size_t baseline = MappedRegions::ResidentFileBytes();

  SECTION("under the budget: nothing dropped") {
    MappedMemoryBudget budget(baseline + 200 * kMiB, std::chrono::milliseconds(10));
    ReadEverything(store.get(), &payloads);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(budget.drops() == 0);
    CHECK(MappedRegions::ResidentFileBytes() >= baseline + 40 * kMiB);
  }
  SECTION("over the budget: dropped within a few intervals") {
    MappedMemoryBudget budget(baseline + 16 * kMiB, std::chrono::milliseconds(10));
    ReadEverything(store.get(), &payloads);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (budget.drops() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(budget.drops() >= 1);
    CHECK(MappedRegions::ResidentFileBytes() < baseline + 40 * kMiB);
    CHECK(payloads.size() == 12000);
  }
}

}  // namespace rexian::testing
