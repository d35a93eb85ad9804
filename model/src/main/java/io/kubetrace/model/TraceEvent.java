package io.kubetrace.model;

import java.util.List;

/**
 * A change resolved to its place in an ownership tree: the audit record and the chain of objects
 * from the tree's root down to the changed object.
 *
 * @param audit the change
 * @param path the objects from the root (first) to the changed object (last); never empty
 */
public record TraceEvent(AuditRecord audit, List<ObjectRef> path) {

    public ObjectRef root() {
        return path.get(0);
    }

    public ObjectRef object() {
        return path.get(path.size() - 1);
    }

    public long eventTimeMillis() {
        return audit.eventTimeMillis();
    }
}
