package dev.plmlab.science.probe;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * How many parallel tasks are worth creating. Parallel work runs in the fork-join pool of the
 * calling thread when it is a pool worker (so callers bound the threads a probe uses by
 * fitting inside their own {@code ForkJoinPool}), else in the common pool, which the calling
 * thread joins.
 */
final class ForkJoinTasks {
    private ForkJoinTasks() {
    }

    static int parallelism() {
        if (ForkJoinTask.inForkJoinPool()) {
            return ForkJoinTask.getPool().getParallelism();
        }
        return ForkJoinPool.getCommonPoolParallelism() + 1;
    }
}
