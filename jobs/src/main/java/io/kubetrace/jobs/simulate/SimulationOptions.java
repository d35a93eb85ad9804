package io.kubetrace.jobs.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate.
 *
 * @param deployments Deployments, each living a whole lifecycle
 * @param replicas Pods per Deployment and StatefulSet
 * @param cronJobs CronJobs, each running twice
 * @param statefulSets StatefulSets
 * @param clusters clusters the workloads are spread over, named {@code sim-1}, {@code sim-2}, ...
 * @param namespaces namespaces per cluster, named {@code team-1}, {@code team-2}, ...
 * @param nodes nodes per cluster
 * @param start when the first workload is created
 * @param spread the time over which workloads are created, one after another
 * @param seed the random seed; the same options give the same file
 * @param keep whether Deployments and StatefulSets stay at the end of their lifecycle instead of
 *     being deleted, leaving the objects of a steady cluster
 */
public record SimulationOptions(
        int deployments,
        int replicas,
        int cronJobs,
        int statefulSets,
        int clusters,
        int namespaces,
        int nodes,
        Instant start,
        Duration spread,
        long seed,
        boolean keep) {

    public int workloads() {
        return deployments + cronJobs + statefulSets;
    }
}
