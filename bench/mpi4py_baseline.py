"""mpi4py's side of the MPI benchmark: ppx_bench.cpp's workloads with
mpi4py.futures.MPIPoolExecutor, in its static mode (the ranks mpiexec
started; rank 0 runs this, the others serve):

    mpiexec -n 3 python3 -m mpi4py.futures mpi4py_baseline.py <workers> [--quick]

Prints "<name> <seconds>" lines, the best of 3 runs, as ppx_bench does. The
payload is an array of doubles (pickled as its bytes), as ppx's
std::vector<double>.
"""
import array
import os
import sys

from mpi4py.futures import MPIPoolExecutor


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_baseline import best_of_3, pool_workloads, report, square


def echo(v):
    return v


def main():
    workers = int(sys.argv[1])
    quick = sys.argv[2:] == ["--quick"]

    def startup():
        with MPIPoolExecutor(workers) as pool:
            pool.submit(square, 1).result()
    report("startup+shutdown", best_of_3(startup))

    with MPIPoolExecutor(workers) as pool:
        pool_workloads(pool, quick)

        sizes = [1 << 20] if quick else [1 << 20, 100 << 20, 1 << 30]
        for size in sizes:
            payload = array.array("d", [0.5]) * (size // 8)
            n = 50 if size <= (1 << 20) else 3 if size <= (100 << 20) else 1

            def echoed():
                for _ in range(n):
                    assert len(pool.submit(echo, payload).result()) == len(payload)
            report("payload %d" % size, best_of_3(echoed) / n)


if __name__ == "__main__":
    main()
