package io.kubetrace.model;

/**
 * Something seen about an object, on its way to the linker: a change, an Event, or a version that
 * only says who the object's parent is.
 *
 * @param kind what it is
 * @param object the object it is about
 * @param timeNanos when, epoch nanoseconds (the event time)
 * @param parentKnown whether it tells the object's parent
 * @param parent the parent, {@code null} when none or unknown
 * @param deleted whether the object was deleted by it
 * @param audit the change, for {@link ObservationKind#CHANGE}
 * @param diff the change's diff, when joined
 * @param diffStatus whether the change has its diff
 * @param event the Event, for {@link ObservationKind#EVENT}
 */
public record Observation(
        ObservationKind kind,
        ObjectRef object,
        long timeNanos,
        boolean parentKnown,
        ObjectRef parent,
        boolean deleted,
        AuditRecord audit,
        ObjectDiff diff,
        DiffStatus diffStatus,
        KubeEvent event) {

    public static Observation change(AuditRecord audit, ObjectDiff diff, DiffStatus status) {
        boolean deleted =
                audit.verb().equals("delete")
                        && audit.subresource().isEmpty()
                        && audit.responseCode() < 300;
        return new Observation(
                ObservationKind.CHANGE,
                audit.object(),
                audit.stageNanos(),
                audit.parentKnown(),
                audit.parent(),
                deleted,
                audit,
                diff,
                status,
                null);
    }

    public static Observation event(KubeEvent event) {
        return new Observation(
                ObservationKind.EVENT,
                event.regarding(),
                event.timeNanos(),
                false,
                null,
                false,
                null,
                null,
                DiffStatus.NOT_EXPECTED,
                event);
    }

    public static Observation version(ObjectVersion version) {
        return new Observation(
                ObservationKind.VERSION,
                version.object(),
                version.timeNanos(),
                true,
                version.parent(),
                version.change() == VersionChange.DELETED,
                null,
                null,
                DiffStatus.NOT_EXPECTED,
                null);
    }

    public long eventTimeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }
}
