package io.kubetrace.model;

import java.util.List;

/**
 * A change or an Event resolved to its place in an ownership tree: the observation and the chain of
 * objects from the tree's root down to the object it is about.
 *
 * @param observation the change or Event
 * @param path the objects from the root (first) to the observed object (last); never empty
 */
public record TraceEvent(Observation observation, List<ObjectRef> path) {

    public ObjectRef root() {
        return path.get(0);
    }

    public ObjectRef object() {
        return path.get(path.size() - 1);
    }

    public long eventTimeMillis() {
        return observation.eventTimeMillis();
    }
}
