// DeliveryWorker: the queue and the thread.
#include "plugin_host/delivery_worker.h"

namespace rexian {

DeliveryWorker::DeliveryWorker(Send send, std::size_t max_queued)
    : send_(std::move(send)), max_queued_(max_queued) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  std::lock_guard lock(mu_);
  if (started_ || stopping_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void DeliveryWorker::Post(Reply reply, DeliverCallback done) {
  const char* refusal = nullptr;
  {
    std::lock_guard lock(mu_);
    if (!started_ || stopping_) {
      refusal = "the plugin is not running";
    } else if (queue_.size() >= max_queued_) {
      refusal = "the plugin's delivery queue is full";
    } else {
      queue_.push_back(Item{std::move(reply), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(Status::Unavailable(refusal));
}

void DeliveryWorker::Stop() {
  std::deque<Item> abandoned;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    abandoned.swap(queue_);
    wake_.notify_one();
  }
  for (Item& item : abandoned) item.done(Status::Unavailable("the plugin is stopping"));
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void DeliveryWorker::Run() {
  for (;;) {
    Item item;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    item.done(send_(item.reply));
  }
}

}  // namespace rexian
