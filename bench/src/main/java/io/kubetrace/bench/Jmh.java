package io.kubetrace.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks short enough for the whole {@code kubetrace bench} to stay within minutes:
 * one fork, a few iterations of a few seconds, throughput in operations per second.
 */
final class Jmh {

    /**
     * How long a benchmark runs.
     *
     * @param warmups warm-up iterations
     * @param iterations measured iterations
     * @param seconds seconds per iteration
     */
    record Plan(int warmups, int iterations, int seconds) {}

    /** The parse benchmarks: the limit and kubetrace's audit parsing. */
    static final Plan PARSE = new Plan(2, 3, 2);

    /** The differ benchmarks, eight of them. */
    static final Plan DIFFER = new Plan(1, 2, 1);

    /** The heap of a fork: the samples it holds and their parsed trees. */
    private static final String HEAP = "-Xmx2g";

    /** A score and its 99.9% confidence half-width, in operations per second. */
    record Score(double score, double error) {}

    private Jmh() {}

    /**
     * Runs every benchmark of the classes for every value of the parameters.
     *
     * @return scores by {@code Class.method}, then by the value of the benchmark's one varying
     *     parameter (or its only value)
     */
    static Map<String, Map<String, Score>> run(
            List<Class<?>> benchmarks, Map<String, List<String>> params, Plan plan)
            throws RunnerException {
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .mode(Mode.Throughput)
                        .timeUnit(TimeUnit.SECONDS)
                        .forks(1)
                        .warmupIterations(plan.warmups())
                        .warmupTime(TimeValue.seconds(plan.seconds()))
                        .measurementIterations(plan.iterations())
                        .measurementTime(TimeValue.seconds(plan.seconds()))
                        .jvmArgs(HEAP)
                        .shouldFailOnError(true);
        for (Class<?> benchmark : benchmarks) {
            options.include("^" + benchmark.getName().replace(".", "\\.") + "\\.");
        }
        params.forEach((name, values) -> options.param(name, values.toArray(new String[0])));
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Map<String, Score>> scores = new HashMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method =
                    benchmark.substring(
                            benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            String key = varyingParam(result, params);
            Result<?> primary = result.getPrimaryResult();
            scores.computeIfAbsent(method, m -> new HashMap<>())
                    .put(key, new Score(primary.getScore(), primary.getScoreError()));
        }
        return scores;
    }

    /** The value of the parameter that tells runs of one method apart. */
    private static String varyingParam(RunResult result, Map<String, List<String>> given) {
        for (String name : result.getParams().getParamsKeys()) {
            String value = result.getParams().getParam(name);
            if (!given.containsKey(name) || given.get(name).size() > 1) {
                return value;
            }
        }
        return "";
    }

    /** The plan as the report's list of commands shows it. */
    static String describe(Plan plan, String benchmarks) {
        return String.format(
                "JMH %s: 1 fork (%s), %d warm-up and %d measured iterations of %d s, throughput",
                benchmarks, HEAP, plan.warmups(), plan.iterations(), plan.seconds());
    }
}
