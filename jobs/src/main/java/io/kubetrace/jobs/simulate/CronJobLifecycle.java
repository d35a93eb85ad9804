package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.jobs.simulate.ScenarioRecorder.Deletion;
import io.kubetrace.model.KubeTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A CronJob scheduled every minute: the cronjob controller creates a Job per run, the job
 * controller its Pod, the Pod runs to completion and both controllers record the success; then
 * kubectl deletes the CronJob and the garbage collector its Jobs and Pods.
 */
final class CronJobLifecycle {

    private static final Actor CRONJOB_CONTROLLER = Actor.controller("cronjob-controller");
    private static final Actor JOB_CONTROLLER = Actor.controller("job-controller");
    private static final Actor GARBAGE_COLLECTOR = Actor.controller("generic-garbage-collector");
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final ScenarioRecorder recorder;
    private final PodActions pods;

    CronJobLifecycle(ScenarioRecorder recorder, PodActions pods) {
        this.recorder = recorder;
        this.pods = pods;
    }

    void run(String namespace, String name, int runs) {
        ObjectNode cronJob =
                ObjectFactory.cronJob(
                        namespace, name, recorder.names().uid(), recorder.now(), "busybox:1.36");
        recorder.create(
                Actor.kubectl(),
                cronJob,
                false,
                "?fieldManager=kubectl-create&fieldValidation=Strict");
        List<ObjectNode> jobs = new ArrayList<>();
        List<RunningPod> finished = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long scheduled = (Math.floorDiv(recorder.now(), MINUTE_NANOS) + 1) * MINUTE_NANOS;
            recorder.setClock(scheduled);
            recorder.after(5, 200);
            ObjectNode job =
                    ObjectFactory.job(
                            cronJob,
                            name + "-" + scheduled / MINUTE_NANOS,
                            recorder.names().uid(),
                            recorder.now());
            recorder.create(CRONJOB_CONTROLLER, job, false, "");
            recorder.kubeEvent(
                    cronJob,
                    "SuccessfulCreate",
                    "Normal",
                    "Created job " + ObjectFactory.name(job),
                    "cronjob-controller",
                    "");
            jobs.add(job);
            recorder.after(2, 10);
            ObjectNode cronStatus = (ObjectNode) cronJob.get("status");
            cronStatus.put("lastScheduleTime", KubeTime.formatSeconds(scheduled));
            recorder.update(CRONJOB_CONTROLLER, cronJob, "status");

            recorder.after(3, 15);
            ObjectNode pod =
                    pods.create(
                            JOB_CONTROLLER,
                            job,
                            ObjectFactory.name(job) + "-" + recorder.names().generatedSuffix(),
                            true);
            recorder.kubeEvent(
                    job,
                    "SuccessfulCreate",
                    "Normal",
                    "Created pod: " + ObjectFactory.name(pod),
                    "job-controller",
                    "");
            SimulatedNode node = pods.scheduleAndStart(pod);
            pods.succeed(pod, node);
            finished.add(new RunningPod(pod, node));

            recorder.after(5, 50);
            ObjectNode jobStatus = (ObjectNode) job.get("status");
            jobStatus
                    .put("succeeded", 1)
                    .put("completionTime", KubeTime.formatSeconds(recorder.now()));
            recorder.update(JOB_CONTROLLER, job, "status");
            recorder.kubeEvent(job, "Completed", "Normal", "Job completed", "job-controller", "");
            recorder.after(5, 50);
            cronStatus.put("lastSuccessfulTime", KubeTime.formatSeconds(recorder.now()));
            recorder.update(CRONJOB_CONTROLLER, cronJob, "status");
            recorder.kubeEvent(
                    cronJob,
                    "SawCompletedJob",
                    "Normal",
                    "Saw completed job: " + ObjectFactory.name(job) + ", status: Complete",
                    "cronjob-controller",
                    "");
        }
        recorder.after(10_000, 30_000);
        recorder.delete(Actor.kubectl(), cronJob, "Background", Deletion.GONE);
        for (int i = 0; i < jobs.size(); i++) {
            recorder.after(10, 100);
            recorder.delete(GARBAGE_COLLECTOR, jobs.get(i), "Background", Deletion.GONE);
            recorder.after(5, 50);
            RunningPod done = finished.get(i);
            pods.remove(GARBAGE_COLLECTOR, done.pod(), done.node(), "Background");
        }
    }
}
