package dev.nestbox.adapters.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs one call per input on its own thread, all released at once, so the database has to settle the race. */
final class Race {
    private Race() {
    }

    static <I, O> List<O> run(List<I> inputs, Function<I, O> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(inputs.size());
        ExecutorService threads = Executors.newFixedThreadPool(inputs.size());
        try {
            List<Future<O>> results = new ArrayList<>();
            for (I input : inputs) {
                results.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return call.apply(input);
                }));
            }
            List<O> outcomes = new ArrayList<>();
            for (Future<O> result : results) {
                outcomes.add(result.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }
}
