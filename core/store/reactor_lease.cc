// AlwaysHeldReactorLease: the lease of a node alone on its store.
#include "rexian/reactor_lease.h"

namespace rexian {
namespace {

class AlwaysHeld final : public ReactorLease {
 public:
  bool Held() const override { return true; }
  ReactorLeaseState State() const override {
    ReactorLeaseState state;
    state.held = true;
    state.node_id = state.holder = "local";
    state.epoch = 1;
    state.acquisitions = 1;
    return state;
  }
};

}  // namespace

std::unique_ptr<ReactorLease> AlwaysHeldReactorLease() { return std::make_unique<AlwaysHeld>(); }

}  // namespace rexian
