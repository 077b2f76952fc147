"""CPython's side of the side-by-side benchmark: the workloads of
ppx_bench.cpp with concurrent.futures.ProcessPoolExecutor.

    python3 python_baseline.py <spawn|fork> <workers>
"""
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def square(x):
    return x * x


def size_of(s):
    return len(s)


def make_payload(n):
    return "p" * n


def seconds(work):
    best = 1e9
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def report(name, s):
    print("%s %.6f" % (name, s), flush=True)


def main():
    ctx = multiprocessing.get_context(sys.argv[1])
    workers = int(sys.argv[2])

    def startup():
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            pool.submit(square, 1).result()
    report("startup+shutdown", seconds(startup))

    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        pool.submit(square, 1).result()

        def tiny():
            fs = [pool.submit(square, i) for i in range(2000)]
            assert sum(f.result() for f in fs) >= 0
        report("submit 2000 tiny tasks", seconds(tiny))

        inputs = list(range(100000))

        def mapped():
            assert sum(pool.map(square, inputs, chunksize=1000)) >= 0
        report("map 100000 items, chunksize 1000", seconds(mapped))

        payload = "q" * (10 << 20)

        def big():
            for _ in range(10):
                assert pool.submit(size_of, payload).result() == len(payload)
                assert len(pool.submit(make_payload, len(payload)).result()) == len(payload)
        report("10 MiB argument and result, x10", seconds(big))


if __name__ == "__main__":
    main()
