package io.kubetrace.sources.documents;

/**
 * Follows the bracket structure of JSON text fed to it line by line, without parsing values, to
 * tell where one top-level document ends. Pretty-printed documents span many lines; JSON-lines
 * records span one.
 */
final class JsonStructure {

    /** The open containers, innermost last: '{' or '['. */
    private final StringBuilder open = new StringBuilder();

    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean opened;

    void reset() {
        open.setLength(0);
        depth = 0;
        inString = false;
        escaped = false;
        opened = false;
    }

    /** Feeds one more line; returns whether the document is complete after it. */
    boolean feed(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                opened = true;
                open.append(c);
                depth++;
            } else if (c == '}' || c == ']') {
                if (open.length() > 0) {
                    open.setLength(open.length() - 1);
                }
                depth--;
            }
        }
        // A line break cannot occur inside a JSON string, so a string open at the end of a line
        // is a broken record; closing it here lets the next record be read on its own.
        inString = false;
        escaped = false;
        return isComplete();
    }

    boolean isComplete() {
        return opened && depth <= 0;
    }

    /** Whether the innermost open container is an object (rather than an array). */
    boolean isInsideObject() {
        return open.length() > 0 && open.charAt(open.length() - 1) == '{';
    }
}
