// Running a loop on several threads, through oneTBB: its worker threads
// live as long as the process, so what a thread caches (the analyser's
// word cache, its stemmer) outlives one loop.
#ifndef RETOLD_COMMON_PARALLEL_H_
#define RETOLD_COMMON_PARALLEL_H_

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <thread>

namespace retold {

// `wanted`, or every core when it is 0.
inline unsigned ThreadCount(unsigned wanted) {
  return wanted ? wanted : std::max(1u, std::thread::hardware_concurrency());
}

// Runs fn(i) for i in [0, n) on at most `threads` threads, the caller's
// included; uneven items are spread by work stealing. One item at a time:
// callers give items of some size (a document, a part of the key space).
template <typename Fn>
void ParallelFor(size_t n, unsigned threads, Fn&& fn) {
  if (threads <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  tbb::task_arena arena(static_cast<int>(threads));
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n, 1), [&](const tbb::blocked_range<size_t>& range) {
      for (size_t i = range.begin(); i != range.end(); ++i) fn(i);
    }, tbb::simple_partitioner());
  });
}

// ParallelFor over [0, n) in chunks of `chunk` items: fn(begin, end) for
// each, for items too small to be a task each.
template <typename Fn>
void ParallelForChunks(size_t n, size_t chunk, unsigned threads, Fn&& fn) {
  ParallelFor((n + chunk - 1) / chunk, threads,
              [&](size_t c) { fn(c * chunk, std::min(n, (c + 1) * chunk)); });
}

// std::sort on at most `threads` threads. `less` must be a total order
// (no two different elements equal), so that the result is the same
// however the work was split.
template <typename It, typename Less>
void ParallelSort(It begin, It end, unsigned threads, Less less) {
  if (threads <= 1 || end - begin < 65536) {
    std::sort(begin, end, less);
    return;
  }
  tbb::task_arena arena(static_cast<int>(threads));
  arena.execute([&] { tbb::parallel_sort(begin, end, less); });
}

// Inside ParallelFor's fn: which of its threads runs it, in [0, threads).
inline unsigned WorkerSlot() {
  int slot = tbb::this_task_arena::current_thread_index();
  return slot < 0 ? 0 : static_cast<unsigned>(slot);
}

}  // namespace retold

#endif  // RETOLD_COMMON_PARALLEL_H_
