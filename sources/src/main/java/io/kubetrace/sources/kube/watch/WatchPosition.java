package io.kubetrace.sources.kube.watch;

import java.io.Serializable;

/**
 * How far a split has come, as of the last record (or bookmark) it emitted.
 *
 * <p>While listing, {@code resourceVersion} is the list's (every page of a list shares it) and
 * {@code listedItems} the items already emitted: a restored split lists that same snapshot again
 * ({@code resourceVersionMatch=Exact}) and skips them, since a list is ordered by key. A fresh
 * split lists with an empty resourceVersion. While watching, {@code resourceVersion} is the last
 * one seen, and a restored split watches on from it without listing.
 */
public record WatchPosition(boolean watching, String resourceVersion, long listedItems)
        implements Serializable {

    /** A split that has emitted nothing: it lists the current state first. */
    public static final WatchPosition FRESH = new WatchPosition(false, "", 0);

    public WatchPosition {
        if (resourceVersion == null || listedItems < 0 || (watching && listedItems != 0)) {
            throw new IllegalArgumentException(
                    "not a watch position: "
                            + watching
                            + ", "
                            + resourceVersion
                            + ", "
                            + listedItems);
        }
        if (watching && resourceVersion.isEmpty()) {
            throw new IllegalArgumentException("a watch needs a resourceVersion to start from");
        }
    }

    /** Inside the list at {@code resourceVersion}, with its first {@code listedItems} emitted. */
    public static WatchPosition listing(String resourceVersion, long listedItems) {
        return new WatchPosition(false, resourceVersion, listedItems);
    }

    /** Watching, with everything up to {@code resourceVersion} emitted. */
    public static WatchPosition watching(String resourceVersion) {
        return new WatchPosition(true, resourceVersion, 0);
    }
}
