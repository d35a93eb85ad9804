package io.kubetrace.jobs.simulate;

import java.util.Random;
import java.util.UUID;

/** Random names and IDs in the shapes Kubernetes gives them, reproducible from a seed. */
final class Names {

    /** The alphabet of generated name suffixes (Kubernetes leaves out vowels and look-alikes). */
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private final Random random;

    Names(Random random) {
        this.random = random;
    }

    /** A ReplicaSet's pod-template-hash, 10 characters as in {@code px-5d567cc74c}. */
    String templateHash() {
        return suffix(10);
    }

    /** The suffix {@code generateName} appends, 5 characters as in {@code px-5d567cc74c-ss4lb}. */
    String generatedSuffix() {
        return suffix(5);
    }

    String uid() {
        return uuid().toString();
    }

    String auditId() {
        return uuid().toString();
    }

    private UUID uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    private String suffix(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
        }
        return text.toString();
    }
}
