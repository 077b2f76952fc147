"""CPython's side of the side-by-side benchmark: the workloads of
ppx_bench.cpp with concurrent.futures.ProcessPoolExecutor.

    python3 python_baseline.py <spawn|fork|forkserver> <workers> [--quick]

Prints "<name> <seconds>" lines, the best of 3 runs, as ppx_bench does.
"""
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


def best_of_3(work):
    best = 1e9
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def report(name, s):
    print("%s %.9f" % (name, s), flush=True)


def main():
    ctx = multiprocessing.get_context(sys.argv[1])
    workers = int(sys.argv[2])
    quick = sys.argv[3:] == ["--quick"]

    def startup():
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            pool.submit(square, 1).result()
    report("startup+shutdown", best_of_3(startup))

    if sys.argv[1] != "fork":  # fork refuses max_tasks_per_child
        starts = 5 if quick else 30

        def worker_starts():
            # One worker, replaced after every task: each task waits for a
            # new worker to start.
            with ProcessPoolExecutor(1, mp_context=ctx, max_tasks_per_child=1) as pool:
                for i in range(starts):
                    assert pool.submit(square, i).result() == i * i
        report("worker start", best_of_3(worker_starts) / starts)

    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        pool_workloads(pool, quick)


def pool_workloads(pool, quick):
    """The workloads on a running pool (mpi4py_baseline.py's too): round trip,
    submissions, map."""
    pool.submit(square, 1).result()
    pool.submit(square, 1).result()

    trips = 100 if quick else 2000

    def roundtrip():
        for i in range(trips):
            assert pool.submit(square, i).result() == i * i
    report("roundtrip", best_of_3(roundtrip) / trips)

    tiny = 500 if quick else 50000

    def submitted():
        fs = [pool.submit(square, i) for i in range(tiny)]
        assert sum(f.result() for f in fs) >= 0
    report("submit %d tiny tasks" % tiny, best_of_3(submitted))

    items = 10000 if quick else 1000000
    inputs = [i % 1000 for i in range(items)]

    def mapped():
        assert sum(pool.map(square, inputs, chunksize=1000)) >= 0
    report("map %d items, chunksize 1000" % items, best_of_3(mapped))


if __name__ == "__main__":
    main()
