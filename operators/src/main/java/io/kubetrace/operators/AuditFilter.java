package io.kubetrace.operators;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step after an audit source: counts every input, sends rejections to {@link #REJECTED},
 * keeps only completed requests that change objects, and drops what the filters exclude (as
 * Kelemetry does by default: reads, Events, Leases, leader election). Each reason has its own
 * metric ({@code filtered.verb}, {@code filtered.resource}, ...).
 */
public final class AuditFilter extends ProcessFunction<ParsedAudit, AuditRecord> {

    private static final long serialVersionUID = 1L;

    /** Inputs that cannot be traced, with the reason. */
    public static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected-audit") {};

    static final String COMPLETE_STAGE = "ResponseComplete";

    private final FilterSettings settings;

    private transient Pattern excludePattern;
    private transient Tally read;
    private transient Tally rejected;
    private transient Tally filtered;
    private transient Counter byStage;
    private transient Counter byVerb;
    private transient Counter deleteCollections;
    private transient Counter byNonResource;
    private transient Counter byResource;
    private transient Counter byUserAgent;
    private transient Counter byRegex;
    private transient Counter byCluster;

    public AuditFilter(FilterSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        excludePattern =
                settings.excludeRegex().isEmpty() ? null : Pattern.compile(settings.excludeRegex());
        read = Tally.register(getRuntimeContext(), Tally.READ);
        rejected = Tally.register(getRuntimeContext(), Tally.REJECTED);
        filtered = Tally.register(getRuntimeContext(), Tally.FILTERED);
        var metrics = getRuntimeContext().getMetricGroup();
        byStage = metrics.counter("filtered.stage");
        byVerb = metrics.counter("filtered.verb");
        deleteCollections = metrics.counter("filtered.deletecollection");
        byNonResource = metrics.counter("filtered.non-resource");
        byResource = metrics.counter("filtered.resource");
        byUserAgent = metrics.counter("filtered.user-agent");
        byRegex = metrics.counter("filtered.regex");
        byCluster = metrics.counter("filtered.cluster");
    }

    @Override
    public void processElement(ParsedAudit input, Context ctx, Collector<AuditRecord> out) {
        read.increment();
        if (input.isRejected()) {
            reject(input.rejection(), ctx);
            return;
        }
        AuditRecord record = input.record();
        Counter reason = exclusion(record);
        if (reason != null) {
            reason.inc();
            filtered.increment();
            return;
        }
        if (record.object().name().isEmpty()) {
            reject(
                    Rejection.of(
                            record.source(),
                            record.line(),
                            "no object name in "
                                    + record.verb()
                                    + " "
                                    + record.requestUri()
                                    + " (audit ID "
                                    + record.auditId()
                                    + "): a generated name is only in the response body, which"
                                    + " the Metadata level leaves out",
                            record.requestUri()),
                    ctx);
            return;
        }
        out.collect(record);
    }

    private void reject(Rejection rejection, Context ctx) {
        rejected.increment();
        ctx.output(REJECTED, rejection);
    }

    /** The counter of the first filter that excludes the record, or {@code null} to trace it. */
    private Counter exclusion(AuditRecord record) {
        if (!record.stage().equals(COMPLETE_STAGE)) {
            return byStage;
        }
        if (!settings.verbs().contains(record.verb())) {
            return record.verb().equals("deletecollection") ? deleteCollections : byVerb;
        }
        ObjectRef object = record.object();
        if (object == null) {
            return byNonResource;
        }
        if (settings.excludedResources().contains(object.resource()) && object.group().isEmpty()
                || settings.excludedResources()
                        .contains(object.group() + '/' + object.resource())) {
            return byResource;
        }
        for (String agent : settings.excludedUserAgents()) {
            if (record.userAgent().contains(agent)) {
                return byUserAgent;
            }
        }
        if (excludePattern != null && excludePattern.matcher(object.matchPath()).find()) {
            return byRegex;
        }
        if (settings.deniedClusters().contains(record.cluster())
                || (!settings.allowedClusters().isEmpty()
                        && !settings.allowedClusters().contains(record.cluster()))) {
            return byCluster;
        }
        return null;
    }
}
