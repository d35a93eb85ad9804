package io.kubetrace.model;

/**
 * An input that could not be used, kept so a person can find and fix it.
 *
 * @param source where it came from: a file path, or a topic and partition
 * @param line the line it starts on (1-based), or the record offset for other sources
 * @param reason why it was rejected
 * @param excerpt the beginning of the input, at most a few hundred characters
 */
public record Rejection(String source, long line, String reason, String excerpt) {

    /** How many characters of the input a rejection keeps. */
    public static final int EXCERPT_LENGTH = 300;

    public static Rejection of(String source, long line, String reason, String input) {
        String excerpt =
                input.length() <= EXCERPT_LENGTH ? input : input.substring(0, EXCERPT_LENGTH) + "…";
        return new Rejection(source, line, reason, excerpt);
    }
}
